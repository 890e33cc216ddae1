using Concentrator.Protocol.Ppp.Negotiation;

namespace Concentrator.Protocol.Tests.Ppp.Negotiation;

/// <summary>
/// Every cell of RFC 1661 §4.1 — 16 events × 10 states — checked against the table as printed in the RFC, which is
/// reproduced below verbatim and parsed here (independently of the implementation's switch). Footnote letters
/// r, p and x (optional behaviours) are ignored: the automaton takes the plain transition.
/// </summary>
public class PppAutomatonTableTests
{
    private const string TableStates0To5 = """
              | State
              |    0         1         2         3         4         5
        Events| Initial   Starting  Closed    Stopped   Closing   Stopping
        ------+-----------------------------------------------------------
         Up   |    2     irc,scr/6     -         -         -         -
         Down |    -         -         0       tls/1       0         1
         Open |  tls/1       1     irc,scr/6     3r        5r        5r
         Close|    0       tlf/0       2         2         4         4
              |
          TO+ |    -         -         -         -       str/4     str/5
          TO- |    -         -         -         -       tlf/2     tlf/3
              |
         RCR+ |    -         -       sta/2 irc,scr,sca/8   4         5
         RCR- |    -         -       sta/2 irc,scr,scn/6   4         5
         RCA  |    -         -       sta/2     sta/3       4         5
         RCN  |    -         -       sta/2     sta/3       4         5
              |
         RTR  |    -         -       sta/2     sta/3     sta/4     sta/5
         RTA  |    -         -         2         3       tlf/2     tlf/3
              |
         RUC  |    -         -       scj/2     scj/3     scj/4     scj/5
         RXJ+ |    -         -         2         3         4         5
         RXJ- |    -         -       tlf/2     tlf/3     tlf/2     tlf/3
              |
         RXR  |    -         -         2         3         4         5
        """;

    private const string TableStates6To9 = """
              | State
              |    6         7         8           9
        Events| Req-Sent  Ack-Rcvd  Ack-Sent    Opened
        ------+-----------------------------------------
         Up   |    -         -         -           -
         Down |    1         1         1         tld/1
         Open |    6         7         8           9r
         Close|irc,str/4 irc,str/4 irc,str/4 tld,irc,str/4
              |
          TO+ |  scr/6     scr/6     scr/8         -
          TO- |  tlf/3p    tlf/3p    tlf/3p        -
              |
         RCR+ |  sca/8   sca,tlu/9   sca/8   tld,scr,sca/8
         RCR- |  scn/6     scn/7     scn/6   tld,scr,scn/6
         RCA  |  irc/7     scr/6x  irc,tlu/9   tld,scr/6x
         RCN  |irc,scr/6   scr/6x  irc,scr/8   tld,scr/6x
              |
         RTR  |  sta/6     sta/6     sta/6   tld,zrc,sta/5
         RTA  |    6         6         8       tld,scr/6
              |
         RUC  |  scj/6     scj/7     scj/8       scj/9
         RXJ+ |    6         6         8           9
         RXJ- |  tlf/3     tlf/3     tlf/3   tld,irc,str/5
              |
         RXR  |    6         7         8         ser/9
        """;

    private static readonly Dictionary<string, PppEvent> Events = new()
    {
        ["Up"] = PppEvent.Up,
        ["Down"] = PppEvent.Down,
        ["Open"] = PppEvent.Open,
        ["Close"] = PppEvent.Close,
        ["TO+"] = PppEvent.TimeoutWithRetries,
        ["TO-"] = PppEvent.TimeoutExpired,
        ["RCR+"] = PppEvent.ReceiveGoodConfigureRequest,
        ["RCR-"] = PppEvent.ReceiveBadConfigureRequest,
        ["RCA"] = PppEvent.ReceiveConfigureAck,
        ["RCN"] = PppEvent.ReceiveConfigureNakOrReject,
        ["RTR"] = PppEvent.ReceiveTerminateRequest,
        ["RTA"] = PppEvent.ReceiveTerminateAck,
        ["RUC"] = PppEvent.ReceiveUnknownCode,
        ["RXJ+"] = PppEvent.ReceivePermittedReject,
        ["RXJ-"] = PppEvent.ReceiveCatastrophicReject,
        ["RXR"] = PppEvent.ReceiveEchoOrDiscard,
    };

