using System.Net;
using System.Text;
using Concentrator.Protocol.Ppp;
using Concentrator.Protocol.Ppp.Ccp;
using Concentrator.Protocol.Ppp.Chap;
using Concentrator.Protocol.Ppp.Ipcp;
using Concentrator.Protocol.Ppp.Lcp;
using Concentrator.Protocol.Ppp.Negotiation;
using Concentrator.Protocol.Tests.Ppp.Lcp;

namespace Concentrator.Protocol.Tests.Ppp;

/// <summary>
/// 100,000+ mutated variants per decoder family: no exception escapes, and every result is either success with
/// error None or failure with a defined, non-None error value.
/// </summary>
public class MutationTests
{
    private const int Variants = 100_000;

    private static readonly byte[][] ControlSeeds =
    [
        Hex.Bytes("01 00 00 15 01 04 05 78 05 06 5A 3C 1F 0E 07 02 08 02 0D 03 06"), // Windows LCP request
        Hex.Bytes("01 01 00 13 01 04 05 78 03 05 C2 23 81 05 06 11 22 33 44"), // our LCP request
        Hex.Bytes("01 02 00 1E 02 06 00 00 00 00 04 08 C0 25 00 00 01 F4 11 04 06 4E 13 07 03 01 02 03 04"), // ACCM, LQR, MRRU, ED
        Hex.Bytes("01 05 00 22 03 06 00 00 00 00 81 06 00 00 00 00 82 06 00 00 00 00 83 06 00 00 00 00 84 06 00 00 00 00"),
        Hex.Bytes("01 06 00 18 01 0A C0 A8 00 01 C0 A8 00 02 02 06 00 2D 0F 01 03 06 0A 00 00 01"), // IPCP old options
        Hex.Bytes("01 04 00 0E 12 06 01 00 00 E1 1A 04 78 00"), // CCP MPPE + Deflate
        Hex.Bytes("09 07 00 0A CA FE BA BE 68 69"),
        Hex.Bytes("08 02 00 14 80 57 01 01 00 0E 01 0A 02 11 22 FF FE 33 44 55"),
        Hex.Bytes("07 02 00 0C 0E 03 00 08 01 02 03 04"),
        Hex.Bytes("0C 02 00 12 5A 3C 1F 0E 4D 53 52 41 53 56 35 2E 32 30"),
        Hex.Bytes("0D 05 00 0F 01 02 03 04 00 00 0E 10 62 79 65"),
        Hex.Bytes("05 09 00 06 AB CD"),
    ];

    [Fact]
    public void Ppp_frame_decoder_survives_mutations()
    {
        byte[][] seeds =
        [
            Hex.Bytes("FF 03 C0 21 01 01 00 04"),
            Hex.Bytes("21 45 00 00 14"),
            Hex.Bytes("00 21 45"),
            Hex.Bytes("FF 03 00 FD 90 00 12 34"),
            Hex.Bytes("FF 03 80 57 01 01 00 0E 01 0A 02 11 22 FF FE 33 44 55"),
        ];
        var results = new Results();

        foreach (var variant in Mutator.Variants(seeds, Variants, seed: 1661))
        {
            var ok = PppFrame.TryDecode(variant, out _, out var payload, out var error);
            results.Check(ok, error);
            PppFrame.TryDecodeHeader(variant, out _, out var header, out var headerError);
            results.Check(ok, headerError);
            results.Expect(!ok || header + payload.Length == variant.Length);
        }

        results.AssertClean(Variants);
    }

    [Fact]
    public void Control_packet_and_option_decoders_survive_mutations()
    {
        var results = new Results();
        var lcp = new LcpPolicy(LcpSettings.Default, 0x11223344, () => 0x55667788);
        var ipcp = new IpcpPolicy(new IpcpSettings(IPAddress.Parse("10.0.0.1")) { PrimaryDns = IPAddress.Parse("10.0.0.53") }, IPAddress.Parse("10.0.0.2"));

        foreach (var variant in Mutator.Variants(ControlSeeds, Variants, seed: 1332))
        {
            var ok = ControlPacket.TryDecode(variant, out var packet, out var error);
            results.Check(ok, error);
            if (!ok)
            {
                continue;
            }

            results.Check(ConfigurePacket.TryDecode(packet, out var configure, out error), error);
            results.Check(EchoPacket.TryDecode(packet, out _, out error), error);
            results.Check(ProtocolRejectPacket.TryDecode(packet, out _, out error), error);
            results.Check(CodeRejectPacket.TryGetRejectedCode(packet, out _, out error), error);
            results.Check(IdentificationPacket.TryDecode(packet, out _, out error), error);
            results.Check(TimeRemainingPacket.TryDecode(packet, out _, out error), error);
            results.Check(PppOptionList.TryDecode(packet.Data.Span, out var options, out error), error);
            foreach (var option in options)
            {
                ReadEveryView(option);
            }

            // The policies must cope with whatever options a peer sends (a fresh CCP policy: it may fail).
            lcp.ReviewRequest(configure.Options);
            ipcp.ReviewRequest(configure.Options);
            new CcpPolicy(CcpSettings.Default).ReviewRequest(configure.Options);
            lcp.ApplyNak(configure.Options);
            new CcpPolicy(CcpSettings.Default).ApplyNak(configure.Options);
        }

        results.AssertClean(Variants);
    }

