using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Concentrator.Cluster.Addressing;
using Concentrator.Cluster.Bans;
using Concentrator.Cluster.Membership;
using Concentrator.Protocol.Pptp;
using Concentrator.Sessions;
using Concentrator.Sessions.Call;
using Concentrator.Sessions.Routing;
using Concentrator.Cluster.Users;
using Concentrator.Sessions.Addressing;
using Google.Protobuf;
using P = Concentrator.Cluster.Serialization.Proto;

namespace Concentrator.Cluster.Serialization;

/// <summary>
/// Serializes every <see cref="IConcentratorMessage"/> with Protocol Buffers (the .proto files beside this
/// one) under a short string manifest that names the C# type. Manifests are part of the stored data:
/// never change or reuse one.
/// </summary>
public sealed class ConcentratorSerializer : SerializerWithStringManifest
{
    /// <summary>This serializer's id in Akka's serializer registry.</summary>
    public const int SerializerId = 731;

    private static readonly Dictionary<Type, (string Manifest, Func<object, IMessage> ToProto)> Writers = [];
    private static readonly Dictionary<string, Func<byte[], object>> Readers = new(StringComparer.Ordinal);

    static ConcentratorSerializer()
    {
        RegisterAddressing();
        RegisterAllocator();
        RegisterUsers();
        RegisterSessions();
    }

    public ConcentratorSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    /// <summary>Every type this serializer knows, with its manifest.</summary>
    public static IReadOnlyDictionary<Type, string> Manifests => Writers.ToDictionary(kv => kv.Key, kv => kv.Value.Manifest);

    public override string Manifest(object o) =>
        Writers.TryGetValue(o.GetType(), out var writer)
            ? writer.Manifest
            : throw new SerializationException($"{o.GetType()} has no manifest in {nameof(ConcentratorSerializer)}");

    public override byte[] ToBinary(object obj) =>
        Writers.TryGetValue(obj.GetType(), out var writer)
            ? writer.ToProto(obj).ToByteArray()
            : throw new SerializationException($"{obj.GetType()} cannot be serialized by {nameof(ConcentratorSerializer)}");

    public override object FromBinary(byte[] bytes, string manifest) =>
        Readers.TryGetValue(manifest, out var reader)
            ? reader(bytes)
            : throw new SerializationException($"unknown manifest '{manifest}' for {nameof(ConcentratorSerializer)}");

    private static void Register<T, TProto>(string manifest, MessageParser<TProto> parser, Func<T, TProto> toProto, Func<TProto, T> fromProto)
        where T : notnull
        where TProto : IMessage<TProto>
    {
        Writers.Add(typeof(T), (manifest, o => toProto((T)o)));
        Readers.Add(manifest, bytes => fromProto(parser.ParseFrom(bytes)));
    }

    private static void RegisterSingleton<T>(string manifest, T instance)
        where T : notnull
    {
        Register<T, P.Empty>(manifest, P.Empty.Parser, _ => new P.Empty(), _ => instance);
    }

