#!/usr/bin/env bash
# Fetches the sources of Boost.Fiber and Boost.Context's compiled parts from Debian's boost1.81
# source package (the one the installed libboost-fiber1.81-dev was built from), for the sanitizer
# builds: cmake -DSANITIZE=address|thread -DBOOST_FIBER_SOURCE_DIR=<dest> compiles them with the
# ucontext back-end and ASan's/TSan's fiber-switch annotations (see port-notes/sanitizers.md).
#
#   scripts/boost-fiber-src.sh DEST      leaves DEST/libs/fiber/src and DEST/libs/context/src
#
# Nothing on the system changes: the deb-src list and apt's package lists live in a scratch
# directory. Does nothing when DEST already holds the sources.
set -euo pipefail
dest=${1:?usage: scripts/boost-fiber-src.sh DEST}
if [ -f "$dest/libs/fiber/src/scheduler.cpp" ] && [ -f "$dest/libs/context/src/fiber.cpp" ]; then
  exit 0
fi
version=$(dpkg-query -W -f='${Version}' libboost-fiber1.81-dev 2>/dev/null || true)
[ -n "$version" ] || { echo "boost-fiber-src: libboost-fiber1.81-dev is not installed" >&2; exit 1; }

# apt-get source wants dpkg-dev; the .orig tarball is xz.
need=()
for p in dpkg-dev xz-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "boost-fiber-src: installing ${need[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/dl"
cat >"$work/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm-updates main
deb-src http://deb.debian.org/debian-security bookworm-security main
EOF
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
echo "boost-fiber-src: fetching Debian's boost1.81 $version source"
apt-get "${apt_opts[@]}" -qq update
(cd "$work/dl" && apt-get "${apt_opts[@]}" -qq source --download-only "boost1.81=$version" >/dev/null)
orig=$(ls "$work"/dl/boost1.81_*.orig.tar.xz)
# Only the compiled parts of the two libraries; their headers are the installed ones.
mkdir -p "$dest"
tar -xJf "$orig" -C "$work" --wildcards 'boost/libs/fiber/src/*' 'boost/libs/context/src/*'
# Debian's patches for this version touch neither library (checked for 1.81.0-5+deb12u1).
if tar -xJOf "$work"/dl/boost1.81_*.debian.tar.xz --wildcards 'debian/patches/*' \
     | grep -E '^\+\+\+ .*libs/(fiber|context)/src/' >/dev/null; then
  echo "boost-fiber-src: a Debian patch touches libs/fiber or libs/context; apply it first" >&2
  exit 1
fi
mkdir -p "$dest/libs"
rm -rf "$dest/libs/fiber" "$dest/libs/context"
mv "$work/boost/libs/fiber" "$work/boost/libs/context" "$dest/libs/"
echo "boost-fiber-src: $dest/libs/{fiber,context}/src"
