"""Binder, CI and README links, checked offline: what repo2docker and GitHub Actions will read.

repo2docker reads ``binder/`` and then ignores the repository root, installs
``binder/environment.yml`` before the repository is copied in, and runs ``binder/postBuild``
from the root. The pre-cache step of postBuild is executed here, offline (it then falls back
to the shipped samples and must say so).
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
BINDER = ROOT / "binder"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SLUG = PYPROJECT["project"]["urls"]["Repository"].removeprefix("https://github.com/")
POST_BUILD = (BINDER / "postBuild").read_text(encoding="utf-8")
ROOT_CONFIGS = ("environment.yml", "requirements.txt", "apt.txt", "postBuild", "runtime.txt", "Project.toml")


def test_binder_config_lives_only_in_binder() -> None:
    # with binder/ present, repo2docker ignores these at the root: they would only mislead
    assert [name for name in ROOT_CONFIGS if (ROOT / name).exists()] == []


def test_environment_uses_conda_forge_names_and_no_local_paths() -> None:
    environment = yaml.safe_load((BINDER / "environment.yml").read_text(encoding="utf-8"))
    assert environment["channels"] == ["conda-forge", "nodefaults"]
    dependencies = environment["dependencies"]
    assert all(isinstance(item, str) for item in dependencies), "no pip section: postBuild installs kteach"
    names = {re.split(r"[=<>]", item)[0] for item in dependencies}
    assert names == {"python", "graphviz", "pip"}  # conda-forge's names; `graphviz` brings `dot`
    assert "python=3.11" in dependencies


def test_apt_txt_installs_the_chinese_font_kteach_looks_for() -> None:
    from kteach.fonts import CJK_FILE_PATTERN, FONT_PACKAGE

    packages = [line.strip() for line in (BINDER / "apt.txt").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
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


def test_post_build_installs_kteach_then_caches_every_dataset() -> None:
    assert os.access(BINDER / "postBuild", os.X_OK)
    assert POST_BUILD.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in POST_BUILD
    install = POST_BUILD.index('pip install --no-cache-dir -e ".[lab]"')
    assert install < POST_BUILD.index("KTEACH_QUICK=0 python")
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