    private static readonly Dictionary<string, PppActions> Actions = new()
    {
        ["tlu"] = PppActions.ThisLayerUp,
        ["tld"] = PppActions.ThisLayerDown,
        ["tls"] = PppActions.ThisLayerStarted,
        ["tlf"] = PppActions.ThisLayerFinished,
        ["irc"] = PppActions.InitializeRestartCount,
        ["zrc"] = PppActions.ZeroRestartCount,
        ["scr"] = PppActions.SendConfigureRequest,
        ["sca"] = PppActions.SendConfigureAck,
        ["scn"] = PppActions.SendConfigureNakOrReject,
        ["str"] = PppActions.SendTerminateRequest,
        ["sta"] = PppActions.SendTerminateAck,
        ["scj"] = PppActions.SendCodeReject,
        ["ser"] = PppActions.SendEchoReply,
    };

    public static TheoryData<PppState, PppEvent, string> Cells()
    {
        var cells = new TheoryData<PppState, PppEvent, string>();
        foreach (var (table, firstState) in new[] { (TableStates0To5, 0), (TableStates6To9, 6) })
        {
            foreach (var line in table.Split('\n'))
            {
                var parts = line.Split('|');
                var name = parts[0].Trim();
                if (parts.Length != 2 || !Events.TryGetValue(name, out var @event))
                {
                    continue;
                }

                var columns = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < columns.Length; i++)
                {
                    cells.Add((PppState)(firstState + i), @event, columns[i]);
                }
            }
        }

        return cells;
    }

    [Fact]
    public void The_table_has_160_cells() => Assert.Equal(160, Cells().Count);

    [Theory]
    [MemberData(nameof(Cells))]
    public void Every_cell_matches_rfc1661(PppState state, PppEvent @event, string cell)
    {
        var automaton = new PppAutomaton(initialState: state);

        var transition = automaton.Fire(@event);

        Assert.Equal(state, transition.From);
        Assert.Equal(@event, transition.Event);
        if (cell == "-")
        {
            Assert.False(transition.IsLegal);
            Assert.Equal(state, transition.To);
            Assert.Equal(PppActions.None, transition.Actions);
            Assert.Equal(RestartTimerCommand.None, transition.Timer);
            Assert.Equal(state, automaton.State);
            return;
        }

        var (expectedState, expectedActions) = Parse(cell);
        Assert.True(transition.IsLegal);
        Assert.Equal(expectedState, transition.To);
        Assert.Equal(expectedActions, transition.Actions);
        Assert.Equal(expectedState, automaton.State);
        Assert.Equal(ExpectedTimer(state, expectedState, expectedActions), transition.Timer);
    }

    /// <summary>
    /// RFC 1661 §4.4: scr and str start the timer, zrc sets a timeout; §4.2: the timer is not running in Initial,
    /// Starting, Closed, Stopped and Opened, so entering one of those from a timed state stops it.
    /// </summary>
    private static RestartTimerCommand ExpectedTimer(PppState from, PppState to, PppActions actions)
    {
        var untimed = new[] { PppState.Initial, PppState.Starting, PppState.Closed, PppState.Stopped, PppState.Opened };
        if ((actions & (PppActions.SendConfigureRequest | PppActions.SendTerminateRequest | PppActions.ZeroRestartCount)) != 0)
        {
            return RestartTimerCommand.Start;
        }

        return !untimed.Contains(from) && untimed.Contains(to) ? RestartTimerCommand.Stop : RestartTimerCommand.None;
    }

    private static (PppState State, PppActions Actions) Parse(string cell)
    {
        var slash = cell.IndexOf('/', StringComparison.Ordinal);
        var statePart = (slash < 0 ? cell : cell[(slash + 1)..]).TrimEnd('r', 'p', 'x');
        var actions = PppActions.None;
        if (slash >= 0)
        {
            foreach (var action in cell[..slash].Split(','))
            {
                actions |= Actions[action];
            }
        }

        return ((PppState)int.Parse(statePart, System.Globalization.CultureInfo.InvariantCulture), actions);
    }
}
