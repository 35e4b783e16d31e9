"""Replace the text between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->`` in README.md.

Usage: ``python -m scripts.readme_section NAME FILE`` (FILE ``-`` reads stdin).
Used to paste measured figures (tests, benchmarks) into the README. The README is written
atomically (a temporary file renamed onto it), so an interrupted or failed write leaves it whole.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kteach.files import write_atomic

README = Path(__file__).resolve().parent.parent / "README.md"


def replace_section(text: str, name: str, body: str) -> str:
    """Return ``text`` with section ``name`` holding ``body``; raise if the markers are missing."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"README.md lacks the markers {begin} ... {end}")
    return pattern.sub(lambda _: f"{begin}\n{body.strip()}\n{end}", text)


def main(argv: list[str]) -> int:
    name, source = argv
    body = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    write_atomic(README, replace_section(README.read_text(encoding="utf-8"), name, body))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
