"""``kteach.doctor()``: one cell that says whether this machine can run the lessons, and how to fix it.

Introduced in the lessons' first cell (any lesson; the same on JupyterLab, Binder and
Colab). It reports the TensorFlow and Keras versions, the Keras backend (and how to switch
to JAX, which trains faster on a CPU), whether the widget front end can
render the panel, whether Graphviz can draw model diagrams, which font draws Chinese plot
labels, and where each dataset would load from (``kteach.datasets.where``; its files are
checked by their headers and sizes, ``kteach.datasets.check``, without loading the data),
then ends with a pass/fail checklist giving the fix for each failure. The report is
plain state (:class:`Check` rows) with a text repr and an HTML repr; nothing here prints
or draws by itself. Its text follows ``kteach.set_language``.
"""

from __future__ import annotations

import html
import importlib.metadata
import shutil
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kteach import fonts
from kteach.i18n import get_language, tr
from kteach.settings import BACKEND_ENV, DEFAULT_BACKEND, active_backend, configured_backend, quick_mode

if TYPE_CHECKING:
    from kteach.datasets.sources import DataSource

MIN_KERAS_MAJOR = 3
MIN_IPYWIDGETS_MAJOR = 8
# Keras backends that can train (fit) -> the pip distribution that provides each.
TRAINING_BACKENDS = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def widget_fix() -> str:
    """How to install the widgets and their JupyterLab front end."""
    return tr('pip install "ipywidgets>=8" jupyterlab_widgets, then reload the browser page')


def colab_widget_fix() -> str:
    """How to turn on Colab's widget manager."""
    return tr("run: from google.colab import output; output.enable_custom_widget_manager()")


def keras_fix() -> str:
    """How to install TensorFlow and Keras 3."""
    return tr('pip install -U "tensorflow>=2.16" "keras>=3", then restart the kernel')


def backend_install_fix(backend: str) -> str:
    """How to install a backend's package: kteach's pip extra of the same name (``.[jax]``, ``.[torch]``)."""
    return tr(
        'pip install -e ".[{extra}]" in the kteach folder (or pip install {extra}), then restart the kernel',
        extra=backend,
    )


def backend_switch_note() -> str:
    """What a CPU learner on TensorFlow gains from JAX, and how to switch (shown under a passing backend check)."""
    return tr(
        "on a CPU, JAX trains lesson 01's network about twice as fast and imports Keras in a third of the time, "
        "but compiles each new model first, so many short fits (lessons 02 and 07) run slower. To switch: pip install -e \".[jax]\" in the "
        'kteach folder (or pip install jax), then set {env}=jax before import keras (os.environ["{env}"] = "jax" '
        'in the first cell) or write "backend": "jax" into ~/.keras/keras.json, and restart the kernel. '
        "Lesson 06 keeps TensorFlow installed for one cell.",
        env=BACKEND_ENV,
    )


def graphviz_fix() -> str:
    """How to install Graphviz and pydot."""
    return tr(
        "apt-get install graphviz (Colab, Debian, Ubuntu), conda install graphviz, or brew install graphviz; "
        "then pip install pydot and restart the kernel"
    )


def font_fix() -> str:
    """How to install the Chinese font that kteach looks for first."""
    return tr(
        "sudo apt-get install {package} (on Colab: !apt-get install -y {package}), "
        "then call kteach.set_language('zh') again",
        package=fonts.FONT_PACKAGE,
    )


@dataclass(frozen=True)
class Check:
    """One line of the checklist.

    Attributes:
        name: What was checked, e.g. ``"Graphviz"``.
        ok: True if it passed.
        detail: What was found (versions, paths, the data source).
        fix: What to do when it failed; empty when it passed.
        note: A tip worth knowing even when it passed (shown as a ``tip:`` line).
    """

    name: str
    ok: bool
    detail: str
    fix: str = ""
    note: str = ""


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
        mode = tr("(quick mode on (shipped samples))") if self.quick else tr("(quick mode off)")
        lines = [f"kteach doctor {mode}"]
        lines += ["  " + tr("{name}: {detail}", name=check.name, detail=check.detail) for check in self.checks]
        lines.append(tr("Checklist:"))
        for check in self.checks:
            lines.append(f"  [{_mark(check.ok)}] {check.name}")
            if not check.ok:
                lines.append("         " + tr("fix: {fix}", fix=check.fix))
            if check.note:
                lines.append("         " + tr("tip: {note}", note=check.note))
        lines.append(self._verdict())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            "<tr>"
            f"<td>{_html_mark(check.ok)}</td>"
            f"<td>{html.escape(check.name)}</td>"
            f"<td>{html.escape(check.detail)}</td>"
            f"<td>{html.escape(' '.join(filter(None, (check.fix, check.note))))}</td>"
            "</tr>"
            for check in self.checks
        )
        head = "<tr><th></th><th>{}</th><th>{}</th><th>{}</th></tr>".format(
            *(html.escape(text) for text in (tr("check"), tr("found"), tr("fix")))
        )
        mode = html.escape(tr("(quick mode on)") if self.quick else tr("(quick mode off)"))
        return (
            f"<div><b>kteach doctor</b> {mode}"
            f"<table>{head}{rows}</table><p>{html.escape(self._verdict())}</p></div>"
        )

    def _verdict(self) -> str:
        passed = len(self.checks) - len(self.failures)
        if self.ok:
            return tr("All {count} checks passed.", count=len(self.checks))
        return tr(
            "{passed} of {count} checks passed; fix the FAIL lines above and run kteach.doctor() again.",
            passed=passed,
            count=len(self.checks),
        )