    private static void RegisterAddressing()
    {
        Register<NodeIncarnationRegistered, P.NodeIncarnation>("PNR", P.NodeIncarnation.Parser, m => ToProto(m.Node), p => new(FromProto(p)));
        Register<NodeBlocksReclaimed, P.NodeIncarnation>("PNB", P.NodeIncarnation.Parser, m => ToProto(m.Node), p => new(FromProto(p)));
        Register<BlockGranted, P.GrantedBlock>("PBG", P.GrantedBlock.Parser, m => ToProto(new GrantedBlock(m.Node, m.Block)), p => new(FromProto(p.Owner), FromProto(p.Block)));
        Register<BlockReturned, P.NodeBlock>("PBR", P.NodeBlock.Parser, m => new() { Node = ToProto(m.Node), Block = ToProto(m.Block) }, p => new(FromProto(p.Node), FromProto(p.Block)));
        Register<StaticGranted, P.StaticGrant>("PSG", P.StaticGrant.Parser, m => ToProto(new StaticGrant(m.Address, m.Node, m.SessionId)), p => new(p.Address, FromProto(p.Holder), p.SessionId));
        Register<StaticReleased, P.AddressSession>("PSR", P.AddressSession.Parser, m => new() { Address = m.Address, SessionId = m.SessionId }, p => new(p.Address, p.SessionId));
        Register<StaticReservationsChanged, P.Reservations>("PRC", P.Reservations.Parser, m => ToProto(0, m.Reservations), p => new(FromProto(p)));
        Register<BlockAddressSurrendered, P.NodeBlockAddress>(
            "PAS", P.NodeBlockAddress.Parser, m => new() { Node = ToProto(m.Node), Block = ToProto(m.Block), Address = m.Address }, p => new(FromProto(p.Node), FromProto(p.Block), p.Address));
        Register<PoolCoordinatorSnapshot, P.PoolCoordinatorSnapshot>(
            "PCS",
            P.PoolCoordinatorSnapshot.Parser,
            m =>
            {
                var p = new P.PoolCoordinatorSnapshot();
                p.Current.AddRange(m.Current.Select(ToProto));
                p.Retired.AddRange(m.Retired.Select(ToProto));
                p.Blocks.AddRange(m.Blocks.Select(ToProto));
                p.Statics.AddRange(m.Statics.Select(ToProto));
                p.Reservations.AddRange(m.Reservations.Select(ToProto));
                return p;
            },
            p => new(
                p.Current.Select(FromProto).ToArray(),
                p.Retired.Select(FromProto).ToArray(),
                p.Blocks.Select(b => new GrantedBlock(FromProto(b.Owner), FromProto(b.Block))).ToArray(),
                p.Statics.Select(s => new StaticGrant(s.Address, FromProto(s.Holder), s.SessionId)).ToArray(),
                p.Reservations.Select(FromProto).ToArray()));

        Register<NodeUp, P.NodeIncarnation>("NU", P.NodeIncarnation.Parser, m => new() { NodeId = m.NodeId, Incarnation = m.Incarnation }, p => new(p.NodeId, p.Incarnation));
        Register<NodeGone, P.NodeIncarnation>("NG", P.NodeIncarnation.Parser, m => new() { NodeId = m.NodeId, Incarnation = m.Incarnation }, p => new(p.NodeId, p.Incarnation));
        Register<NodeRetired, P.NodeIncarnation>("NR", P.NodeIncarnation.Parser, m => ToProto(m.Node), p => new(FromProto(p)));
        Register<AllocatorCheckIn, P.NodeIncarnation>("ACI", P.NodeIncarnation.Parser, m => ToProto(m.Node), p => new(FromProto(p)));
        Register<RequestBlock, P.BlockReply>("RB", P.BlockReply.Parser, m => new() { Node = ToProto(m.Node), RequestNo = m.RequestNo }, p => new(FromProto(p.Node), p.RequestNo));
        Register<BlockGrant, P.BlockReply>(
            "BG", P.BlockReply.Parser, m => new() { Node = ToProto(m.Node), RequestNo = m.RequestNo, Block = ToProto(m.Block) }, p => new(FromProto(p.Node), p.RequestNo, FromProto(p.Block)));
        Register<BlockRefused, P.BlockReply>(
            "BRF", P.BlockReply.Parser, m => new() { Node = ToProto(m.Node), RequestNo = m.RequestNo, Reason = (int)m.Reason }, p => new(FromProto(p.Node), p.RequestNo, (AllocationFailure)p.Reason));
        Register<ReturnBlock, P.NodeBlock>("RTB", P.NodeBlock.Parser, m => new() { Node = ToProto(m.Node), Block = ToProto(m.Block) }, p => new(FromProto(p.Node), FromProto(p.Block)));
        Register<GrantStatic, P.StaticGrant>("GS", P.StaticGrant.Parser, m => ToProto(new StaticGrant(m.Address, m.Node, m.SessionId)), p => new(FromProto(p.Holder), p.Address, p.SessionId));
        Register<StaticGrantResult, P.StaticResult>(
            "GSR", P.StaticResult.Parser, m => new() { Address = m.Address, SessionId = m.SessionId, Failure = (int)m.Failure }, p => new(p.Address, p.SessionId, (AllocationFailure)p.Failure));
        Register<ReleaseStatic, P.AddressSession>("RS", P.AddressSession.Parser, m => new() { Address = m.Address, SessionId = m.SessionId }, p => new(p.Address, p.SessionId));
        Register<SyncStaticReservations, P.Reservations>("SSR", P.Reservations.Parser, m => ToProto(m.Version, m.Reservations), p => new(p.Version, FromProto(p)));
        Register<StaticReservationsAccepted, P.Number>("SRA", P.Number.Parser, m => new() { Value = m.Version }, p => new(p.Value));
        Register<WithdrawAddress, P.NodeAddress>("WA", P.NodeAddress.Parser, m => new() { Node = ToProto(m.Node), Address = m.Address }, p => new(FromProto(p.Node), p.Address));
        Register<AddressSurrendered, P.NodeAddress>("AS", P.NodeAddress.Parser, m => new() { Node = ToProto(m.Node), Address = m.Address }, p => new(FromProto(p.Node), p.Address));
        RegisterSingleton("GPS", GetPoolStats.Instance);
        Register<PoolStats, P.PoolStats>(
            "PS",
            P.PoolStats.Parser,
            m =>
            {
                var p = new P.PoolStats { Blocks = m.Blocks };
                p.Pools.AddRange(m.Pools.Select(u => new P.PoolUsage
                {
                    Pool = u.Pool, Size = u.Size, InBlocks = u.InBlocks, StaticLeased = u.StaticLeased, Reserved = u.Reserved, Unassigned = u.Unassigned,
                }));
                return p;
            },
            p => new(p.Pools.Select(u => new PoolUsage(u.Pool, u.Size, u.InBlocks, u.StaticLeased, u.Reserved, u.Unassigned)).ToArray(), p.Blocks));
    }

