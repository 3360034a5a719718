#!/usr/bin/env bash
# Installs the Debian packages the build, tests, demo and benchmarks need, when any is missing.
# Safe to run repeatedly: it does nothing when everything is present.
set -euo pipefail
pkgs=(
  build-essential cmake pkg-config
  libboost-fiber1.81-dev libboost-context1.81-dev
  libbotan-2-dev
  googletest libgtest-dev libbenchmark-dev
  golang-go golang-1.19-src
  golang-github-pion-dtls.v2-dev golang-github-pion-transport-dev golang-github-pion-udp-dev
  openssl gnuplot-nox
)
# `deps.sh fuzz`: also clang 16 and its libFuzzer runtime (make fuzz; tests/fuzz/README.md).
[ "${1:-}" = fuzz ] && pkgs+=(clang-16 libclang-rt-16-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
