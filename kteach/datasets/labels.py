"""The names of the classes of the lessons' datasets, in the current language.

Introduced in lesson 05: Keras returns class ids (0-9) and leaves their names to the reader,
so a plot of Fashion-MNIST predictions needs this table. In the Chinese lessons the names come
out in Chinese, like every other label of kteach's plots.
"""

from __future__ import annotations

from kteach.i18n import tr

DATASET_NAMES = ("mnist", "fashion_mnist", "imdb")


def class_names(dataset: str) -> list[str]:
    """Return the class names of ``dataset`` (``"mnist"``, ``"fashion_mnist"`` or ``"imdb"``), indexed by class id.

    Raises:
        ValueError: ``dataset`` is not one of those names.
    """
    if dataset not in DATASET_NAMES:
        raise ValueError(
            tr(
                "dataset must be one of {allowed}; got {dataset!r}",
                allowed=", ".join(map(repr, DATASET_NAMES)),
                dataset=dataset,
            )
        )
    return _names_now()[dataset]


def _names_now() -> dict[str, list[str]]:
    """Every dataset's class names, translated into the language set now (so a later switch applies)."""
    return {
        "mnist": [str(digit) for digit in range(10)],
        "fashion_mnist": [
            tr("T-shirt/top"), tr("Trouser"), tr("Pullover"), tr("Dress"), tr("Coat"),
            tr("Sandal"), tr("Shirt"), tr("Sneaker"), tr("Bag"), tr("Ankle boot"),
        ],
        "imdb": [tr("negative"), tr("positive")],
    }
