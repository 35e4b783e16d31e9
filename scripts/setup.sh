# Shared set-up for scripts/lessons.sh and scripts/test.sh (sourced, not run).
# Installs what a fresh Debian/Ubuntu machine lacks, by package name: Graphviz (for model
# diagrams) and a Chinese font (for the Chinese lessons' plots) with apt, then kteach and its
# extras with pip in .venv, at the exact versions of constraints.txt (the versions the stored
# notebooks were made with). KTEACH_NEWEST=1 installs the newest releases instead (the weekly
# CI job that finds what a new Keras breaks).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KTEACH_VENV:-$ROOT/.venv}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    # apt_install PACKAGE... : install the Debian packages that are missing.
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_kteach() {
    # setup_kteach EXTRAS : system packages, then a venv with kteach[EXTRAS].
    apt_install graphviz fonts-wqy-microhei python3-venv
    # The browser test (tests/e2e) drives a real Chromium with Playwright (no browser download):
    # Debian's, unless the machine already has one (GitHub's runners ship Google Chrome, and
    # Ubuntu's chromium package is only a snap stub).
    case ",$1," in
        *,test,*) python3 "$ROOT/tests/e2e/browser_finder.py" >/dev/null || apt_install chromium ;;
    esac
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> python3 -m venv $VENV"
        python3 -m venv "$VENV"
    fi
    # The versions: those of constraints.txt, or with KTEACH_NEWEST=1 the newest releases.
    local versions=(--constraint "$ROOT/constraints.txt")
    if [ "${KTEACH_NEWEST:-0}" = "1" ]; then
        versions=(--upgrade --upgrade-strategy eager)
    fi
    echo "==> pip install ${versions[*]} -e .[$1] (first time: a few minutes, TensorFlow is large)"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q "${versions[@]}" -e "$ROOT[$1]"
    # Point kteach at the project's shared data when it sits beside the checkout.
    if [ -z "${KTEACH_DATA_DIR:-}" ] && [ -d "$ROOT/../shared/data" ]; then
        export KTEACH_DATA_DIR="$(cd "$ROOT/../shared/data" && pwd)"
    fi
}
