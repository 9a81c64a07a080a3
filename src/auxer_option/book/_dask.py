"""``DaskGrantBook``: a book too large for one machine, as Dask partitions each read as a book.

Each partition of a ``dask.dataframe.DataFrame`` is read by :meth:`GrantBook.from_frame`
where it is computed, and answers the operation as the in-memory book does. Per-row
operations map: partition ``i`` of the result is the operation on partition ``i``'s book.
Totals reduce: each partition's totals, added exactly. One step waits for every partition
before any result is given: it gathers the bad rows of every partition into one error, and
finds the one dtype that holds every partition's answer (the most decimal places any row
needs, as the in-memory book's column has), so the parts concatenate to what the in-memory
book gives for the whole frame.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Final, NamedTuple, cast

import dask.config
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
from dask.delayed import delayed

from auxer_option._examples import AUXER_1999
from auxer_option._money import DEFAULT_ROUNDING, Estimate
from auxer_option._terms import DateLike
from auxer_option.book._book import GrantBook
from auxer_option.exceptions import InvalidBookError, InvalidDataError, OptionError, OptionTypeError

__all__ = ["DaskGrantBook"]

#: What ``DaskGrantBook.from_frame`` reads.
NOT_DASK: Final = "must be a dask DataFrame (GrantBook.from_frame reads a pandas one)"
#: A Series where a Dask book takes one value for every grant.
ONE_VALUE: Final = "must be one value for every grant in a Dask book, not a Series"

# The book that checks an operation's arguments before anything is computed, and whose
# answer's dtype (a dollar book's) is the lazy result's meta.
_PROBE: Final = GrantBook.from_grants([AUXER_1999])


class DaskGrantBook:
    """A book of grants in Dask partitions: per-row operations map, totals reduce.

    Each operation returns a lazy Dask collection; computed, it equals (dtype included)
    what :class:`GrantBook` gives for the whole frame. Arguments are checked when the
    operation is called; rows when it is computed, where every partition's bad rows are
    raised together as one :class:`~auxer_option.exceptions.InvalidBookError`. A money
    column's places are the most any row needs, known only once every partition is
    answered: the lazy collection's meta has a dollar book's (two), the computed one the
    in-memory book's.

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> frame = pd.DataFrame({
    ...     "grant_date": ["2024-01-31", "2024-03-01", "1999-07-01"],
    ...     "shares": [48_000, 1_000, 1_000_000], "exercise_price": ["2.15", "3.00", "0.13"],
    ...     "term": ["10 years", "10 years", "3 months"]}, index=["ann", "bo", "pmr"])
    >>> book = DaskGrantBook.from_frame(dd.from_pandas(frame, npartitions=2))
    >>> book.exercise_cost().compute(scheduler="synchronous").to_dict()
    {'ann': Decimal('103200.00'), 'bo': Decimal('3000.00'), 'pmr': Decimal('130000.00')}
    """

    __slots__ = ("_divisions", "_frame", "_ids")

    _frame: dd.DataFrame
    _ids: pd.Index  # the ids' name and dtype, for the results' meta
    _divisions: tuple[Any, ...] | None  # the results' divisions, when the ids are the index

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a DaskGrantBook is immutable: {name!r} cannot be set")

    @classmethod
    def from_frame(cls, frame: dd.DataFrame) -> DaskGrantBook:
        """A book of the grants a Dask DataFrame's rows describe, read partition by partition.

        The columns are those :meth:`GrantBook.from_frame` reads, checked now; the rows
        are read when an operation is computed. Ids must not repeat across partitions:
        each partition checks its own, so with the ids as the index and known divisions
        every repeat is found; with an ``id`` column, keep each id's rows in one partition.

        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"grant_date": ["1999-07-01"], "shares": [1_000_000],
        ...     "exercise_price": ["0.13"], "term": ["3 months"]})
        >>> DaskGrantBook.from_frame(dd.from_pandas(frame, npartitions=1))
        <DaskGrantBook of 1 partitions>

        Raises:
            OptionTypeError: for anything but a ``dask.dataframe.DataFrame``.
            InvalidDataError: for a column the book does not read.
        """
        if not isinstance(frame, dd.DataFrame):
            raise OptionTypeError("frame", f"a {type(frame).__name__}", NOT_DASK)
        ids = GrantBook.from_frame(frame._meta).ids  # noqa: SLF001  (dask's documented meta)
        by_index = "id" not in frame.columns and frame.known_divisions
        book = object.__new__(cls)
        object.__setattr__(book, "_frame", frame)
        object.__setattr__(book, "_ids", ids)
        object.__setattr__(book, "_divisions", tuple(frame.divisions) if by_index else None)
        return book

    @property
    def frame(self) -> dd.DataFrame:
        """The Dask DataFrame the book reads."""
        return self._frame

    @property
    def npartitions(self) -> int:
        """How many partitions, each read as one :class:`GrantBook`."""
        return int(self._frame.npartitions)

    def __repr__(self) -> str:
        return f"<DaskGrantBook of {self.npartitions} partitions>"

    # -- per-row operations: partition i of the answer is partition i's book's ---------------

    def window_status(self, on: DateLike) -> dd.Series:
        """Each grant's window status on ``on``, as :meth:`GrantBook.window_status`."""
        return self._per_row("window_status", on=on)

    def is_exercisable(self, on: DateLike) -> dd.Series:
        """Whether each grant's window is open on ``on``, as :meth:`GrantBook.is_exercisable`."""
        return self._per_row("is_exercisable", on=on)

    def vested_shares(self, on: DateLike) -> dd.Series:
        """Each grant's shares vested by the end of ``on``, as :meth:`GrantBook.vested_shares`."""
        return self._per_row("vested_shares", on=on)

    def exercisable_shares(self, on: DateLike) -> dd.Series:
        """Each grant's exercisable shares, as :meth:`GrantBook.exercisable_shares`."""
        return self._per_row("exercisable_shares", on=on)

    def exercise_cost(self, *, rounding: str | None = DEFAULT_ROUNDING) -> dd.Series:
        """The cash to exercise each grant in full, as :meth:`GrantBook.exercise_cost`."""
        return self._per_row("exercise_cost", rounding=rounding)

    def intrinsic_value(
        self, market_price: object, *, rounding: str | None = DEFAULT_ROUNDING
    ) -> dd.Series:
        """Each grant's intrinsic value, as :meth:`GrantBook.intrinsic_value`."""
        return self._per_row("intrinsic_value", market_price=market_price, rounding=rounding)

    def fair_value(
        self,
        *,
        on: DateLike,
        spot: object,
        volatility: Estimate,
        risk_free_rate: Estimate,
        dividend_yield: Estimate = 0,
    ) -> dd.DataFrame:
        """:meth:`GrantBook.fair_value` of every grant: a row each, a column a figure."""
        return cast(
            "dd.DataFrame",
            self._per_row(
                "fair_value",
                on=on,
                spot=spot,
                volatility=volatility,
                risk_free_rate=risk_free_rate,
                dividend_yield=dividend_yield,
            ),
        )

    def dilutive_shares(self, average_market_price: object) -> dd.Series:
        """Each grant's incremental shares, as :meth:`GrantBook.dilutive_shares`."""
        return self._per_row("dilutive_shares", average_market_price=average_market_price)

    # -- totals: each partition's, added --------------------------------------------------------

    def summary(self, *, on: DateLike | None = None, market_price: object = None) -> dd.DataFrame:
        """Totals by holder and currency, as :meth:`GrantBook.summary`: a one-partition frame.

        Each partition's totals are added: counts as integers, money as exact decimals
        per currency, dilutive shares as fractions; nothing is rounded on the way.
        """
        return self._totals("summary", on=on, market_price=market_price)

    # -- helpers ------------------------------------------------------------------------------

    def _per_row(self, operation: str, **arguments: object) -> dd.Series:
        meta = _checked(operation, arguments).iloc[:0].set_axis(self._ids)
        answers = self._answers(operation, arguments)
        verdict = delayed(_verdict, pure=True)(answers, meta)
        parts = [delayed(_cast, pure=True)(answer, verdict, meta) for answer in answers]
        return cast("dd.Series", _collected(parts, meta, self._divisions))

    def _totals(self, operation: str, **arguments: object) -> dd.DataFrame:
        meta = _checked(operation, arguments).iloc[:0]
        answers = self._answers(operation, arguments)
        verdict = delayed(_verdict, pure=True)(answers, meta)
        total = delayed(_added, pure=True)(answers, verdict, meta)
        return cast("dd.DataFrame", _collected([total], meta, None))

    def _answers(self, operation: str, arguments: dict[str, object]) -> list[Any]:
        answer = delayed(_answer, pure=True)
        return [answer(part, operation, arguments) for part in self._frame.to_delayed()]


