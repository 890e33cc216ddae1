#!/usr/bin/env bash
# The benchmark: builds (Release), starts a node in a network namespace of its own, runs the load
# generator (concentrator-load) in another and prints one table, then the same figures as one JSON
# object on the last line of stdout. Progress goes to stderr while it runs. Needs root (namespaces,
# TUN, raw GRE). All traffic stays inside the three namespaces it makes, which it always deletes.
#
#   load generator 198.18.0.2…  ──veth──  198.18.0.1  node  198.19.0.1  ──veth──  198.19.0.10 LAN host
#   (ns cbench-c-PID)                     (ns cbench-n-PID, pool 10.96.0.0/16)      (ns cbench-l-PID: UDP sink/source)
#
# Parameters (environment; the defaults finish in about three minutes on 2 cores):
#   BENCH_SESSIONS=10000         sessions to set up and hold (60000 for the full target)
#   BENCH_RATE=2000              setups started per second
#   BENCH_CALLS_PER_CONNECTION=1 calls on each control connection (RFC 2637 allows several; real clients place
#                                one). 4 holds 60000 calls on 15000 sockets each side, under an open-file limit of 20000
#   BENCH_WARMUP=2000            sessions set up and hung up first at the same rate, not counted (JIT tiering)
#   BENCH_HOLD=15                seconds every session is held (LCP echo every BENCH_ECHO s)
#   BENCH_ECHO=10                the node's lcp.echoInterval in seconds
#   BENCH_TRAFFIC_SESSIONS=64    sessions that carry UDP both ways
#   BENCH_TRAFFIC_SECONDS=10     length of each traffic phase (1400-byte, 64-byte, light-load latency)
#   BENCH_PPS_1400=50000         offered packets/s each way at 1400-byte packets (0: flat out)
#   BENCH_PPS_64=100000          offered packets/s each way at 64-byte payloads (0: flat out)
#   BENCH_LATENCY_PPS=2000       packets/s each way in the latency phase
#   BENCH_CLIENT_ADDRESSES=4     source addresses of the load generator (one GRE receive thread each)
#   BENCH_QUEUES=2               the node's TUN queues
#   BENCH_BUILD=1                0 skips the build
#   BENCH_NODE_ENV=""            extra environment for the node, e.g. "DOTNET_gcServer=1"
#   BENCH_NODE_LOG=""            keep the node's log at this path (it is deleted with the rest otherwise)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "bench.sh: run as root (network namespaces, TUN, raw GRE)" >&2; exit 1; }

SESSIONS=${BENCH_SESSIONS:-10000}
RATE=${BENCH_RATE:-2000}
CALLS_PER_CONNECTION=${BENCH_CALLS_PER_CONNECTION:-1}
WARMUP=${BENCH_WARMUP:-2000}
HOLD=${BENCH_HOLD:-15}
ECHO=${BENCH_ECHO:-10}
TRAFFIC_SESSIONS=${BENCH_TRAFFIC_SESSIONS:-64}
TRAFFIC_SECONDS=${BENCH_TRAFFIC_SECONDS:-10}
PPS_1400=${BENCH_PPS_1400:-50000}
PPS_64=${BENCH_PPS_64:-100000}
LATENCY_PPS=${BENCH_LATENCY_PPS:-2000}
CLIENT_ADDRESSES=${BENCH_CLIENT_ADDRESSES:-4}
QUEUES=${BENCH_QUEUES:-2}
BUILD=${BENCH_BUILD:-1}
NODE_ENV=${BENCH_NODE_ENV:-}
NODE_LOG=${BENCH_NODE_LOG:-}

CLIENT=cbench-c-$$ NODE=cbench-n-$$ LAN=cbench-l-$$
WORK=$(mktemp -d /tmp/concentrator-bench.XXXXXX)
NODE_PID="" LOAD_PID=""
log() { echo "bench.sh: $*" >&2; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $LOAD_PID ]] && kill -0 "$LOAD_PID" 2>/dev/null; then kill -TERM "$LOAD_PID" 2>/dev/null || true; sleep 2; kill -KILL "$LOAD_PID" 2>/dev/null || true; fi
  if [[ -n $NODE_PID ]] && kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$NODE_PID" 2>/dev/null || true
  fi
  for ns in "$CLIENT" "$NODE" "$LAN"; do ip netns del "$ns" 2>/dev/null || true; done
  if [[ $status != 0 && -f $WORK/node.log ]]; then log "node log (last 30 lines):"; tail -n 30 "$WORK/node.log" >&2; fi
  if [[ -n $NODE_LOG && -f $WORK/node.log ]]; then cp "$WORK/node.log" "$NODE_LOG"; fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $BUILD == 1 ]]; then
  log "building (Release)"
  dotnet build src/Concentrator.Node -c Release --nologo -v quiet >&2
  dotnet build src/Concentrator.Load -c Release --nologo -v quiet >&2
