"""Fixtures for the browser tests: a JupyterLab server on 127.0.0.1 and a real Chromium.

The browser is Debian's Chromium, or Google Chrome where that is what the machine has
(GitHub's Ubuntu runners), or ``$KTEACH_BROWSER``: see ``browser_finder.py``. Both are always
shut down at teardown, also when the test fails. The tests skip (with the reason) only when
no browser is found or Playwright is missing; ``scripts/setup.sh`` installs both, and in CI
(``KTEACH_REQUIRE_ALL=1``) that skip fails the run.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_finder import find_browser

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 90
SERVER_STOP_TIMEOUT_S = 15


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: drives JupyterLab in a real browser (Chromium); slow")


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab: where it listens, its token, and the folder it serves."""

    url: str
    token: str
    root: Path
    log: Path

    def log_tail(self, characters: int = 3000) -> str:
        """The end of the server's log (kernel start-up errors land there)."""
        return self.log.read_text(errors="replace")[-characters:]

    def notebook_url(self, name: str) -> str:
        """The address that opens ``name`` (relative to ``root``) in JupyterLab."""
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, token: str, process: subprocess.Popen, timeout: float, log: Path) -> None:
    """Poll the server's status API until it answers; fail early, with its log, if the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"jupyter lab exited with code {process.returncode} before answering:\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"jupyter lab did not answer at {url} within {timeout} s")


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM the server's process group (server and kernels), then SIGKILL what is left."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # kernels the server left behind
    except ProcessLookupError:
        pass
    process.wait()


@pytest.fixture
def lab_server(tmp_path: Path) -> Iterator[LabServer]:
    """JupyterLab on a free 127.0.0.1 port with a random token, serving ``tmp_path/work``."""
    root = tmp_path / "work"
    root.mkdir()
    home = tmp_path / "jupyter"
    env = {
        **os.environ,
        "KTEACH_QUICK": "1",
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=", "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if os.geteuid() == 0:  # CI containers run as root; Jupyter refuses that unless told
        command.append("--allow-root")
    log_path = tmp_path / "jupyter-lab.log"
    log = log_path.open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, token, process, SERVER_START_TIMEOUT_S, log_path)
        yield LabServer(url, token, root, log_path)
    finally:
        stop_process_group(process)
        log.close()


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[object]:
    """A Playwright page in headless Chromium (or Chrome) with a fresh profile; closed at teardown."""
    browser = find_browser()
    if browser is None:
        pytest.skip(
            "no Chromium or Google Chrome found (KTEACH_BROWSER or PATH): apt-get install chromium "
            "on Debian (scripts/setup.sh does)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is missing: pip install -e .[test] (scripts/setup.sh does)"
    )
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=tmp_path / "chromium-profile",  # a fresh, empty profile
            executable_path=browser,
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 1600, "height": 1300},
        )
        try:
            yield context.new_page()
        finally:
            context.close()
