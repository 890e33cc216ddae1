namespace Concentrator.Dataplane.Linux;

/// <summary>
/// What <see cref="RawGreSocket.SendBatch"/> did: packets the kernel took, packets it refused (each
/// refused packet is skipped and the rest of the batch still goes), and the first refusal's errno.
/// </summary>
public readonly record struct SendBatchResult(int Sent, int Failed, Errno FirstError);