    private static void RegisterAllocator()
    {
        Register<AllocatorIncarnationStarted, P.Number>("AIS", P.Number.Parser, m => new() { Value = m.Incarnation }, p => new(p.Value));
        Register<BlockAccepted, P.AddressBlock>("ABA", P.AddressBlock.Parser, m => ToProto(m.Block), p => new(FromProto(p)));
        Register<BlockGivenBack, P.BlockId>("ABB", P.BlockId.Parser, m => ToProto(m.Block), p => new(FromProto(p)));
        Register<LeaseGranted, P.LeaseRecord>(
            "ALG", P.LeaseRecord.Parser, m => ToProto(new LeaseRecord(m.Address, m.Pool, m.SessionId, m.UserName)), p => new(p.Address, p.Pool, p.SessionId, p.UserName));
        Register<LeaseReleased, P.LeaseEnd>(
            "ALR", P.LeaseEnd.Parser, m => new() { Address = m.Address, SessionId = m.SessionId, Reason = (int)m.Reason }, p => new(p.Address, p.SessionId, (LeaseEndReason)p.Reason));
        Register<AddressWithdrawn, P.Address>("AAW", P.Address.Parser, m => new() { Value = m.Address }, p => new(p.Value));
        Register<NodeAllocatorSnapshot, P.NodeAllocatorSnapshot>(
            "ANS",
            P.NodeAllocatorSnapshot.Parser,
            m =>
            {
                var p = new P.NodeAllocatorSnapshot { Incarnation = m.Incarnation };
                p.Blocks.AddRange(m.Blocks.Select(ToProto));
                p.Leases.AddRange(m.Leases.Select(ToProto));
                p.Withdrawn.AddRange(m.Withdrawn);
                return p;
            },
            p => new(
                p.Incarnation,
                p.Blocks.Select(FromProto).ToArray(),
                p.Leases.Select(l => new LeaseRecord(l.Address, l.Pool, l.SessionId, l.UserName)).ToArray(),
                p.Withdrawn.ToArray()));
        RegisterSingleton("GNS", GetNodePoolStats.Instance);
        Register<NodePoolStats, P.NodePoolStats>(
            "NPS",
            P.NodePoolStats.Parser,
            m =>
            {
                var p = new P.NodePoolStats { Node = ToProto(m.Node), Blocks = m.Blocks };
                p.Pools.AddRange(m.Pools.Select(u => new P.NodePoolUsage { Pool = u.Pool, Held = u.Held, Leased = u.Leased, Free = u.Free }));
                return p;
            },
            p => new(FromProto(p.Node), p.Pools.Select(u => new NodePoolUsage(u.Pool, u.Held, u.Leased, u.Free)).ToArray(), p.Blocks));
    }

