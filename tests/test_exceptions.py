"""The error family (``exceptions``)."""

from __future__ import annotations

import inspect
import pickle

import pytest

from auxer_option import OptionError, exceptions
from auxer_option.exceptions import InvalidAmountError, OptionTypeError, OptionValueError

FAMILY = [
    member
    for _, member in inspect.getmembers(exceptions, inspect.isclass)
    if issubclass(member, OptionError)
]
CONCRETE = [error for error in FAMILY if error is not OptionError]


class TestFamily:
    def test_all_exported(self) -> None:
        """Every error is public by name."""
        assert sorted(error.__name__ for error in FAMILY) == sorted(exceptions.__all__)

    @pytest.mark.parametrize("error", CONCRETE, ids=lambda error: error.__name__)
    def test_each_refines_a_builtin(self, error: type[OptionError]) -> None:
        """Each error is also exactly one of ValueError or TypeError."""
        assert issubclass(error, ValueError) != issubclass(error, TypeError)
        assert issubclass(error, OptionValueError | OptionTypeError)

    @pytest.mark.parametrize("error", CONCRETE, ids=lambda error: error.__name__)
    def test_documented(self, error: type[OptionError]) -> None:
        """Each error says when it is raised."""
        assert error.__doc__


class TestMessages:
    def test_shape(self) -> None:
        """Field, repr of the value, rule."""
        error = InvalidAmountError("exercise_price", "-0.13", "must not be negative")
        assert str(error) == "exercise_price='-0.13': must not be negative"
        assert (error.field, error.value, error.rule) == (
            "exercise_price",
            "-0.13",
            "must not be negative",
        )

    def test_long_values_are_shortened(self) -> None:
        """A huge value does not flood a log: its repr is cut, with its length said."""
        error = InvalidAmountError("price", "9" * 10_000, "too long")
        assert len(str(error)) < 300
        assert "(10002 characters)" in str(error)

    def test_cut_after_200_characters(self) -> None:
        """A repr of 200 characters is shown whole; one more and it is cut."""
        whole = InvalidAmountError("price", "9" * 198, "too long")
        assert str(whole) == f"price='{'9' * 198}': too long"
        cut = InvalidAmountError("price", "9" * 199, "too long")
        assert str(cut) == f"price='{'9' * 199}...(201 characters): too long"

    def test_values_that_cannot_be_printed(self) -> None:
        """An int too long to print, or a broken repr, still gives a message."""

        class Broken:
            def __repr__(self) -> str:
                raise RuntimeError

        for value, kind in (
            (10**5000, "<an int of about 5,001 digits>"),
            (Broken(), ".Broken object at 0x"),
        ):
            error = InvalidAmountError("price", value, "must be a price")
            assert str(error).startswith("price=<")
            assert kind in str(error)
            assert str(error).endswith(": must be a price")
        below = InvalidAmountError("price", -(10**5000), "must be a price")
        assert str(below) == "price=<a negative int of about 5,001 digits>: must be a price"


class TestPickling:
    @pytest.mark.parametrize("error", CONCRETE, ids=lambda error: error.__name__)
    def test_round_trip(self, error: type[OptionError]) -> None:
        """Errors survive pickling with their class, fields and message."""
        original = error("shares", 1.5, "must be whole")
        clone = pickle.loads(pickle.dumps(original))  # noqa: S301  (our own bytes)
        assert type(clone) is error
        assert (clone.field, clone.value, clone.rule) == ("shares", 1.5, "must be whole")
        assert str(clone) == str(original)

    def test_unpicklable_value(self) -> None:
        """A value that cannot be pickled travels as its repr."""
        value = lambda: None  # noqa: E731
        original = InvalidAmountError("price", value, "must be a number")
        clone = pickle.loads(pickle.dumps(original))  # noqa: S301
        assert str(clone) == str(original)
        assert repr(clone.value) == repr(value)
        assert pickle.loads(pickle.dumps(clone)).rule == "must be a number"  # noqa: S301

    def test_pickled_by_an_earlier_version(self) -> None:
        """An error pickled when its rebuilder was named ``_rebuild`` still loads."""
        current = pickle.dumps(InvalidAmountError("price", "x", "must be a number"))
        earlier = current.replace(b"\x8c\x07rebuild", b"\x8c\x08_rebuild")
        assert earlier != current
        clone = pickle.loads(earlier)  # noqa: S301  (our own bytes)
        assert type(clone) is InvalidAmountError
        assert str(clone) == "price='x': must be a number"
