"""The README's promises: its two commands exist, its lesson table is current, scripts rewrite it safely."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import readme_section

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_has_exactly_the_two_start_commands() -> None:
    start = README.split("## Start here", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", start, re.S)
    assert commands == ["bash scripts/lessons.sh", "bash scripts/test.sh"]
    for command in commands:
        assert (ROOT / command.split()[1]).is_file()


def test_ci_runs_the_readme_test_command() -> None:
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_lesson_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.lesson_table", "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for lesson in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert f"notebooks/{lesson.name}" in README


def load_readme_section(monkeypatch, readme: Path):
    """scripts.readme_section, writing to ``readme`` instead of the real README."""
    monkeypatch.setattr(readme_section, "README", readme)
    return readme_section


def test_readme_section_replaces_only_its_section(tmp_path, monkeypatch) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- tests:begin -->\nold\n<!-- tests:end -->\nrest\n", encoding="utf-8")
    body = tmp_path / "body.md"
    body.write_text("  new figures 测试\n", encoding="utf-8")
    assert load_readme_section(monkeypatch, readme).main(["tests", str(body)]) == 0
    assert readme.read_text(encoding="utf-8") == "intro\n<!-- tests:begin -->\nnew figures 测试\n<!-- tests:end -->\nrest\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["README.md", "body.md"]


def test_a_failed_readme_write_leaves_the_readme_whole(tmp_path, monkeypatch) -> None:
    readme = tmp_path / "README.md"
    original = "intro\n<!-- tests:begin -->\nold\n<!-- tests:end -->\nrest\n"
    readme.write_text(original, encoding="utf-8")
    module = load_readme_section(monkeypatch, readme)
    monkeypatch.setattr(module.sys, "stdin", io.StringIO("a lone surrogate \ud800 cannot be encoded"))
    with pytest.raises(UnicodeEncodeError):  # Path.write_text would have emptied the file first
        module.main(["tests", "-"])
    assert readme.read_text(encoding="utf-8") == original
    assert [path.name for path in tmp_path.iterdir()] == ["README.md"]  # no temporary file left


def test_lesson_table_refuses_a_lesson_that_breaks_a_header_rule(tmp_path, monkeypatch, capsys) -> None:
    from scripts import lesson_rules, lesson_table

    monkeypatch.setattr(lesson_rules, "NOTEBOOKS", tmp_path)
    (tmp_path / "01_first.py").write_text("# %% [markdown]\n# # The first lesson\n", encoding="utf-8")
    assert lesson_table.main(["--check"]) == 1
    assert "01_first.py: the header must start with one line '# Lesson NN: <title>'" in capsys.readouterr().out
