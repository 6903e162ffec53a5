#!/usr/bin/env bash
# The main command: set up everything on a fresh Debian 12 machine, build,
# and run hall's main job on its embedded defaults: a whole P1 appointment
# meeting (steps 2-5) with a real tally server, two kiosks over mutual TLS
# and simulated delegates.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/packaging/build.sh" "$root/build"
exec "$root/build/server/hall-demo"
