#!/usr/bin/env bash
# Set up (Graphviz, .venv, kteach[test]) and run the whole test suite:
# unit tests plus nbval re-running every lesson in quick mode.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not slow"`.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_kteach test
cd "$ROOT"
set +e
"$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure, not a pass" >&2
    exit 1
fi
exit "$rc"
