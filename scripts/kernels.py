"""Jupyter kernels that talk over private Unix sockets, so kernels started in parallel never collide.

jupyter_client gives each kernel five TCP ports that it finds free in the manager's process and
then hands to the kernel. Another process (a second pytest worker, the Chinese store running
next to the English one) can take the same port in between, and the kernel dies at start-up
with ``ZMQError: Address already in use``, which nbval reports as "Kernel died before replying to
kernel_info" on every cell of the notebook. Measured here: 1 of 72 kernel starts from six
processes at once failed that way. Unix sockets in a folder of the kernel's own cannot collide.

Every kernel the tests and ``scripts.run_notebooks`` start listens this way: nbval's through
:func:`use_for_nbval` (called by ``conftest.py``), nbclient's through :func:`notebook_client`.
Windows has no Unix sockets in ZeroMQ, so there it stays on TCP.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import AsyncKernelManager, KernelManager
from jupyter_client.blocking import BlockingKernelClient
from nbclient import NotebookClient
from traitlets import default
from traitlets.config import LoggingConfigurable

SOCKET_FOLDER_PREFIX = "kteach-kernel-"
UNIX_SOCKETS = sys.platform != "win32"


class PrivateSockets(LoggingConfigurable):
    """Mixin for a kernel manager: its kernel listens on Unix sockets in a new temporary folder."""

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc" if UNIX_SOCKETS else "tcp"

    @default("ip")
    def _ip_default(self) -> str:
        """The sockets' path prefix: ``<new folder>/kernel`` (sockets ``kernel-1`` ...); TCP's localhost otherwise."""
        if self.transport != "ipc":
            return super()._ip_default()
        return str(Path(tempfile.mkdtemp(prefix=SOCKET_FOLDER_PREFIX)) / "kernel")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        """Remove the socket folder with the sockets (kept on a restart, which reuses them)."""
        await super()._async_cleanup_resources(restart=restart)
        if self.transport == "ipc" and not restart:
            shutil.rmtree(Path(self.ip).parent, ignore_errors=True)


class PrivateKernelManager(PrivateSockets, KernelManager):
    """A :class:`~jupyter_client.KernelManager` on private sockets (nbval, :func:`start_kernel`)."""


class AsyncPrivateKernelManager(PrivateSockets, AsyncKernelManager):
    """An :class:`~jupyter_client.AsyncKernelManager` on private sockets (nbclient's ``kernel_manager_class``)."""


def notebook_client(notebook: nbformat.NotebookNode, folder: Path, timeout: int) -> NotebookClient:
    """An nbclient client that runs ``notebook`` in a fresh ``python3`` kernel on private sockets.

    The kernel starts in ``folder`` (a lesson's own, so its relative paths work); each cell
    may take ``timeout`` seconds.
    """
    return NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=AsyncPrivateKernelManager,
        resources={"metadata": {"path": str(folder)}},
    )


def start_kernel(kernel_name: str = "python3", startup_timeout: float = 60, **kwargs: Any) -> tuple[PrivateKernelManager, BlockingKernelClient]:
    """Start a kernel on private sockets and wait until it answers; return its manager and a started client.

    Raises:
        RuntimeError: If the kernel dies or does not answer within ``startup_timeout`` seconds
            (it is shut down first).
    """
    manager = PrivateKernelManager(kernel_name=kernel_name)
    manager.start_kernel(**kwargs)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=startup_timeout)
    except RuntimeError:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        raise
    return manager, client


def use_for_nbval() -> None:
    """Make nbval start its kernels with :class:`PrivateKernelManager` (it has no option for it).

    nbval builds its ``KernelManager`` in ``nbval.kernel.start_new_kernel`` from that module's
    global name; the subclass keeps nbval's other arguments (its kernel-spec manager) working.
    """
    import nbval.kernel

    nbval.kernel.KernelManager = PrivateKernelManager
