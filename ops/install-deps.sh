#!/usr/bin/env bash
# Installs the Debian packages the concentrator and its tests use. Idempotent; needs root.
set -euo pipefail
pkgs=(iproute2 nftables iputils-ping tshark postgresql prometheus)
need=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if ((${#need[@]})); then
  echo "install-deps: installing ${need[*]}"
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
