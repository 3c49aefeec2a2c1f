#!/usr/bin/env bash
# Grade a week on the class hub, as root (the sandbox needs it), in the instructor's course:
#
#   sudo deploy/grade.sh INSTRUCTOR WEEK            # after `nbgrader collect WEEK` as the instructor
#
# Runs what `make grade` runs (`python -m grader grade WEEK --submissions submitted --record-in .`) with the
# shared environment and the course's own `grader`, then gives the results back to the instructor, whose
# formgrader and `nbgrader generate_feedback` / `release_feedback` take it from there.
set -euo pipefail
PREFIX=${DLF_PREFIX:-/opt/dlf}
[ $# -ge 2 ] || { echo "usage: $0 INSTRUCTOR WEEK [grader options]" >&2; exit 2; }
INSTRUCTOR=$1 WEEK=$2
[ "$(id -u)" = 0 ] || { echo "run as root (sudo): the grading sandbox needs it" >&2; exit 1; }
COURSE="$(getent passwd "$INSTRUCTOR" | cut -d: -f6)/course"
cd "$COURSE"
PYTHONPATH="$COURSE" PATH="$PREFIX/venv/bin:$PATH" "$PREFIX/venv/bin/python" -m grader grade "$WEEK" \
  --submissions submitted --record-in . "${@:3}"
chown -R "$INSTRUCTOR:" "$COURSE"
