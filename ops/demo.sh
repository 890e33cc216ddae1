#!/usr/bin/env bash
# One command to a working single-node concentrator: installs what it needs, builds, and starts a
# node on the embedded default (SQLite), with the demo user "demo" (password "demo-password") and
# Prometheus metrics on http://127.0.0.1:9723/metrics. Ctrl-C stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "demo.sh: run as root (TUN, raw GRE socket, TCP 1723)" >&2; exit 1; }
bash ops/install-deps.sh
dotnet build src/Concentrator.Node -c Release --nologo -v quiet
exec dotnet src/Concentrator.Node/bin/Release/net10.0/concentrator.dll serve \
  --config ops/concentrator.demo.json --demo-user demo:demo-password
