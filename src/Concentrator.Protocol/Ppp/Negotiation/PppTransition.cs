namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>The result of one event: the table cell taken, plus what to do with the Restart timer.</summary>
/// <param name="IsLegal">False for the table's '-' cells: nothing changed and nothing is to be done.</param>
public readonly record struct PppTransition(PppState From, PppEvent Event, PppState To, PppActions Actions, RestartTimerCommand Timer, bool IsLegal)
{
    public bool Has(PppActions action) => (Actions & action) == action;
}
