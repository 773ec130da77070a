using System.Collections.Generic;
using Login.Generators.Models;

namespace Login.Generators.Emitting;

/// <summary>
/// What every file of interceptors Login writes shares: the file-local <c>InterceptsLocationAttribute</c>, one
/// <c>file static class</c> in <c>Login.Generated</c> (the namespace the app opts into), and calls of one signature
/// sharing one method.
/// </summary>
internal static class InterceptorFile
{
    /// <summary>The calls grouped by <see cref="IInterceptedCall.SignatureKey"/>, groups and calls in their first order.</summary>
    public static List<List<T>> GroupBySignature<T>(IEnumerable<T> calls)
        where T : IInterceptedCall
    {
        var groups = new List<List<T>>();
        var byKey = new Dictionary<string, List<T>>();
        foreach (var call in calls)
        {
            if (!byKey.TryGetValue(call.SignatureKey, out var group))
            {
                group = new List<T>();
                byKey.Add(call.SignatureKey, group);
                groups.Add(group);
            }

            group.Add(call);
        }

        return groups;
    }

    /// <summary>Writes the header and the attribute, and opens the class; close it with <see cref="Close"/>.</summary>
    public static void Open(CodeWriter writer, string className)
    {
        writer.Line(CodeWriter.Header.TrimEnd('\n'));
        writer.Open("namespace System.Runtime.CompilerServices");
        writer.Line(CodeWriter.GeneratedCode);
        writer.Line("[global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = true)]");
        writer.Open("file sealed class InterceptsLocationAttribute : global::System.Attribute");
        writer.Line("public InterceptsLocationAttribute(int version, string data) { }");
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Open("namespace Login.Generated");
        writer.Line(CodeWriter.GeneratedCode);
        writer.Open("file static class " + className);
    }

    /// <summary>The <c>[InterceptsLocation]</c>s of a group's method, each under a comment naming the call.</summary>
    public static void Locations<T>(CodeWriter writer, IEnumerable<T> group)
        where T : IInterceptedCall
    {
        foreach (var call in group)
        {
            writer.Line($"// {call.DisplayLocation}");
            writer.Line($"[global::System.Runtime.CompilerServices.InterceptsLocation({call.LocationVersion}, \"{call.LocationData}\")]");
        }
    }

    /// <summary>Closes the class and the namespace <see cref="Open"/> opened.</summary>
    public static void Close(CodeWriter writer)
    {
        writer.Close();
        writer.Close();
    }
}