fi
NODE_DLL=src/Concentrator.Node/bin/Release/net10.0/concentrator.dll
LOAD_DLL=src/Concentrator.Load/bin/Release/net10.0/concentrator-load.dll

# One TCP socket per session on each side: 60,000 sessions need more descriptors than the usual 1024.
# Raising the hard limit needs CAP_SYS_RESOURCE; without it the hard limit is the ceiling.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
CONNECTIONS=$(( (SESSIONS + CALLS_PER_CONNECTION - 1) / CALLS_PER_CONNECTION ))
if (( CONNECTIONS + 4000 > $(ulimit -n) )); then
  log "warning: open files limited to $(ulimit -n) here (hard limit; no CAP_SYS_RESOURCE): at most about $(( ($(ulimit -n) - 4000) * CALLS_PER_CONNECTION )) sessions will come up (setups in flight hold sockets too; BENCH_CALLS_PER_CONNECTION puts several calls on one connection)"
fi

log "namespaces $CLIENT, $NODE, $LAN"
for ns in "$CLIENT" "$NODE" "$LAN"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip link add cb$$c netns "$CLIENT" type veth peer name cb$$s netns "$NODE"
ip link add cb$$g netns "$NODE" type veth peer name cb$$l netns "$LAN"
ip -n "$NODE" addr add 198.18.0.1/24 dev cb$$s
ip -n "$NODE" addr add 198.19.0.1/24 dev cb$$g
ip -n "$LAN" addr add 198.19.0.10/24 dev cb$$l
ADDRESSES=""
for i in $(seq 1 "$CLIENT_ADDRESSES"); do
  ip -n "$CLIENT" addr add "198.18.0.$((i + 1))/24" dev cb$$c
  ADDRESSES+="${ADDRESSES:+,}198.18.0.$((i + 1))"
done
for pair in "$CLIENT cb$$c" "$NODE cb$$s" "$NODE cb$$g" "$LAN cb$$l"; do set -- $pair; ip -n "$1" link set "$2" up; done
ip -n "$LAN" route add 10.96.0.0/16 via 198.19.0.1
ip netns exec "$CLIENT" sysctl -qw net.ipv4.ip_local_port_range="1024 65535"
ip netns exec "$NODE" sysctl -qw net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=8192

cat > "$WORK/concentrator.json" <<JSON
{
  "node": { "id": "bench", "dataDirectory": "$WORK/data" },
  "listen": { "address": "0.0.0.0", "port": 1723, "maxConnectionsPerSource": 100000, "maxConnectionsInSetup": 100000, "maxConnections": 100000 },
  "tunnel": { "interface": "cbench0", "queues": $QUEUES, "localAddress": "10.96.0.1" },
  "pools": [ { "name": "bench", "range": "10.96.0.0/16", "exclude": [ "10.96.0.1" ] } ],
  "lan": { "enableForwarding": true },
  "lcp": { "echoInterval": "$(printf %02d:%02d:%02d $((ECHO / 3600)) $((ECHO / 60 % 60)) $((ECHO % 60)))" },
  "http": { "listen": "127.0.0.1:9723" }
}
JSON

log "starting the node"
: > "$WORK/node.log"
# shellcheck disable=SC2086
env $NODE_ENV ip netns exec "$NODE" dotnet "$NODE_DLL" serve --config "$WORK/concentrator.json" --demo-user bench:bench-password > "$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 120); do grep -q "Application started" "$WORK/node.log" && break; kill -0 "$NODE_PID" || break; sleep 0.5; done
grep -q "Application started" "$WORK/node.log" || { log "the node did not start"; exit 1; }

log "load: $SESSIONS sessions at $RATE/s, hold $HOLD s, $TRAFFIC_SESSIONS traffic sessions × 3 phases of $TRAFFIC_SECONDS s"
ip netns exec "$CLIENT" dotnet "$LOAD_DLL" \
  --server 198.18.0.1 --client-addresses "$ADDRESSES" --user bench --password bench-password \
  --sessions "$SESSIONS" --warmup "$WARMUP" --rate "$RATE" --calls-per-connection "$CALLS_PER_CONNECTION" --hold "$HOLD" \
  --traffic-sessions "$TRAFFIC_SESSIONS" --traffic-seconds "$TRAFFIC_SECONDS" \
  --pps-1400 "$PPS_1400" --pps-64 "$PPS_64" --latency-pps "$LATENCY_PPS" \
  --lan-netns "$LAN" --lan-host 198.19.0.10 \
  --node-netns "$NODE" --node-pid "$NODE_PID" --metrics 127.0.0.1:9723 > "$WORK/report.txt" &
LOAD_PID=$!
wait "$LOAD_PID" || { status=$?; LOAD_PID=""; cat "$WORK/report.txt"; log "the load generator failed ($status)"; exit "$status"; }
LOAD_PID=""
cat "$WORK/report.txt"
