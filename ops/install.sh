#!/usr/bin/env bash
# Installs a concentrator node on this host: publishes the binary to /opt/concentrator, links
# /usr/local/bin/concentrator, puts the example configuration in /etc/concentrator (if none is
# there) and the systemd unit in place. Then: edit /etc/concentrator/concentrator.json, add users,
# and `systemctl enable --now concentrator`.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "install.sh: run as root" >&2; exit 1; }
bash ops/install-deps.sh
dotnet publish src/Concentrator.Node -c Release -o /opt/concentrator --nologo -v quiet
cp README.md /opt/concentrator/
ln -sfn /opt/concentrator/concentrator /usr/local/bin/concentrator
mkdir -p /etc/concentrator /var/lib/concentrator
[[ -f /etc/concentrator/concentrator.json ]] || cp ops/concentrator.example.json /etc/concentrator/concentrator.json
install -m 644 ops/systemd/concentrator.service /etc/systemd/system/concentrator.service
command -v systemctl >/dev/null && systemctl daemon-reload || true
echo "installed: edit /etc/concentrator/concentrator.json, add users (concentrator users add NAME), then systemctl enable --now concentrator"
