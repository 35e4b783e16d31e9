"""Rebuild the README's lesson table (Binder and Colab links) from the lessons.

The repository URL is set once, as ``[project.urls] Repository`` in
``pyproject.toml``; every link is derived from it. Each lesson's title and description
come from its header, read by ``scripts.lesson_rules`` (which refuses a lesson that breaks
a header rule). ``--check`` exits 1 when the README's table is out of date (the test suite
runs that check):

    python -m scripts.lesson_table [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

from kteach.files import write_atomic
from scripts.lesson_rules import LessonFormatError, lessons, read_header
from scripts.readme_section import replace_section

ROOT = Path(__file__).resolve().parent.parent
BRANCH = "main"


def repository() -> tuple[str, str]:
    """Return (URL, "owner/name") of the repository set in pyproject.toml."""
    url = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"].rstrip("/")
    match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+)", url)
    if not match:
        raise SystemExit(f"[project.urls] Repository must be https://github.com/OWNER/NAME, not {url!r}")
    return url, match.group(1)


def links(slug: str, path: str) -> str:
    """Return the Binder and Colab links that open the notebook at ``path``."""
    binder = f"https://mybinder.org/v2/gh/{slug}/{BRANCH}?labpath={path}"
    colab = f"https://colab.research.google.com/github/{slug}/blob/{BRANCH}/{path}"
    return f"[Binder]({binder}) · [Colab]({colab})"


def table() -> str:
    """Markdown table of every lesson with Binder and Colab links, in English and in Chinese."""
    url, slug = repository()
    rows = ["| lesson | what it teaches | open | 中文版 (Chinese) |", "| --- | --- | --- | --- |"]
    for source in lessons():
        path, chinese = f"notebooks/{source.stem}.ipynb", f"notebooks/zh/{source.stem}.ipynb"
        header = read_header(source)
        rows.append(f"| [{source.stem}]({path}): {header.title} | {header.description} | {links(slug, path)} | [中文]({chinese}) · {links(slug, chinese)} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md is out of date")
    args = parser.parse_args(argv)
    path = ROOT / "README.md"
    current = path.read_text(encoding="utf-8")
    try:
        fresh = replace_section(current, "lessons", table())
    except LessonFormatError as error:
        print(error)
        return 1
    if args.check:
        if fresh != current:
            print("README.md's lesson table is out of date: run python -m scripts.lesson_table")
            return 1
        return 0
    write_atomic(path, fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