    private static void RegisterUsers()
    {
        Register<UserAdded, P.UserEntry>("UA", P.UserEntry.Parser, m => ToProto(m.User), p => new(FromProto(p)));
        Register<UserPasswordSet, P.UserHash>("UPS", P.UserHash.Parser, m => new() { Name = m.Name, NtHash = ByteString.CopyFrom(m.NtHash) }, p => new(p.Name, p.NtHash.ToByteArray()));
        Register<UserVpnAccessSet, P.UserFlag>("UVS", P.UserFlag.Parser, m => new() { Name = m.Name, Value = m.AllowVpn }, p => new(p.Name, p.Value));
        Register<UserDisabled, P.UserName>("UD", P.UserName.Parser, m => new() { Name = m.Name }, p => new(p.Name));
        Register<UserEnabled, P.UserName>("UE", P.UserName.Parser, m => new() { Name = m.Name }, p => new(p.Name));
        Register<UserStaticAddressSet, P.UserStatic>("USS", P.UserStatic.Parser, m => ToProto(m.Name, m.StaticAddress), p => new(p.Name, p.HasStaticAddress ? p.StaticAddress : null));
        Register<UserRemoved, P.UserName>("UR", P.UserName.Parser, m => new() { Name = m.Name }, p => new(p.Name));
        Register<UserDirectorySnapshot, P.UserList>("UDS", P.UserList.Parser, m => ToProto(m.Users), p => new(p.Users.Select(FromProto).ToArray()));

        Register<AddUser, P.UserEntry>(
            "CAU", P.UserEntry.Parser, m => ToProto(new UserEntry(m.Name, m.NtHash, m.AllowVpn, false, m.StaticAddress)), p =>
            {
                var user = FromProto(p);
                return new AddUser(user.Name, user.NtHash, user.AllowVpn, user.StaticAddress);
            });
        Register<SetPassword, P.UserHash>("CSP", P.UserHash.Parser, m => new() { Name = m.Name, NtHash = ByteString.CopyFrom(m.NtHash) }, p => new(p.Name, p.NtHash.ToByteArray()));
        Register<SetAllowVpn, P.UserFlag>("CSV", P.UserFlag.Parser, m => new() { Name = m.Name, Value = m.AllowVpn }, p => new(p.Name, p.Value));
        Register<DisableUser, P.UserName>("CDU", P.UserName.Parser, m => new() { Name = m.Name }, p => new(p.Name));
        Register<EnableUser, P.UserName>("CEU", P.UserName.Parser, m => new() { Name = m.Name }, p => new(p.Name));
        Register<SetStaticAddress, P.UserStatic>("CSS", P.UserStatic.Parser, m => ToProto(m.Name, m.StaticAddress), p => new(p.Name, p.HasStaticAddress ? p.StaticAddress : null));
        Register<RemoveUser, P.UserName>("CRU", P.UserName.Parser, m => new() { Name = m.Name }, p => new(p.Name));
        Register<UserCommandResult, P.CommandResult>("UCR", P.CommandResult.Parser, m => new() { Succeeded = m.Succeeded, Error = m.Error }, p => new(p.Succeeded, p.Error));
        Register<FindUser, P.UserName>("QFU", P.UserName.Parser, m => new() { Name = m.Name }, p => new(p.Name));
        Register<UserLookupResult, P.UserLookup>("QUL", P.UserLookup.Parser, m => new() { User = m.User is null ? null : ToProto(m.User) }, p => new(p.User is null ? null : FromProto(p.User)));
        RegisterSingleton("QLU", ListUsers.Instance);
        Register<UserListResult, P.UserList>("QUR", P.UserList.Parser, m => ToProto(m.Users), p => new(p.Users.Select(FromProto).ToArray()));
    }