def _collected(parts: list[Any], meta: pd.Series | pd.DataFrame, divisions: Any) -> Any:
    """``parts`` as one Dask collection, each part as it is.

    Dask would turn columns of objects into strings (``dataframe.convert-string``): window
    statuses, Fractions and long Decimals are objects on purpose.
    """
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_delayed(parts, meta=meta, divisions=divisions, verify_meta=False)


class _Answer(NamedTuple):
    """A partition's answer: its result, or the error its rows raised (None: no rows)."""

    result: pd.Series | pd.DataFrame | None
    refusal: InvalidBookError | None


def _checked(operation: str, arguments: dict[str, object]) -> Any:
    """The probe book's answer: the arguments checked before anything is computed."""
    for name, value in arguments.items():
        if isinstance(value, pd.Series | pd.DataFrame | dd.Series | dd.DataFrame):
            raise InvalidDataError(name, f"a {type(value).__name__}", ONE_VALUE)
    return getattr(_PROBE, operation)(**arguments)


def _answer(partition: pd.DataFrame, operation: str, arguments: dict[str, object]) -> _Answer:
    """What partition's book answers, where the partition is computed."""
    if not len(partition):  # nothing to answer: the meta stands in for it
        return _Answer(None, None)
    try:
        book = GrantBook.from_frame(partition)
    except InvalidBookError as error:
        return _Answer(None, error)
    return _Answer(getattr(book, operation)(**arguments), None)


