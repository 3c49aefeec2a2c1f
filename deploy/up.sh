#!/usr/bin/env bash
# Bring up the course's JupyterHub for a class on this machine (run as root; see deploy/README.md).
#
#   sudo deploy/up.sh --instructor ada --students "ben cleo dev" [--course-from .] [--ip 0.0.0.0] [--port 8000]
#                     [--from-venv .venv]   (reuse the packages of an existing course environment: no downloads
#                                            but JupyterHub's; the course's own pins either way)
#
# Idempotent: what exists already (environment, proxy, accounts, exchange, course copy) is kept.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
PREFIX=${DLF_PREFIX:-/opt/dlf}                       # the shared environment, the proxy, the hub's state
EXCHANGE=${DLF_EXCHANGE:-/srv/nbgrader/exchange}     # nbgrader's exchange, shared by every account
IP=${DLF_HUB_IP:-127.0.0.1}
PORT=${DLF_HUB_PORT:-8000}
INSTRUCTOR=${DLF_INSTRUCTOR:-}
STUDENTS=${DLF_STUDENTS:-}
COURSE_FROM=${DLF_COURSE_FROM:-}
FROM_VENV=${DLF_FROM_VENV:-}
# Every account runs this interpreter: prefer the system's (a pyenv build under /root is not readable by users).
PYTHON=${PYTHON:-$( [ -x /usr/bin/python3.11 ] && echo /usr/bin/python3.11 || command -v python3.11 || command -v python3)}
PROXY_VERSION=5.3.0
HUB_VERSION=6.1.1

while [ $# -gt 0 ]; do
  case "$1" in
    --instructor) INSTRUCTOR=$2; shift 2 ;;
    --students) STUDENTS=$2; shift 2 ;;
    --course-from) COURSE_FROM=$2; shift 2 ;;
    --ip) IP=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --prefix) PREFIX=$2; shift 2 ;;
    --exchange) EXCHANGE=$2; shift 2 ;;
    --from-venv) FROM_VENV=$(cd "$2" && pwd); shift 2 ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root: the hub starts each user's server as that user" >&2; exit 1; }
[ -n "$INSTRUCTOR" ] || { echo "--instructor NAME is required" >&2; exit 2; }
say() { echo "[dlf-hub] $*"; }

