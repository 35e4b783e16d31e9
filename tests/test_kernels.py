"""scripts/kernels.py: kernels on private Unix sockets, for nbval, nbclient and the tests."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

import nbformat
import pytest

from scripts import kernels

pytestmark = pytest.mark.skipif(not kernels.UNIX_SOCKETS, reason="Windows: ZeroMQ has no Unix sockets, kernels stay on TCP")


def _socket_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if stat.S_ISSOCK(path.stat().st_mode))


def test_two_kernels_listen_on_sockets_in_folders_of_their_own() -> None:
    started = [kernels.start_kernel() for _ in range(2)]
    try:
        folders = [Path(manager.ip).parent for manager, _ in started]
        for manager, client in started:
            info = manager.get_connection_info()
            assert info["transport"] == "ipc"
            assert Path(info["ip"]).parent.name.startswith(kernels.SOCKET_FOLDER_PREFIX)
            reply = client.execute_interactive("print(6 * 7)", timeout=60)
            assert reply["content"]["status"] == "ok"
        assert folders[0] != folders[1]
        # shell, iopub, stdin, control and heartbeat: five sockets, none shared
        assert [len(_socket_files(folder)) for folder in folders] == [5, 5]
    finally:
        for manager, client in started:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    assert [folder.exists() for folder in folders] == [False, False]


def test_nbval_starts_its_kernels_on_private_sockets() -> None:
    """conftest.py switched nbval over; its RunningKernel is what runs every stored lesson."""
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel

    kernel = RunningKernel(CURRENT_ENV_KERNEL_NAME)
    try:
        assert type(kernel.km) is kernels.PrivateKernelManager
        assert kernel.km.transport == "ipc"
        folder = Path(kernel.km.ip).parent
        assert len(_socket_files(folder)) == 5
    finally:
        kernel.stop()
    assert not folder.exists()


def test_nbclient_runs_a_notebook_on_private_sockets(tmp_path: Path) -> None:
    """The client scripts.run_notebooks and the backend tests run lessons with."""
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import os; print('on a socket in', os.path.basename(os.getcwd()))")]
    )
    client = kernels.notebook_client(notebook, tmp_path, timeout=60)
    seen: list[str] = []

    async def run() -> None:
        async with client.async_setup_kernel():
            seen.append(client.km.get_connection_info()["transport"])
            seen.append(str(Path(client.km.ip).parent))
            await client.async_execute_cell(notebook.cells[0], 0)

    asyncio.run(run())
    assert seen[0] == "ipc"
    assert notebook.cells[0].outputs[0]["text"] == f"on a socket in {tmp_path.name}\n"  # started in the given folder
    assert not Path(seen[1]).exists()
