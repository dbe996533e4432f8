namespace Backtest.Metal.Native;

/// <summary>A Metal call failed; the message carries Metal's own (NSError's localizedDescription) where there is one.</summary>
public sealed class MetalException : Exception
{
    public MetalException()
    {
    }

    public MetalException(string message)
        : base(message)
    {
    }

    public MetalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
