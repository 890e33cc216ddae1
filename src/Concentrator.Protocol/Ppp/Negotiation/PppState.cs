namespace Concentrator.Protocol.Ppp.Negotiation;

/// <summary>The ten states of the option negotiation automaton (RFC 1661 §4.2), numbered as in its table.</summary>
public enum PppState
{
    Initial = 0,
    Starting = 1,
    Closed = 2,
    Stopped = 3,
    Closing = 4,
    Stopping = 5,
    RequestSent = 6,
    AckReceived = 7,
    AckSent = 8,
    Opened = 9,
}