def _mark(ok: bool) -> str:
    """The checklist's mark of a check: pass or FAIL."""
    return tr("pass") if ok else tr("FAIL")


def _html_mark(ok: bool) -> str:
    """The HTML table's mark of a check: a tick and pass, or a cross and a bold FAIL."""
    return f"&#10004; {html.escape(_mark(True))}" if ok else f"&#10008; <b>{html.escape(_mark(False))}</b>"


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
    detail = tr(
        "TensorFlow {tensorflow}, Keras {keras}",
        tensorflow=tensorflow or tr("not installed"),
        keras=keras or tr("not installed"),
    )
    ok = tensorflow is not None and _major(keras) >= MIN_KERAS_MAJOR
    return Check(tr("TensorFlow and Keras 3"), ok, detail, "" if ok else keras_fix())


def check_backend(
    configured: tuple[str, str] | None = None,
    active: str | None = None,
    version: Callable[[str], str | None] = installed_version,
) -> Check:
    """The Keras backend: one that can train, installed, and the one Keras was imported with.

    Passes with a tip on how to switch to JAX while TensorFlow is in use. Fails for a backend
    that cannot ``fit`` (numpy, openvino), one whose package is missing, and a choice made after
    ``import keras`` (it needs a kernel restart to count).

    Args:
        configured: ``(name, origin)`` as :func:`kteach.settings.configured_backend` returns it.
        active: The imported Keras's backend, or None before ``import keras``.
    """
    name, origin = configured or configured_backend()
    active = active_backend() if configured is None else active
    title = tr("Keras backend")
    if active is not None and active != name:
        detail = tr("Keras was imported with {active}, but {origin} now says {name}", active=active, origin=origin, name=name)
        return Check(title, False, detail, tr("restart the kernel: the backend is chosen once, at import keras"))
    package = TRAINING_BACKENDS.get(name)
    if package is None:
        detail = tr("{name} (from {origin}) cannot train models", name=name, origin=_backend_origin(origin))
        choices = ", ".join(TRAINING_BACKENDS)
        return Check(title, False, detail, tr("set {env} to one of {choices}", env=BACKEND_ENV, choices=choices))
    installed = version(package)
    if installed is None:
        detail = tr("{name} (from {origin}) is not installed", name=name, origin=_backend_origin(origin))
        return Check(title, False, detail, backend_install_fix(name))
    detail = tr("{name} {version} (from {origin})", name=name, version=installed, origin=_backend_origin(origin))
    return Check(title, True, detail, note=backend_switch_note() if name == DEFAULT_BACKEND else "")


def _backend_origin(origin: str) -> str:
    """Where the backend choice came from, in words: the variable, a keras.json path, or Keras's default."""
    return tr("Keras's default") if origin == "default" else origin


def check_widgets(
    version: Callable[[str], str | None] = installed_version,
    colab: bool = False,
    colab_manager: bool = False,
) -> Check:
    """ipywidgets 8 plus a front end that renders it: JupyterLab's or the classic notebook's, or Colab's manager."""
    name = tr("widgets (the panel)")
    widgets = version("ipywidgets")
    if _major(widgets) < MIN_IPYWIDGETS_MAJOR:
        return Check(name, False, f"ipywidgets {widgets or tr('not installed')}", widget_fix())
    if colab:
        if colab_manager:
            detail = tr("ipywidgets {version} on Colab, custom widget manager on", version=widgets)
        else:
            detail = tr("ipywidgets {version} on Colab, custom widget manager off", version=widgets)
        return Check(name, colab_manager, detail, "" if colab_manager else colab_widget_fix())
    front_ends = {package: version(package) for package in ("jupyterlab_widgets", "widgetsnbextension")}
    found = [f"{package} {value}" for package, value in front_ends.items() if value]
    if not found:
        return Check(name, False, tr("ipywidgets {version}, no front end", version=widgets), widget_fix())
    return Check(name, True, ", ".join([f"ipywidgets {widgets}", *found]))