    /// <summary>The session layer's messages that cross nodes (bound to this serializer by type in <see cref="SerializationConfig"/>), and bans.</summary>
    private static void RegisterSessions()
    {
        Register<ClaimUser, P.ClaimUser>(
            "SCU", P.ClaimUser.Parser, m => new() { UserName = m.UserName, SessionId = m.SessionId, Mode = (int)m.Mode },
            p => new(p.UserName, p.SessionId, (OneSessionPerUser)p.Mode));
        Register<UserClaimed, P.UserClaimed>(
            "SUC", P.UserClaimed.Parser, m => new() { Granted = m.Granted, Reason = m.Reason ?? "", HasReason = m.Reason is not null },
            p => new(p.Granted, p.HasReason ? p.Reason : null));
        Register<HangUp, P.HangUp>("SHU", P.HangUp.Parser, m => new() { Result = (int)m.Result, Reason = m.Reason }, p => new((CallDisconnectResult)p.Result, p.Reason));
        RegisterSingleton("SLS", ListSessions.Instance);
        Register<SessionList, P.SessionList>(
            "SSL", P.SessionList.Parser,
            m =>
            {
                var p = new P.SessionList();
                p.Sessions.AddRange(m.Sessions.Select(s => new P.SessionSnapshot
                {
                    SessionId = s.SessionId, UserName = s.UserName, Peer = s.Peer, CallId = s.CallId, Address = s.Address, Interface = s.Interface,
                    Node = s.Node, StartedAtUnixMs = s.StartedAt.ToUnixTimeMilliseconds(), Encryption = s.Encryption,
                    BytesIn = s.BytesIn, BytesOut = s.BytesOut, PacketsIn = s.PacketsIn, PacketsOut = s.PacketsOut,
                }));
                return p;
            },
            p => new(p.Sessions.Select(s => new SessionSnapshot(
                s.SessionId, s.UserName, s.Peer, (ushort)s.CallId, s.Address, s.Interface, s.Node, DateTimeOffset.FromUnixTimeMilliseconds(s.StartedAtUnixMs),
                s.Encryption, s.BytesIn, s.BytesOut, s.PacketsIn, s.PacketsOut)).ToArray()));
        Register<KickSessions, P.KickSessions>(
            "SKS", P.KickSessions.Parser,
            m =>
            {
                var p = new P.KickSessions { Reason = m.Reason, Result = (int)m.Result };
                if (m.Selector.SessionId is { } id) p.SessionId = id;
                if (m.Selector.UserName is { } user) p.UserName = user;
                if (m.Selector.Address is { } address) p.Address = address.ToString();
                return p;
            },
            p => new(new SessionSelector(p.HasSessionId ? p.SessionId : null, p.HasUserName ? p.UserName : null,
                p.HasAddress ? System.Net.IPAddress.Parse(p.Address) : null), p.Reason, (CallDisconnectResult)p.Result));
        Register<SessionsKicked, P.Number>("SSK", P.Number.Parser, m => new() { Value = m.Count }, p => new((int)p.Value));
        Register<DrainNode, P.Number>("DRN", P.Number.Parser, m => new() { Value = m.DeadlineMilliseconds }, p => new(p.Value));
        Register<DrainAccepted, P.UserName>("DRA", P.UserName.Parser, m => new() { Name = m.NodeId }, p => new(p.Name));
        RegisterSingleton("CQ", ClockQuery.Instance);
        Register<ClockReply, P.Number>("CR", P.Number.Parser, m => new() { Value = m.UnixMilliseconds }, p => new(p.Value));
        Register<BanRecord, P.BanRecord>(
            "BAN", P.BanRecord.Parser, m => new() { Source = m.Source, UntilUnixMs = m.UntilUnixMilliseconds, Reason = m.Reason },
            p => new(p.Source, p.UntilUnixMs, p.Reason));
    }

