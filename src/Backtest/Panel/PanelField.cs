namespace Backtest.Panel;

/// <summary>The price fields a panel holds.</summary>
public enum PanelField
{
    Open,
    High,
    Low,
    Close,
}