def check_graphviz(missing: Sequence[str] | None = None) -> Check:
    """pydot and Graphviz's ``dot`` are both present, so ``show_model`` draws a diagram, not text."""
    from kteach.diagram import GRAPHVIZ_PROGRAM, missing_tools

    name = tr("Graphviz (model diagrams)")
    missing = missing_tools() if missing is None else list(missing)
    if missing:
        return Check(name, False, tr("{tools} not found", tools=tr(" and ").join(missing)), graphviz_fix())
    detail = tr(
        "dot at {path}, pydot {version}", path=shutil.which(GRAPHVIZ_PROGRAM), version=installed_version("pydot")
    )
    return Check(name, True, detail)


def check_chinese_font(find: Callable[[], str | None] = fonts.find_cjk_font) -> Check:
    """A CJK font draws Chinese plot labels (``kteach.fonts.find_cjk_font``); without one they stay English.

    A missing font fails only while the language is Chinese: English lessons do not need one.

    Args:
        find: Returns the family of the font found, or None.
    """
    name = tr("Chinese plot font")
    family = find()
    if family is not None:
        return Check(name, True, family)
    detail = tr(
        "none found, so Chinese plot labels stay in English (install {package} for them)", package=fonts.FONT_PACKAGE
    )
    needed = get_language() == "zh"
    return Check(name, not needed, detail, font_fix() if needed else "")


def check_dataset(name: str) -> Check:
    """Where ``load_<name>()`` would read from now; the full data (or quick mode's sample) passes.

    The files found are checked cheaply (headers, sizes, the parts of a multi-file dataset), so a
    garbage ``mnist.npz`` or an ``imdb.npz`` without its word index fails here, not at load.
    """
    from kteach.datasets.check import check_files
    from kteach.datasets.sources import where
    from kteach.datasets.specs import spec_for

    spec = spec_for(name)
    title = tr("{title} data", title=spec.title)
    try:
        source = where(name)
    except (FileNotFoundError, ValueError) as error:
        return Check(title, False, tr("cannot tell: {error}", error=error), str(error))
    try:
        check_files(source)  # headers only: a damaged or half-present dataset must not pass
    except OSError as error:  # DataFileError, or FileNotFoundError for a missing part
        return Check(title, False, tr("{source}: {error}", source=_source_detail(source), error=error), str(error))
    detail = _source_detail(source)
    if source.note:
        detail = tr("{detail} ({note})", detail=detail, note=source.note)
    if source.kind == "sample" and source.quick:
        return Check(title, True, tr("quick mode: {detail}", detail=detail))
    ok = source.kind != "sample"
    return Check(title, ok, detail, "" if ok else tr("for the full data, {how}", how=spec.how_to_get()))


def _source_detail(source: DataSource) -> str:
    """Where a dataset would be read from, e.g. ``Keras cache /root/.keras/datasets/mnist.npz``."""
    if source.kind == "local":
        return tr("local copy {location}", location=source.location)
    if source.kind == "keras-cache":
        return tr("Keras cache {location}", location=source.location)
    if source.kind == "download":
        return tr("download from Keras's host into {url} {location}", url=source.url, location=source.location)
    return tr("shipped sample {location}", location=source.location)


def doctor() -> DoctorReport:
    """Check this machine for the lessons; the report shows as a table in Jupyter, as text elsewhere.

    Loads no dataset (it reads file headers and IMDB's word index); it may wait up to 3 s to
    see whether Keras's download host answers (set ``KTEACH_OFFLINE=1`` to skip that).
    """
    from kteach.datasets import DATASETS

    colab = in_colab()
    checks = [
        check_keras(),
        check_backend(),
        check_widgets(colab=colab, colab_manager=colab and colab_widget_manager_enabled()),
        check_graphviz(),
        check_chinese_font(),
        *(check_dataset(name) for name in DATASETS),
    ]
    return DoctorReport(tuple(checks), quick=quick_mode())


class _CallableModule(types.ModuleType):
    """Lets ``kteach.doctor()`` work even after ``import kteach.doctor`` made ``kteach.doctor`` this module."""

    def __call__(self) -> DoctorReport:
        return doctor()


sys.modules[__name__].__class__ = _CallableModule