# 1. One Python environment every account can read: the course's pins (not the instructor's private .venv),
#    JupyterHub, and `utils` installed from the student edition (no answers; no path into the course).
umask 022
mkdir -p "$PREFIX"
chmod 755 "$PREFIX"
STAMP="$PREFIX/venv/.dlf-$(cat "$REPO/requirements.txt" "$REPO/pyproject.toml" | sha256sum | cut -c1-16)"
if [ ! -e "$STAMP" ]; then
  setpriv --reuid=nobody --regid=nogroup --clear-groups "$PYTHON" -c "" 2>/dev/null \
    || { echo "$PYTHON cannot be run by other users; set PYTHON to a system Python 3.11" >&2; exit 1; }
  rm -rf "$PREFIX/venv"
  if [ -n "$FROM_VENV" ]; then
    say "copying the packages of $FROM_VENV into $PREFIX/venv"
    cp -a "$FROM_VENV" "$PREFIX/venv"
    sed -i -e "s|^home = .*|home = $(dirname "$PYTHON")|" -e "/^executable = /d" -e "/^command = /d" \
      "$PREFIX/venv/pyvenv.cfg"
    for name in python python3 python3.11; do ln -sf "$PYTHON" "$PREFIX/venv/bin/$name"; done
    grep -lI "^#!$FROM_VENV/bin/python" "$PREFIX"/venv/bin/* 2>/dev/null \
      | xargs -r sed -i "1s|^#!$FROM_VENV/bin/python.*|#!$PREFIX/venv/bin/python|"
    "$PREFIX/venv/bin/python" -m pip uninstall --quiet --yes dlf-utils  # the course's editable utils: not for students
    # A package built for a newer patch release of Python than this interpreter is reinstalled in a version
    # that supports it (e.g. soupsieve 4.1.3 needs 3.11.5; Debian 12 has 3.11.2).
    too_new=$("$PREFIX/venv/bin/python" - <<'PY'
import platform
from importlib import metadata
from packaging.specifiers import SpecifierSet
for dist in metadata.distributions():
    needs = dist.metadata.get("Requires-Python")
    if needs and platform.python_version() not in SpecifierSet(needs):
        print(dist.metadata["Name"])
PY
)
    if [ -n "$too_new" ]; then
      say "reinstalling for $("$PYTHON" --version): $too_new"
      "$PREFIX/venv/bin/pip" install --quiet --force-reinstall --no-deps $too_new 2>&1 \
        | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    fi
  else
    say "building the shared environment in $PREFIX/venv (a few minutes)"
    "$PYTHON" -m venv "$PREFIX/venv"
    grep -v '^-e ' "$REPO/requirements.txt" > "$PREFIX/requirements.txt"
    "$PREFIX/venv/bin/pip" install --quiet -r "$PREFIX/requirements.txt" 2>&1 \
      | { grep -v "is ignored: it is neither a file nor a directory" || true; }
  fi
  "$PREFIX/venv/bin/pip" install --quiet "jupyterhub==$HUB_VERSION" 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; }
  # as in the Makefile: rfc3987-syntax would cost every server, nbgrader command and grading worker 7 s of CPU
  "$PREFIX/venv/bin/pip" uninstall --quiet --quiet --yes rfc3987-syntax
  rm -rf "$PREFIX/edition"
  "$PREFIX/venv/bin/python" "$REPO/tools/edition.py" "$PREFIX/edition"
  "$PREFIX/venv/bin/pip" install --quiet --no-deps --no-build-isolation "$PREFIX/edition"
  chmod -R go+rX "$PREFIX/venv"
  touch "$STAMP"
fi
mkdir -p "$PREFIX/venv/etc/jupyter"
cat > "$PREFIX/venv/etc/jupyter/nbgrader_config.py" <<CONF
# Written by deploy/up.sh: every account's nbgrader (assignment list, exchange) uses this course and exchange.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "deep-learning-foundations"
c.Exchange.root = "$EXCHANGE"
CONF

# 2. configurable-http-proxy, from the npm registry.
if [ ! -x "$PREFIX/proxy/node_modules/.bin/configurable-http-proxy" ]; then
  say "installing configurable-http-proxy $PROXY_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$PREFIX/proxy" "configurable-http-proxy@$PROXY_VERSION" >/dev/null
fi

# 3. Real Unix accounts: the instructor and the students (passwords: set them with passwd or chpasswd).
getent group dlf-students >/dev/null || groupadd dlf-students
for user in $INSTRUCTOR $STUDENTS; do
  id "$user" >/dev/null 2>&1 || { useradd --create-home --shell /bin/bash "$user"; say "account $user created"; }
  chmod 700 "$(getent passwd "$user" | cut -d: -f6)"
done
for user in $STUDENTS; do usermod -a -G dlf-students "$user"; done

# 4. The exchange: everyone may write (submit) into it; nbgrader sets the modes of what is inside.
mkdir -p "$EXCHANGE"
chmod 777 "$EXCHANGE"

# 5. The instructor's private course: a copy of this repository in their home (mode 700), the gradebook built.
HOME_I=$(getent passwd "$INSTRUCTOR" | cut -d: -f6)
if [ -n "$COURSE_FROM" ] && [ ! -d "$HOME_I/course" ]; then
  say "copying the course into $HOME_I/course"
  mkdir -p "$HOME_I/course"
  (cd "$COURSE_FROM" && tar --exclude=./.venv --exclude=./.git --exclude=./autograded --exclude=./submitted \
     --exclude=./feedback --exclude=./grading --exclude=./gradebook.db --exclude=./.exchange -cf - .) \
    | tar -C "$HOME_I/course" -xf -
  chown -R "$INSTRUCTOR:" "$HOME_I/course"
  chmod 700 "$HOME_I/course"
fi

# 6. Start the hub (root; it spawns each user's server as that user) in the background.
mkdir -p "$PREFIX/hub"
chmod 700 "$PREFIX/hub"
if [ -f "$PREFIX/hub/hub.pid" ] && kill -0 "$(cat "$PREFIX/hub/hub.pid")" 2>/dev/null; then
  say "the hub is already running (pid $(cat "$PREFIX/hub/hub.pid"))"
else
  cd "$PREFIX/hub"
  # setsid: the hub and its proxy get a process group of their own (down.sh stops it); no output stays
  # attached to this script's terminal or pipes.
  DLF_PREFIX="$PREFIX" DLF_EXCHANGE="$EXCHANGE" DLF_HUB_IP="$IP" DLF_HUB_PORT="$PORT" \
    DLF_INSTRUCTOR="$INSTRUCTOR" DLF_STUDENTS="$STUDENTS" \
    DLF_HUB_INTERNAL_PORT="${DLF_HUB_INTERNAL_PORT:-8081}" DLF_PROXY_API_PORT="${DLF_PROXY_API_PORT:-8001}" \
    setsid "$PREFIX/venv/bin/jupyterhub" -f "$HERE/jupyterhub_config.py" </dev/null >"$PREFIX/hub/hub.log" 2>&1 &
  echo $! > "$PREFIX/hub/hub.pid"
  cd - >/dev/null
  say "hub starting on http://$IP:$PORT (log: $PREFIX/hub/hub.log; stop: deploy/down.sh)"
fi
