#!/bin/sh
# Install the Debian packages canard needs to build and test, if missing.
set -eu
pkgs="gcc make pkg-config libgsl-dev libncurses-dev libreadline-dev libcmocka-dev tmux"
# test-only: rsvg-convert renders export svg in tests/svg.sh (skipped without it)
pkgs="$pkgs librsvg2-bin"
# test-only: AUTO-07p (and the Fortran compiler it builds models with) is the
# reference tests/auto.sh compares bifurcation diagrams with; never a runtime need
pkgs="$pkgs auto-07p gfortran"
# test-only: xppaut, compared with in tests/xppaut*.sh (skipped without it)
pkgs="$pkgs xppaut"
# test-only: GNU parallel runs the README's sharding recipe in tests/map.sh
pkgs="$pkgs parallel"
# test-only: python3 reads rendered pixels and pictures' text in the tests
pkgs="$pkgs python3"
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
