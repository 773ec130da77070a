namespace Login.Generators.Models;

/// <summary>A call Login's generator intercepts: where it is, and which calls share one interceptor method.</summary>
internal interface IInterceptedCall
{
    /// <summary>The compiler's interceptable location: its version and its data, as <c>[InterceptsLocation]</c> takes them.</summary>
    int LocationVersion { get; }

    string LocationData { get; }

    /// <summary>File, line and column, for the comment above the attribute (a reader's way back to the call).</summary>
    string DisplayLocation { get; }

    /// <summary>Calls with the same key share one interceptor method with several <c>[InterceptsLocation]</c>s.</summary>
    string SignatureKey { get; }
}
