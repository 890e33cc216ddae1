#!/usr/bin/env bash
# A lab of network namespaces for trying the concentrator by hand, isolated from this host's network:
#
#   pptp-client 198.51.100.2 ──veth── 198.51.100.1 pptp-server 192.168.50.1 ──veth── 192.168.50.10 pptp-lan
#                                          (concentrator, pool 10.77.0.0/24 in pptp0)
#
# The LAN host routes the pool back through the concentrator (a routed pool; see README "LAN access").
#   ops/lab.sh up      build, create the namespaces, start a node in pptp-server (user lab / lab-password)
#   ops/lab.sh down    stop the node, delete the namespaces
#   ops/lab.sh status  the node's sessions
# Connect a client from pptp-client (needs a kernel with PPP, e.g. a stock Debian kernel):
#   ip netns exec pptp-client pppd pty "pptp 198.51.100.1 --nolaunchpppd" name lab password lab-password \
#      require-mppe-128 refuse-pap refuse-chap refuse-mschap refuse-eap noauth nodetach
# then: ip netns exec pptp-client ping 192.168.50.10
# Without kernel PPP (this build machine), the QEMU client of ../shared/interop reaches the node too:
#   ip netns exec pptp-server ../shared/interop/run-client.sh -u lab -p lab-password
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=/run/concentrator-lab
CLIENT=pptp-client SERVER=pptp-server LAN=pptp-lan
exec_in() { ip netns exec "$@"; }

up() {
  [[ $(id -u) == 0 ]] || { echo "lab.sh: run as root" >&2; exit 1; }
  bash ops/install-deps.sh
  dotnet build src/Concentrator.Node -c Release --nologo -v quiet
  mkdir -p "$STATE"
  for ns in $CLIENT $SERVER $LAN; do ip netns add "$ns" 2>/dev/null || true; exec_in "$ns" ip link set lo up; done
  ip link add lab-c type veth peer name lab-s 2>/dev/null || true
  ip link set lab-c netns $CLIENT; ip link set lab-s netns $SERVER
  ip link add lab-l type veth peer name lab-g 2>/dev/null || true
  ip link set lab-l netns $LAN; ip link set lab-g netns $SERVER
  exec_in $CLIENT ip addr replace 198.51.100.2/24 dev lab-c; exec_in $CLIENT ip link set lab-c up
  exec_in $SERVER ip addr replace 198.51.100.1/24 dev lab-s; exec_in $SERVER ip link set lab-s up
  exec_in $SERVER ip addr replace 192.168.50.1/24 dev lab-g; exec_in $SERVER ip link set lab-g up
  exec_in $LAN ip addr replace 192.168.50.10/24 dev lab-l; exec_in $LAN ip link set lab-l up
  exec_in $LAN ip route replace 10.77.0.0/24 via 192.168.50.1
  cat > "$STATE/concentrator.json" <<JSON
{
  "node": { "id": "lab", "dataDirectory": "$STATE/data" },
  "listen": { "address": "0.0.0.0", "port": 1723 },
  "tunnel": { "interface": "pptp0", "localAddress": "10.77.0.1", "dns": [ "192.168.50.10" ] },
  "pools": [ { "name": "main", "range": "10.77.0.0/24", "exclude": [ "10.77.0.1" ] } ],
  "lan": { "enableForwarding": true },
  "http": { "listen": "127.0.0.1:9723" }
}
JSON
  exec_in $SERVER dotnet src/Concentrator.Node/bin/Release/net10.0/concentrator.dll serve \
    --config "$STATE/concentrator.json" --demo-user lab:lab-password > "$STATE/node.log" 2>&1 &
  echo $! > "$STATE/node.pid"
  for _ in $(seq 1 60); do grep -q "Application started" "$STATE/node.log" && break; sleep 0.5; done
  grep -E "node lab up|data plane up" "$STATE/node.log" || { cat "$STATE/node.log"; exit 1; }
  echo "lab up: node log in $STATE/node.log; metrics: ip netns exec $SERVER curl -s 127.0.0.1:9723/metrics"
}

down() {
  if [[ -f $STATE/node.pid ]]; then kill -TERM "$(cat "$STATE/node.pid")" 2>/dev/null || true; sleep 3; fi
  for ns in $CLIENT $SERVER $LAN; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$STATE"
  echo "lab down"
}

status() {
  exec_in $SERVER dotnet src/Concentrator.Node/bin/Release/net10.0/concentrator.dll sessions --config "$STATE/concentrator.json"
}

case "${1:-}" in
  up) up;; down) down;; status) status;;
  *) sed -n '2,20p' "$0"; exit 2;;
esac
