"""Find a real Chromium or Google Chrome for the browser test (standard library only).

Debian's ``chromium`` package is a real browser; Ubuntu's is a stub that installs a snap, and
GitHub's Ubuntu runners ship Google Chrome. So candidates are tried in order, ``$KTEACH_BROWSER``
first, and one counts only when ``--version`` answers like a browser. ``scripts/setup.sh`` runs
this file to decide whether to install Debian's ``chromium``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

CANDIDATES = ("chromium", "google-chrome", "google-chrome-stable", "chromium-browser")
VERSION_PATTERN = re.compile(r"^(Chromium|Google Chrome(?: for Testing)?) \d+\.", re.M)
VERSION_TIMEOUT_S = 20


def answers_like_a_browser(path: str) -> bool:
    """Whether ``path --version`` prints a Chromium or Chrome version (a snap stub does not)."""
    try:
        done = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=VERSION_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and VERSION_PATTERN.search(done.stdout) is not None


def find_browser() -> str | None:
    """The first real browser among ``$KTEACH_BROWSER`` and CANDIDATES on PATH, or None."""
    wanted = os.environ.get("KTEACH_BROWSER")
    names = (wanted,) if wanted else CANDIDATES
    for name in names:
        path = shutil.which(name)
        if path is not None and answers_like_a_browser(path):
            return path
    return None


if __name__ == "__main__":
    found = find_browser()
    print(found or "no Chromium or Google Chrome found")
    sys.exit(0 if found else 1)
