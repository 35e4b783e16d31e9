"""Binder, conda, CI and README links, checked offline: what repo2docker and GitHub Actions will read.

The top-level ``environment.yml`` is the one environment file: conda users and Binder both
install it. repo2docker reads the repository root when there is no ``binder/`` or ``.binder/``
folder; because the file installs this checkout (``-e .``) with ``-c constraints.txt``, it
copies the repository in before installing it, and pip runs from the root. It then installs
``apt.txt`` and runs ``postBuild`` from the root. The pre-cache step of postBuild is executed
here, offline (it then falls back to the shipped samples and must say so).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml
from packaging.specifiers import SpecifierSet

from kteach.datasets import DATASETS

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SLUG = PYPROJECT["project"]["urls"]["Repository"].removeprefix("https://github.com/")
POST_BUILD = (ROOT / "postBuild").read_text(encoding="utf-8")
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
# Files repo2docker would read instead of, or besides, the top-level ones.
OTHER_CONFIGS = ("binder", ".binder", "requirements.txt", "runtime.txt", "Project.toml", "setup.py", "Pipfile")


def test_the_top_level_environment_is_the_only_environment_file() -> None:
    # a binder/ folder would make repo2docker ignore the top level; a second file would drift
    assert [name for name in OTHER_CONFIGS if (ROOT / name).exists()] == []
    assert [path.name for path in ROOT.glob("environment*.y*ml")] == ["environment.yml"]


def test_environment_installs_python_graphviz_and_kteach_with_its_lab_extra_at_the_pinned_versions() -> None:
    assert ENVIRONMENT["channels"] == ["conda-forge", "nodefaults"]
    conda = [item for item in ENVIRONMENT["dependencies"] if isinstance(item, str)]
    assert conda == ["python=3.11", "graphviz", "pip"]  # conda-forge's names; `graphviz` brings `dot`
    pip = [item["pip"] for item in ENVIRONMENT["dependencies"] if isinstance(item, dict)]
    assert pip == [["-c constraints.txt", "-e .[lab]"]]  # paths relative to environment.yml: the root
    assert "lab" in PYPROJECT["project"]["optional-dependencies"]


def test_apt_txt_installs_the_chinese_font_kteach_looks_for() -> None:
    from kteach.fonts import CJK_FILE_PATTERN, FONT_PACKAGE

    packages = [line.strip() for line in (ROOT / "apt.txt").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert packages == [FONT_PACKAGE]
    # the package's font file (wqy-microhei.ttc) is one kteach.fonts registers
    assert CJK_FILE_PATTERN.search("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def test_python_version_is_the_ci_one_and_allowed_by_pyproject() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["tests"]["steps"]
    python = next(step["with"]["python-version"] for step in steps if "setup-python" in step.get("uses", ""))
    assert python == "3.11"
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(python)


def test_workflow_runs_the_readme_test_command_on_ubuntu() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    job = workflow["jobs"]["tests"]
    assert job["runs-on"].startswith("ubuntu")
    commands = [step["run"] for step in job["steps"] if "run" in step]
    assert any(command.startswith("bash scripts/test.sh") for command in commands)


def test_post_build_caches_every_dataset_and_installs_nothing_itself() -> None:
    assert os.access(ROOT / "postBuild", os.X_OK)
    assert POST_BUILD.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in POST_BUILD
    assert "pip install" not in POST_BUILD  # environment.yml installs kteach, once
    assert "KTEACH_QUICK=0 python" in POST_BUILD
    for name in DATASETS:
        assert f'("{name}", kteach.load_{name})' in POST_BUILD


def test_post_build_cache_step_runs_and_says_when_it_got_only_a_sample(tmp_path: Path) -> None:
    script = POST_BUILD.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    env = {
        **os.environ,
        "KTEACH_QUICK": "0",
        "KTEACH_OFFLINE": "1",
        "KERAS_HOME": str(tmp_path / "keras"),
        "KTEACH_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("KTEACH_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    samples = [line for line in lines if ": shipped sample (" in line]
    warnings = [line for line in lines if line.startswith("WARNING: the full")]
    assert len(samples) == len(warnings) >= 2  # MNIST and IMDB at least: nothing local here, and offline
    assert any(line.startswith("IMDB: shipped sample") for line in samples)


@pytest.mark.parametrize("service", ["mybinder.org", "colab.research.google.com"])
def test_readme_links_open_lessons_that_exist(service: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(rf"\((https://{re.escape(service)}/[^)]+)\)", readme)
    assert links
    for link in links:
        if service == "mybinder.org":
            match = re.fullmatch(rf"https://mybinder\.org/v2/gh/{SLUG}/main\?labpath=(notebooks/(?:zh/)?\d\d_\w+\.ipynb)", link)
        else:
            match = re.fullmatch(
                rf"https://colab\.research\.google\.com/github/{SLUG}/blob/main/(notebooks/(?:zh/)?\d\d_\w+\.ipynb)", link
            )
        assert match, f"{link} does not open a lesson of {SLUG} on main"
        assert (ROOT / match.group(1)).is_file(), f"{link} points at a missing notebook"
