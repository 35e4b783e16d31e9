"""kteach.checks: one rule for what counts as an int or a number, NumPy scalars in and bool out."""

from __future__ import annotations

import fractions

import numpy as np
import pytest

import kteach
from kteach.checks import check_float, check_int, is_int, is_real


@pytest.mark.parametrize("value", [0, 3, -2, np.int64(5), np.uint8(7), np.int32(-1)])
def test_python_and_numpy_integers_are_ints_and_numbers(value) -> None:
    assert is_int(value) and is_real(value)


@pytest.mark.parametrize("value", [0.5, np.float32(0.25), np.float64(2.0), fractions.Fraction(1, 3), float("nan")])
def test_floats_are_numbers_but_not_ints(value) -> None:
    assert is_real(value) and not is_int(value)


@pytest.mark.parametrize("value", [True, False, np.True_, np.bool_(False), "3", None, [1], np.array([1]), 1j])
def test_bools_text_containers_and_complex_are_neither(value) -> None:
    assert not is_int(value) and not is_real(value)


def test_check_int_and_check_float_accept_numpy_scalars_and_refuse_numpy_bools() -> None:
    assert check_int("epochs", np.int64(3), minimum=1) == 3 and type(check_int("epochs", np.int64(3), 1)) is int
    assert check_float("rate", np.float32(0.5)) == 0.5
    with pytest.raises(TypeError, match=r"^rate must be a number; got bool_? np\.True_$"):
        check_float("rate", np.True_)
    with pytest.raises(TypeError, match=r"^epochs must be an int >= 1; got bool_? np\.True_$"):
        check_int("epochs", np.True_, minimum=1)


def test_imdb_options_take_numpy_ints_and_keep_their_messages() -> None:
    with pytest.raises(ValueError, match=r"^num_words must be >= 1, or None for no limit; got 0$"):
        kteach.encode_review("a film", num_words=np.int64(0))
    with pytest.raises(TypeError, match=r"^num_words must be an int or None, got np\.True_$"):
        kteach.encode_review("a film", num_words=np.True_)
    with pytest.raises(TypeError, match=r"^index_from must be an int, got 3\.0$"):
        kteach.encode_review("a film", index_from=3.0)
