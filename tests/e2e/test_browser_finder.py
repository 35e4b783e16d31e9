"""browser_finder: the browser test finds a real Chromium or Chrome and never a snap stub."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_finder import find_browser

SNAP_STUB = '#!/bin/sh\necho "Command \'/usr/bin/chromium-browser\' requires the chromium snap to be installed."\nexit 1\n'


def fake_program(folder: Path, name: str, script: str) -> Path:
    """An executable ``name`` in ``folder`` running the shell ``script``."""
    path = folder / name
    path.write_text(script)
    path.chmod(0o755)
    return path


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is the whole PATH, and no KTEACH_BROWSER."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("KTEACH_BROWSER", raising=False)
    return tmp_path


def test_a_snap_stub_is_passed_over_for_google_chrome(bin_dir: Path) -> None:
    fake_program(bin_dir, "chromium", SNAP_STUB)
    fake_program(bin_dir, "chromium-browser", SNAP_STUB)
    chrome = fake_program(bin_dir, "google-chrome", '#!/bin/sh\necho "Google Chrome 131.0.6778.85 "\n')
    assert find_browser() == str(chrome)


def test_debian_chromium_comes_first(bin_dir: Path) -> None:
    chromium = fake_program(bin_dir, "chromium", '#!/bin/sh\necho "Chromium 131.0.6778.85 built on Debian"\n')
    fake_program(bin_dir, "google-chrome", '#!/bin/sh\necho "Google Chrome 131.0.6778.85 "\n')
    assert find_browser() == str(chromium)


def test_nothing_real_means_none_and_kteach_browser_decides_alone(bin_dir: Path, monkeypatch) -> None:
    fake_program(bin_dir, "chromium-browser", SNAP_STUB)
    assert find_browser() is None
    chrome = fake_program(bin_dir, "my-chrome", '#!/bin/sh\necho "Google Chrome 140.0.1 "\n')
    fake_program(bin_dir, "chromium", '#!/bin/sh\necho "Chromium 131.0.6778.85"\n')
    monkeypatch.setenv("KTEACH_BROWSER", str(chrome))
    assert find_browser() == str(chrome)
    monkeypatch.setenv("KTEACH_BROWSER", str(bin_dir / "chromium-browser"))
    assert find_browser() is None  # the named one is a stub: no silent fallback to another
