"""Where kteach runs: inside a notebook kernel or not, and Colab's widget set-up.

The live plot (lesson 01) draws a figure only inside a notebook kernel, and
the panel (lesson 02) turns on Colab's widget manager when it is shown, so no
lesson carries set-up code for either.
"""

from __future__ import annotations

import sys

NOTEBOOK_SHELLS = ("ZMQInteractiveShell",)  # Jupyter, JupyterLab, VS Code
NOTEBOOK_SHELL_MODULES = ("google.colab",)  # Colab's own shell class


def in_notebook() -> bool:
    """Return True inside a notebook kernel (Jupyter, JupyterLab, VS Code, Colab)."""
    ipython = sys.modules.get("IPython")  # never imported: certainly no kernel
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    cls = type(shell)
    return cls.__name__ in NOTEBOOK_SHELLS or cls.__module__.startswith(NOTEBOOK_SHELL_MODULES)


def enable_colab_widgets() -> bool:
    """On Colab, turn on the custom widget manager that ipywidgets 8 needs; elsewhere do nothing.

    Done where the panel is shown, so no lesson has to carry Colab set-up code.

    Returns:
        True if it ran on Colab.
    """
    colab = sys.modules.get("google.colab")
    if colab is None:
        return False
    from google.colab import output  # type: ignore[import-not-found]

    output.enable_custom_widget_manager()
    return True
