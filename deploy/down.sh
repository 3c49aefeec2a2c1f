#!/usr/bin/env bash
# Stop the hub that deploy/up.sh started, with the proxy and every user's server it spawned.
set -euo pipefail
PREFIX=${DLF_PREFIX:-/opt/dlf}
PID_FILE="$PREFIX/hub/hub.pid"
[ -f "$PID_FILE" ] || { echo "no hub running from $PREFIX"; exit 0; }
pid=$(cat "$PID_FILE")
# The hub was started with setsid: its process group holds the proxy too; users' servers stop with the hub.
kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
rm -f "$PID_FILE"
echo "hub stopped"