def _verdict(answers: Sequence[_Answer], meta: pd.Series | pd.DataFrame) -> Any:
    """The dtype (a Series) or dtypes (a DataFrame) every part is cast to.

    Raises:
        InvalidBookError: every partition's refused rows, as the in-memory book lists them:
            repeated ids first (the in-memory book checks them before the rows).
    """
    refusals = [answer.refusal for answer in answers if answer.refusal is not None]
    if refusals:
        first = [error for error in refusals if error.field == "ids"] or refusals
        rows: list[tuple[Hashable, OptionError]] = [
            pair for error in first for pair in error.refusals
        ]
        raise InvalidBookError.listing(first[0].field, rows)
    results = [answer.result for answer in answers if answer.result is not None]
    if isinstance(meta, pd.DataFrame):
        return {
            name: _widest([result[name].dtype for result in results], meta[name].dtype)
            for name in meta.columns
        }
    return _widest([result.dtype for result in results], meta.dtype)


def _widest(dtypes: list[Any], default: Any) -> Any:
    """The dtype that holds values of every dtype in ``dtypes`` as the in-memory book would."""
    distinct = set(dtypes)
    if not distinct:
        return default
    if len(distinct) == 1:
        return distinct.pop()
    decimals = [dtype.pyarrow_dtype for dtype in distinct if _is_decimal(dtype)]
    if len(decimals) == len(distinct):  # decimal128 columns: the most places any one has
        widest = max(decimals, key=lambda decimal: decimal.scale)
        return pd.ArrowDtype(widest)
    return object  # as the in-memory book gives values of more than one kind


def _is_decimal(dtype: Any) -> bool:
    return isinstance(dtype, pd.ArrowDtype) and pa.types.is_decimal(dtype.pyarrow_dtype)


def _cast(answer: _Answer, dtype: Any, meta: pd.Series) -> pd.Series:
    """A partition's answer in the dtype every part shares."""
    result = cast("pd.Series", meta if answer.result is None else answer.result)
    return result.astype(dtype)


def _added(answers: Sequence[_Answer], dtypes: Any, meta: pd.DataFrame) -> pd.DataFrame:
    """The partitions' totals, added by holder and currency, exactly."""
    parts = [answer.result.astype(dtypes) for answer in answers if answer.result is not None]
    if not parts:
        return meta.astype(dtypes)
    keys = list(range(meta.index.nlevels))
    return pd.concat(parts).groupby(level=keys, dropna=False, observed=True).sum()
