"""Argument checks shared by kteach's public functions: one wording for one kind of mistake.

A learner's wrong input (a float epoch count, ``True`` for a size, ``"3"`` for a number, NaN)
gets a TypeError or ValueError that names the parameter and the allowed values, never a
silently wrong answer or a NumPy traceback. NumPy scalars (``np.int64(3)``, ``np.float32(0.5)``)
are numbers like any other; ``bool`` is not.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from kteach.i18n import tr


def is_int(value: Any) -> bool:
    """True for a Python or NumPy integer, False for anything else, bool included (True is not a count)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def is_real(value: Any) -> bool:
    """True for a Python or NumPy real number (ints included), False for anything else, bool included."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_int(name: str, value: Any, minimum: int) -> int:
    """Return ``value`` as an int >= ``minimum`` (Python or NumPy integer, not bool), or raise naming ``name``."""
    if not is_int(value):
        raise TypeError(
            tr(
                "{name} must be an int >= {minimum}; got {kind} {value!r}",
                name=name,
                minimum=minimum,
                kind=type(value).__name__,
                value=value,
            )
        )
    if value < minimum:
        raise ValueError(tr("{name} must be an int >= {minimum}; got {value}", name=name, minimum=minimum, value=value))
    return int(value)


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` if it is True or False (NumPy's too), or raise naming ``name``: ``"no"`` is truthy."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            tr("{name} must be True or False; got {kind} {value!r}", name=name, kind=type(value).__name__, value=value)
        )
    return bool(value)


def check_float(name: str, value: Any) -> float:
    """Return ``value`` as a finite float (any real number but bool), or raise naming ``name``."""
    if not is_real(value):
        raise TypeError(
            tr("{name} must be a number; got {kind} {value!r}", name=name, kind=type(value).__name__, value=value)
        )
    if not math.isfinite(value):
        raise ValueError(tr("{name} must be a finite number; got {value}", name=name, value=value))
    return float(value)


def numeric_array(name: str, values: Any) -> np.ndarray:
    """Return ``values`` as a NumPy array of real numbers without NaN or infinity, or raise naming ``name``.

    Raises:
        TypeError: ``values`` holds text, objects or booleans instead of numbers.
        ValueError: it holds NaN or infinite values (a diverged model, a gap in the data).
    """
    array = np.asarray(values)
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise TypeError(
            tr("{name} must hold numbers; got an array of {dtype}", name=name, dtype=array.dtype)
        )
    if np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        raise ValueError(
            tr(
                "{name} holds NaN or infinite values ({count} of {size}); a diverged model or a gap in the data? "
                "Fix or drop them first",
                name=name,
                count=int(np.count_nonzero(~np.isfinite(array))),
                size=array.size,
            )
        )
    return array
