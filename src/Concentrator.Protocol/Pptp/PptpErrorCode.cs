namespace Concentrator.Protocol.Pptp;

/// <summary>General Error Code carried in replies and notifications (RFC 2637 §2.16).</summary>
public enum PptpErrorCode : byte
{
    /// <summary>No general error.</summary>
    None = 0,
    /// <summary>No control connection exists yet for this PAC-PNS pair.</summary>
    NotConnected = 1,
    /// <summary>Length is wrong or Magic Cookie value is incorrect.</summary>
    BadFormat = 2,
    /// <summary>One of the field values was out of range or a reserved field was non-zero.</summary>
    BadValue = 3,
    /// <summary>Insufficient resources to handle this command now.</summary>
    NoResource = 4,
    /// <summary>The Call ID is invalid in this context.</summary>
    BadCallId = 5,
    /// <summary>A generic vendor-specific error occurred in the PAC.</summary>
    PacError = 6,
}
