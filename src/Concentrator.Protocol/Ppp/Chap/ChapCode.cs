namespace Concentrator.Protocol.Ppp.Chap;

/// <summary>CHAP packet codes (RFC 1994 §4).</summary>
public enum ChapCode : byte
{
    Challenge = 1,
    Response = 2,
    Success = 3,
    Failure = 4,
}
