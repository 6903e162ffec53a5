#!/usr/bin/env bash
# The main command: set up everything on a fresh Debian 12 machine, build,
# and run hall's main job on its embedded defaults.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/packaging/build.sh" "$root/build"
exec "$root/build/shared/hall-rules" demo
