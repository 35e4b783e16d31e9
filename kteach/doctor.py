"""``kteach.doctor()``: one cell that says whether this machine can run the lessons, and how to fix it.

Introduced in the lessons' first cell (any lesson; the same on JupyterLab, Binder and
Colab). It reports the TensorFlow and Keras versions, whether the widget front end can
render the panel, whether Graphviz can draw model diagrams, and where each dataset would
load from (``kteach.datasets.where``: no data is read), then ends with a pass/fail
checklist giving the fix for each failure. The report is plain state (:class:`Check`
rows) with a text repr and an HTML repr; nothing here prints or draws by itself.
"""

from __future__ import annotations

import html
import importlib.metadata
import shutil
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kteach.settings import quick_mode

MIN_KERAS_MAJOR = 3
MIN_IPYWIDGETS_MAJOR = 8
KIND_LABELS = {
    "local": "local copy",
    "keras-cache": "Keras cache",
    "download": "download from Keras's host into",
    "sample": "shipped sample",
}
WIDGET_FIX = 'pip install "ipywidgets>=8" jupyterlab_widgets, then reload the browser page'
COLAB_WIDGET_FIX = "run: from google.colab import output; output.enable_custom_widget_manager()"
KERAS_FIX = 'pip install -U "tensorflow>=2.16" "keras>=3", then restart the kernel'
GRAPHVIZ_FIX = (
    "apt-get install graphviz (Colab, Debian, Ubuntu), conda install graphviz, or brew install graphviz; "
    "then pip install pydot and restart the kernel"
)


@dataclass(frozen=True)
class Check:
    """One line of the checklist.

    Attributes:
        name: What was checked, e.g. ``"Graphviz"``.
        ok: True if it passed.
        detail: What was found (versions, paths, the data source).
        fix: What to do when it failed; empty when it passed.
    """

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class DoctorReport:
    """The checks, in order; shown as text (``repr``) or as an HTML table in Jupyter."""

    checks: tuple[Check, ...]
    quick: bool = False

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(check.ok for check in self.checks)

    @property
    def failures(self) -> list[Check]:
        """The checks that failed, in order."""
        return [check for check in self.checks if not check.ok]

    def __repr__(self) -> str:
        mode = "on (shipped samples)" if self.quick else "off"
        lines = [f"kteach doctor (quick mode {mode})"]
        lines += [f"  {check.name}: {check.detail}" for check in self.checks]
        lines.append("Checklist:")
        for check in self.checks:
            lines.append(f"  [{'pass' if check.ok else 'FAIL'}] {check.name}")
            if not check.ok:
                lines.append(f"         fix: {check.fix}")
        lines.append(self._verdict())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            "<tr>"
            f"<td>{'&#10004; pass' if check.ok else '&#10008; <b>FAIL</b>'}</td>"
            f"<td>{html.escape(check.name)}</td>"
            f"<td>{html.escape(check.detail)}</td>"
            f"<td>{html.escape(check.fix)}</td>"
            "</tr>"
            for check in self.checks
        )
        head = "<tr><th></th><th>check</th><th>found</th><th>fix</th></tr>"
        mode = "on" if self.quick else "off"
        return (
            f"<div><b>kteach doctor</b> (quick mode {mode})"
            f"<table>{head}{rows}</table><p>{html.escape(self._verdict())}</p></div>"
        )

    def _verdict(self) -> str:
        passed = len(self.checks) - len(self.failures)
        if self.ok:
            return f"All {len(self.checks)} checks passed."
        return f"{passed} of {len(self.checks)} checks passed; fix the FAIL lines above and run kteach.doctor() again."