    [Fact]
    public void Chap_packet_decoder_survives_mutations()
    {
        byte[][] seeds =
        [
            Hex.Bytes("01 07 00 18 10 5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28 76 70 6E"),
            new MsChapV2ResponsePacket(7, new byte[16], new byte[24], 0, "User"u8.ToArray()).ToArray(),
            new ChapSuccessPacket(7, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome"u8.ToArray()).ToArray(),
            new ChapFailurePacket(7, "E=691 R=1 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3 M=Authentication failure"u8.ToArray()).ToArray(),
        ];
        var results = new Results();

        foreach (var variant in Mutator.Variants(seeds, Variants, seed: 2759))
        {
            var ok = ChapPacket.TryDecode(variant, out var packet, out var error);
            results.Check(ok, error);
            results.Expect(ok == packet is not null);
            var message = packet switch
            {
                ChapSuccessPacket success => success.Message,
                ChapFailurePacket failure => failure.Message,
                _ => ReadOnlyMemory<byte>.Empty,
            };
            results.Check(MsChapV2SuccessMessage.TryParse(message.Span, out _, out var successError), successError);
            results.Check(MsChapV2FailureMessage.TryParse(message.Span, out _, out var failureError), failureError);
        }

        results.AssertClean(Variants);
    }

    [Fact]
    public void Ms_chap_v2_message_parsers_survive_mutations()
    {
        byte[][] seeds =
        [
            "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome"u8.ToArray(),
            "S=407a5589115fd0d6209f510fe9c04566932cda56"u8.ToArray(),
            "E=691 R=1 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3 M=Authentication failure"u8.ToArray(),
            "E=649 R=0 V=3 M=no dial-in"u8.ToArray(),
            Encoding.UTF8.GetBytes("E=646 R=0 C=00000000000000000000000000000000 V=3 M=Время входа ограничено"),
        ];
        var results = new Results();

        foreach (var variant in Mutator.Variants(seeds, Variants, seed: 2433))
        {
            results.Check(MsChapV2SuccessMessage.TryParse(variant, out _, out var successError), successError);
            results.Check(MsChapV2FailureMessage.TryParse(variant, out var failure, out var failureError), failureError);
            if (failureError == MsChapV2MessageError.None)
            {
                results.Expect(failure.Format().Length > 0);
            }
        }

        results.AssertClean(Variants);
    }

    [Fact]
    public void Engines_survive_mutated_packets()
    {
        var results = new Results();
        NegotiationEngine[] engines = [];
        var index = 0;
        var packetsSent = 0;
        foreach (var variant in Mutator.Variants(ControlSeeds, Variants, seed: 1962))
        {
            if (index++ % 500 == 0)
            {
                engines = [LcpGoldenTests.OpenedEngine(), Started(PppProtocol.Ipcp), Started(PppProtocol.Ccp)];
            }

            results.Check(ControlPacket.TryDecode(variant, out _, out var error), error);
            foreach (var engine in engines)
            {
                packetsSent += engine.Receive(variant).OfType<SendControlPacket>().Count();
            }

            packetsSent += engines[0].RejectProtocol(variant).Count;
        }

        results.AssertClean(Variants);
        Assert.True(packetsSent > Variants / 10, $"only {packetsSent} answers: the engines are not being exercised");
    }

    private static NegotiationEngine Started(ushort protocol)
    {
        INegotiationPolicy policy = protocol == PppProtocol.Ipcp
            ? new IpcpPolicy(new IpcpSettings(IPAddress.Parse("10.0.0.1")), IPAddress.Parse("10.0.0.2"))
            : new CcpPolicy(CcpSettings.Default);
        var engine = new NegotiationEngine(protocol, policy);
        engine.Open();
        engine.Up();
        return engine;
    }

    private static void ReadEveryView(PppOption option)
    {
        LcpOptions.TryReadMru(option, out _);
        LcpOptions.TryReadAccm(option, out _);
        LcpOptions.TryReadAuthenticationProtocol(option, out var auth);
        _ = auth.IsMsChapV2;
        LcpOptions.TryReadQualityProtocol(option, out _);
        LcpOptions.TryReadMagicNumber(option, out _);
        LcpOptions.TryReadCallback(option, out _);
        LcpOptions.TryReadMrru(option, out _);
        LcpOptions.TryReadEndpointDiscriminator(option, out _);
        LcpOptions.IsFlag(option, LcpOptionType.ProtocolFieldCompression);
        foreach (var type in Enum.GetValues<IpcpOptionType>())
        {
            IpcpOptions.TryReadAddress(option, type, out _);
        }

        IpcpOptions.TryReadIpAddresses(option, out _, out _);
        IpcpOptions.TryReadIpCompressionProtocol(option, out _);
        CcpOptions.TryReadMppe(option, out _);
    }

    /// <summary>Counts outcomes; individual xunit asserts would dominate the run time.</summary>
    private sealed class Results
    {
        private int successes;
        private int failures;
        private readonly List<string> violations = [];

        public void Check<TError>(bool ok, TError error)
            where TError : struct, Enum
        {
            var none = EqualityComparer<TError>.Default.Equals(error, default);
            if (ok ? !none : none || !Enum.IsDefined(error))
            {
                violations.Add($"ok={ok} error={error}");
            }

            if (ok)
            {
                successes++;
            }
            else
            {
                failures++;
            }
        }

        public void Expect(bool condition)
        {
            if (!condition)
            {
                violations.Add("expectation failed");
            }
        }

        public void AssertClean(int variants)
        {
            Assert.Empty(violations.Take(5));
            Assert.True(successes + failures >= variants, $"{successes + failures} results for {variants} variants");
            Assert.True(successes > 0 && failures > 0, $"{successes} successes, {failures} failures: the mutations are not exercising both paths");
        }
    }
}
