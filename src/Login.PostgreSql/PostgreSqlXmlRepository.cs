using System.Collections.ObjectModel;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Login.PostgreSql;

/// <summary>
/// The DataProtection key ring in the <c>login_data_protection_keys</c> table, so every instance on the database
/// reads and writes the same keys (and so accepts the others' cookies) without a shared folder. Keys are stored as
/// DataProtection hands them over: encrypt them at rest with one of its <c>ProtectKeysWith…</c> options. Scoped to the
/// application (<see cref="PostgreSqlLoginDatabase.Application"/>): another app on the database has keys of its own.
/// </summary>
internal sealed class PostgreSqlXmlRepository(PostgreSqlLoginDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        database.Run(connection =>
        {
            using var select = new NpgsqlCommand("SELECT xml FROM login_data_protection_keys WHERE app = $1 ORDER BY id;", connection)
            {
                Parameters = { new() { Value = database.Application, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } },
            };
            using var reader = select.ExecuteReader();
            var elements = new List<XElement>();
            while (reader.Read())
            {
                elements.Add(XElement.Parse(reader.GetString(0)));
            }

            return new ReadOnlyCollection<XElement>(elements);
        }, retry: true);

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var xml = element.ToString(SaveOptions.DisableFormatting);
        database.Run(connection =>
        {
            using var insert = new NpgsqlCommand("INSERT INTO login_data_protection_keys (friendly_name, xml, app) VALUES ($1, $2, $3);", connection)
            {
                Parameters =
                {
                    new() { Value = (object?)friendlyName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text }, new() { Value = xml },
                    new() { Value = database.Application, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                },
            };
            return insert.ExecuteNonQuery();
        }, retry: false);
    }
}