def installed_version(distribution: str) -> str | None:
    """The installed version of a pip distribution, or None when it is not installed."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _major(version: str | None) -> int:
    """The leading number of a version string (0 when unknown)."""
    head = (version or "0").split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def in_colab() -> bool:
    """True inside a Google Colab kernel."""
    return "google.colab" in sys.modules


def colab_widget_manager_enabled() -> bool:
    """True once ``google.colab.output.enable_custom_widget_manager()`` ran in this Colab kernel.

    Colab keeps the URL it installed in a private module variable; if that is renamed we
    report False, whose fix (enabling it again) is harmless.
    """
    try:
        from google.colab.output import _widgets  # type: ignore[import-not-found]
    except ImportError:
        return False
    return bool(getattr(_widgets, "_installed_url", None))


def check_keras(version: Callable[[str], str | None] = installed_version) -> Check:
    """TensorFlow and Keras 3 are installed (the lessons teach the Keras 3 API)."""
    tensorflow, keras = version("tensorflow"), version("keras")
    detail = f"TensorFlow {tensorflow or 'not installed'}, Keras {keras or 'not installed'}"
    ok = tensorflow is not None and _major(keras) >= MIN_KERAS_MAJOR
    return Check("TensorFlow and Keras 3", ok, detail, "" if ok else KERAS_FIX)


def check_widgets(
    version: Callable[[str], str | None] = installed_version,
    colab: bool = False,
    colab_manager: bool = False,
) -> Check:
    """ipywidgets 8 plus a front end that renders it: JupyterLab's or the classic notebook's, or Colab's manager."""
    widgets = version("ipywidgets")
    if _major(widgets) < MIN_IPYWIDGETS_MAJOR:
        return Check("widgets (the panel)", False, f"ipywidgets {widgets or 'not installed'}", WIDGET_FIX)
    if colab:
        detail = f"ipywidgets {widgets} on Colab, custom widget manager {'on' if colab_manager else 'off'}"
        return Check("widgets (the panel)", colab_manager, detail, "" if colab_manager else COLAB_WIDGET_FIX)
    front_ends = {name: version(name) for name in ("jupyterlab_widgets", "widgetsnbextension")}
    found = [f"{name} {value}" for name, value in front_ends.items() if value]
    detail = ", ".join([f"ipywidgets {widgets}", *found]) if found else f"ipywidgets {widgets}, no front end"
    return Check("widgets (the panel)", bool(found), detail, "" if found else WIDGET_FIX)


def check_graphviz(missing: Sequence[str] | None = None) -> Check:
    """pydot and Graphviz's ``dot`` are both present, so ``show_model`` draws a diagram, not text."""
    from kteach.diagram import GRAPHVIZ_PROGRAM, missing_tools

    missing = missing_tools() if missing is None else list(missing)
    if missing:
        return Check("Graphviz (model diagrams)", False, f"{' and '.join(missing)} not found", GRAPHVIZ_FIX)
    detail = f"dot at {shutil.which(GRAPHVIZ_PROGRAM)}, pydot {installed_version('pydot')}"
    return Check("Graphviz (model diagrams)", True, detail)


def check_dataset(name: str) -> Check:
    """Where ``load_<name>()`` would read from now; the full data (or quick mode's sample) passes."""
    from kteach.datasets.sources import spec_for, where

    spec = spec_for(name)
    try:
        source = where(name)
    except (FileNotFoundError, ValueError) as error:
        return Check(f"{spec.title} data", False, f"cannot tell: {error}", str(error))
    note = f" ({source.note})" if source.note else ""
    origin = f" {source.url}" if source.url else ""
    detail = f"{KIND_LABELS[source.kind]}{origin} {source.location}{note}"
    if source.kind == "sample" and source.quick:
        return Check(f"{spec.title} data", True, f"quick mode: {detail}")
    ok = source.kind != "sample"
    return Check(f"{spec.title} data", ok, detail, "" if ok else f"for the full data, {spec.how_to_get}")


def doctor() -> DoctorReport:
    """Check this machine for the lessons; the report shows as a table in Jupyter, as text elsewhere.

    Reads no dataset; it may wait up to 3 s to see whether Keras's download host answers
    (set ``KTEACH_OFFLINE=1`` to skip that).
    """
    from kteach.datasets import DATASETS

    colab = in_colab()
    checks = [
        check_keras(),
        check_widgets(colab=colab, colab_manager=colab and colab_widget_manager_enabled()),
        check_graphviz(),
        *(check_dataset(name) for name in DATASETS),
    ]
    return DoctorReport(tuple(checks), quick=quick_mode())


class _CallableModule(types.ModuleType):
    """Lets ``kteach.doctor()`` work even after ``import kteach.doctor`` made ``kteach.doctor`` this module."""

    def __call__(self) -> DoctorReport:
        return doctor()


sys.modules[__name__].__class__ = _CallableModule
