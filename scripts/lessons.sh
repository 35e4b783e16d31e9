#!/usr/bin/env bash
# Set up (Graphviz, .venv, kteach[lab]) and run the lessons.
#   bash scripts/lessons.sh           run every lesson top to bottom at full size
#   bash scripts/lessons.sh --quick   the small, fast version (what CI checks)
#   bash scripts/lessons.sh --lab     open JupyterLab on notebooks/ instead
#   bash scripts/lessons.sh 01 03     only the lessons with these numbers
#   bash scripts/lessons.sh --lang zh the Chinese lessons (notebooks/zh/) instead
# Executed copies go to artifacts/lessons/; the stored notebooks are not touched.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_kteach "test,lab"
cd "$ROOT"
if [ "${1:-}" = "--lab" ]; then
    exec "$VENV/bin/jupyter" lab "$ROOT/notebooks"
fi
exec "$VENV/bin/python" -m scripts.run_notebooks "$@"