    private static P.NodeIncarnation ToProto(NodeIncarnation node) => new() { NodeId = node.NodeId, Incarnation = node.Incarnation };

    private static NodeIncarnation FromProto(P.NodeIncarnation? p) => p is null ? default : new(p.NodeId, p.Incarnation);

    private static P.BlockId ToProto(BlockId id) => new() { Pool = id.Pool, Index = id.Index };

    private static BlockId FromProto(P.BlockId? p) => p is null ? default : new(p.Pool, p.Index);

    private static P.AddressBlock ToProto(AddressBlock block)
    {
        var p = new P.AddressBlock { Id = ToProto(block.Id) };
        p.Addresses.AddRange(block.Addresses);
        return p;
    }

    private static AddressBlock FromProto(P.AddressBlock? p) => p is null ? new(default, []) : new(FromProto(p.Id), p.Addresses.ToArray());

    private static P.GrantedBlock ToProto(GrantedBlock block) => new() { Owner = ToProto(block.Owner), Block = ToProto(block.Block) };

    private static P.StaticGrant ToProto(StaticGrant grant) => new() { Address = grant.Address, Holder = ToProto(grant.Holder), SessionId = grant.SessionId };

    private static P.StaticReservation ToProto(StaticReservation reservation) => new() { Address = reservation.Address, UserName = reservation.UserName };

    private static StaticReservation FromProto(P.StaticReservation p) => new(p.Address, p.UserName);

    private static P.Reservations ToProto(long version, IReadOnlyList<StaticReservation> reservations)
    {
        var p = new P.Reservations { Version = version };
        p.Reservations_.AddRange(reservations.Select(ToProto));
        return p;
    }

    private static StaticReservation[] FromProto(P.Reservations p) => p.Reservations_.Select(FromProto).ToArray();

    private static P.LeaseRecord ToProto(LeaseRecord lease) => new() { Address = lease.Address, Pool = lease.Pool, SessionId = lease.SessionId, UserName = lease.UserName };

    private static P.UserEntry ToProto(UserEntry user)
    {
        var p = new P.UserEntry { Name = user.Name, NtHash = ByteString.CopyFrom(user.NtHash), AllowVpn = user.AllowVpn, Disabled = user.Disabled };
        if (user.StaticAddress is { } address)
        {
            p.StaticAddress = address;
        }

        return p;
    }

    private static UserEntry FromProto(P.UserEntry p) =>
        new(p.Name, p.NtHash.ToByteArray(), p.AllowVpn, p.Disabled, p.HasStaticAddress ? p.StaticAddress : null);

    private static P.UserStatic ToProto(string name, uint? address)
    {
        var p = new P.UserStatic { Name = name };
        if (address is { } value)
        {
            p.StaticAddress = value;
        }

        return p;
    }

    private static P.UserList ToProto(IReadOnlyList<UserEntry> users)
    {
        var p = new P.UserList();
        p.Users.AddRange(users.Select(ToProto));
        return p;
    }
}
