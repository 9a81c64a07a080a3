"""``GrantBook``: many grants as one table, every row meaning what its ``OptionGrant`` means.

A book holds, for each grant, the facts its operations read (the window's bounds, the
shares outstanding, the price in force, the vesting schedule, the termination) as
columns, and answers each operation for every row at once. The scalar API is the
specification: a row whose features the columns do not cover (explicit tranches,
fractional allocation, accelerations, splits, a price of more than 18 digits) keeps its
grant and is answered by the scalar function, and :meth:`GrantBook.summary` counts them.
"""

from __future__ import annotations

import decimal
import functools
import html
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence, Sized
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auxer_option._exercise import exercise_cost as scalar_exercise_cost
from auxer_option._grant import OptionGrant, as_of, check_grant, party
from auxer_option._inputs import DAYS_PER_YEAR, MAX_PRICE, MAX_RATE, MAX_VOLATILITY, model_input
from auxer_option._money import (
    DEFAULT_ROUNDING,
    MAX_SHARES,
    Estimate,
    check_rounding,
    coerce_amount,
    fraction_decimal,
)
from auxer_option._pershare import dilutive_shares as scalar_dilutive_shares
from auxer_option._pershare import intrinsic_value as scalar_intrinsic_value
from auxer_option._tax import ISO_LIMIT, iso_limit_by_holder
from auxer_option._terms import DateLike, coerce_date
from auxer_option._valuation import fair_value as scalar_fair_value
from auxer_option._vested import exercisable_shares as scalar_exercisable_shares
from auxer_option._vested import vested_shares as scalar_vested_shares
from auxer_option._window import WindowStatus
from auxer_option.book._cash import (
    DECIMAL128_DIGITS,
    PRICE_DIGITS,
    Amounts,
    PerRow,
    cash,
    exact_column,
    positive_part,
    times,
    value_cash,
)
from auxer_option.book._columns import Columns, of_grants
from auxer_option.book._distinct import distinct
from auxer_option.book._frame import frame_of, read_frame
from auxer_option.book._ocf_items import read_ocf_grants
from auxer_option.book._pricing import (
    NEAR_TOTAL_VOLATILITY,
    ExactInputs,
    GreekColumns,
    black_scholes_matrix,
)
from auxer_option.book._progress import steps
from auxer_option.book._vesting import vested
from auxer_option.exceptions import (
    InvalidAmountError,
    InvalidBookError,
    InvalidDataError,
    InvalidRateError,
    OptionError,
    OptionTypeError,
)

__all__ = ["GrantBook"]

#: A book's ids repeat: a template of ``id``.
REPEATED_ID: Final = "is the id of more than one grant"
#: An id the book does not hold.
UNKNOWN_ID: Final = "is not the id of a grant in the book"
#: ids or holders of another length than the grants: a template of ``count``.
WRONG_LENGTH: Final = "must have one item per grant ({count})"
#: Holders given as one text, or as no list at all.
NOT_HOLDERS: Final = "must be a list of names (or None), one per grant"
#: A column of values for the rows of another length or index.
NOT_ROW_BY_ROW: Final = "must be one value, or one per grant: a Series indexed by grant id"

_STATUSES: Final = np.array(list(WindowStatus), dtype=object)  # in code order
# Totals of money in Decimals: exact to any size, and never the caller's context.
_SUMMING: Final = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)


class GrantBook:
    """Grants as one table, indexed by grant id; every operation answers all rows at once.

    Build one with :meth:`from_grants` (or :meth:`from_frame`). Each operation returns a
    pandas ``Series`` (or ``DataFrame``) indexed by grant id whose every row equals what the
    scalar function returns for that grant: money as exact decimals (pyarrow
    ``decimal128``), shares as integers, statuses as :class:`~auxer_option.WindowStatus`.

    >>> from auxer_option import AUXER_1999, OptionGrant
    >>> book = GrantBook.from_grants(
    ...     [AUXER_1999, OptionGrant("2024-01-31", 48_000, "2.15", term="10 years")],
    ...     ids=["auxer", "employee"],
    ... )
    >>> book.exercise_cost().to_dict()
    {'auxer': Decimal('130000.00'), 'employee': Decimal('103200.00')}
    """

    __slots__ = ("_grants", "_holders", "_ids", "_progress", "_rebuild", "_rows")

    _ids: pd.Index
    _holders: np.ndarray
    _rows: Columns
    # Each row's grant: the one given, or None until first asked for (see _rebuild).
    _grants: list[OptionGrant | None]
    _rebuild: Callable[[int], OptionGrant] | None
    _progress: bool  # show the progress of the loops that go grant by grant

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a GrantBook is immutable: {name!r} cannot be set")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its parts (for processes and Dask workers), rebuilt without __setattr__.
        parts = (self._ids, self._holders, self._rows, self._grants, self._rebuild)
        return (_unpickled, (*parts, self._progress))

    # -- in -----------------------------------------------------------------------------

    @classmethod
    def from_grants(
        cls,
        grants: Iterable[OptionGrant],
        ids: Iterable[Hashable] | None = None,
        holders: Iterable[str | None] | None = None,
        *,
        progress: bool = False,
    ) -> GrantBook:
        """A book of ``grants``, with ``ids`` (default 0, 1, 2, ...) and ``holders``.

        ``holders`` defaults to each grant's ``grantee``. Every grant is read as it is,
        history included: :meth:`grant` gives each one back. With ``progress``, the work
        that goes grant by grant (reading them here, and the rows the scalar path answers
        in every operation) shows a tqdm progress bar (the ``progress`` extra).

        >>> from auxer_option import AUXER_1999
        >>> len(GrantBook.from_grants([AUXER_1999] * 3))
        3

        Raises:
            OptionTypeError: for an item that is not an ``OptionGrant``.
            InvalidBookError: for repeated ids.
            InvalidDataError: for ids or holders of another length.
            OptionTypeError: for holders that are not a list of names or None.
            ImportError: with ``progress``, when tqdm is not installed.
        """
        total = len(grants) if isinstance(grants, Sized) else None
        reading = steps(grants, total=total, what="reading grants", show=progress)
        kept = tuple(check_grant(grant, "grants") for grant in reading)
        count = len(kept)
        index = _index(ids, count)
        names = [grant.grantee for grant in kept] if holders is None else _listed(holders, count)
        return _assembled(index, names, of_grants(kept), list(kept), progress=progress)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, progress: bool = False) -> GrantBook:
        """A book of the grants a DataFrame's rows describe, one grant per row.

        The columns are :class:`~auxer_option.OptionGrant`'s keywords (``grant_date``,
        ``shares``, ``exercise_price``, ``term`` or ``expiration_date``, ``currency``, the
        window conventions, ``vesting``, ``exercises``, ...), read as the constructor reads
        them; a graded schedule may be given instead as ``vesting_start``,
        ``vesting_months``, ``vesting_every`` and ``vesting_cliff``. ``holder`` (default:
        the grantee) and ``id`` (default: the frame's index) are the book's own. A missing
        value (``None``, ``NaN``, ``NaT``, ``pd.NA``) leaves its keyword out for that row.
        The columns :meth:`to_frame` derives are read back only to check that they agree:
        a frame from :meth:`to_frame` reads back to an equal book. ``progress`` is as in
        :meth:`from_grants`.

        >>> frame = pd.DataFrame({
        ...     "grant_date": ["2024-01-31", "2024-03-01"], "shares": [48_000, 1_000],
        ...     "exercise_price": ["2.15", "3.00"], "term": ["10 years", "10 years"],
        ...     "vesting_start": ["2024-01-31", None], "vesting_months": [48, None],
        ...     "vesting_cliff": [12, None]}, index=["ann", "bo"])
        >>> GrantBook.from_frame(frame).vested_shares("2025-01-31").to_dict()
        {'ann': 12000, 'bo': 1000}

        Raises:
            InvalidDataError: for a column the book does not read.
            InvalidBookError: naming every refused row's id, with the scalar API's error for
                each (the field at fault is the error's).
        """
        read = read_frame(frame, _index, progress=progress)
        return _assembled(
            read.ids, read.holders, read.rows, read.grants, read.rebuild, progress=progress
        )

    @classmethod
    def from_ocf(cls, file_or_items: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> GrantBook:
        """A book of every option grant in an Open Cap Format transactions file.

        Each option issuance is read, with its exercises and vesting, as
        :func:`~auxer_option.ocf.from_ocf` reads it; ids are the security ids, holders the
        stakeholder ids, rows in file order. Items that are not options are not grants
        (:func:`~auxer_option.book.read_ocf_book` lists them).

        >>> from auxer_option import AUXER_1999, to_ocf
        >>> book = GrantBook.from_ocf(to_ocf(AUXER_1999, security_id="a-1", stakeholder_id="pmr"))
        >>> book.exercise_cost().to_dict()
        {'a-1': Decimal('130000.00')}

        Raises:
            InvalidDataError: for ``file_or_items`` that are not a list of OCF objects.
            InvalidBookError: naming every option issuance or exercise that cannot be read
                (by its OCF ``id``), each with the scalar API's error: a book missing a
                grant would give wrong totals.
        """
        read = read_ocf_grants(file_or_items)
        return cls.from_grants(read.grants.values(), ids=read.grants.keys(), holders=read.holders)

    # -- out ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[OptionGrant]:
        """The grants, in the book's order."""
        return (self._grant_at(row) for row in range(len(self)))

    def to_frame(self) -> pd.DataFrame:
        """The book as a DataFrame, one row per grant, indexed by id: :meth:`from_frame` reads it.

        The columns are ``holder``, every :class:`~auxer_option.OptionGrant` keyword (its
        history included, as tuples of records) and what the grant derives
        (``last_exercise_date``, ``outstanding_shares``, ``adjusted_exercise_price``). Dates
        are pyarrow ``date32``, prices exact pyarrow decimals, share counts ``int64``.

        >>> from auxer_option import AUXER_1999
        >>> frame = GrantBook.from_grants([AUXER_1999]).to_frame()
        >>> frame.loc[0, "exercise_price"], frame.loc[0, "last_exercise_date"]
        (Decimal('0.13'), datetime.date(1999, 10, 1))
        """
        return frame_of(self._ids, self._holders, list(self))

    @property
    def ids(self) -> pd.Index:
        """The grants' ids, in the book's order.

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999], ids=["auxer"]).ids.tolist()
        ['auxer']
        """
        return self._ids

    def grant(self, grant_id: Hashable) -> OptionGrant:
        """The grant with id ``grant_id``, equal to the one that went in.

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999], ids=["auxer"]).grant("auxer") is AUXER_1999
        True

        Raises:
            InvalidDataError: for an id the book does not hold.
        """
        try:
            position = self._ids.get_loc(grant_id)
        except (KeyError, TypeError, pd.errors.InvalidIndexError):  # unknown, or no id at all
            position = None
        if not isinstance(position, int | np.integer):
            raise InvalidDataError("grant_id", grant_id, UNKNOWN_ID)
        return self._grant_at(int(position))

    # -- operations -----------------------------------------------------------------------

    def window_status(self, on: DateLike | pd.Series) -> pd.Series:
        """Each grant's :class:`~auxer_option.WindowStatus` on ``on`` (a day, or one per grant).

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999]).window_status("1999-10-02").tolist()
        [WindowStatus.EXPIRED]
        """
        day = self._days(on, "on")
        codes = np.where(day < self._rows.first, 0, np.where(day > self._rows.last, 2, 1))
        return pd.Series(_STATUSES[codes], index=self._ids, name="window_status", dtype=object)

    def is_exercisable(self, on: DateLike | pd.Series) -> pd.Series:
        """Whether each grant's window is open on ``on`` (a day, or one per grant).

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999]).is_exercisable("1999-10-01").tolist()
        [True]
        """
        day = self._days(on, "on")
        open_ = (self._rows.first <= day) & (day <= self._rows.last)
        return pd.Series(open_, index=self._ids, name="is_exercisable")

    def vested_shares(self, on: DateLike | pd.Series) -> pd.Series:
        """The shares of each grant vested by the end of ``on``, in the shares as granted.

        >>> from auxer_option import OptionGrant, VestingSchedule
        >>> grant = OptionGrant("2024-01-31", 48_000, "2.15", term="10 years",
        ...     vesting=VestingSchedule.graded("2024-01-31", months=48, cliff=12))
        >>> GrantBook.from_grants([grant]).vested_shares("2025-01-31").tolist()
        [12000]
        """
        day = self._days(on, "on")
        counts = vested(self._rows.vesting, self._rows.shares, self._rows.end, day)
        return self._with_scalar_rows(
            counts, "vested_shares", lambda grant, row: scalar_vested_shares(grant, day[row])
        )

    def exercisable_shares(self, on: DateLike | pd.Series) -> pd.Series:
        """The whole shares of each grant that can be exercised on ``on``, in force.

        As :func:`~auxer_option.exercisable_shares` reads one grant: as it stood at the end
        of ``on``.

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999]).exercisable_shares("1999-10-02").tolist()
        [0]
        """
        day = self._days(on, "on")
        is_open = (self._rows.first <= day) & (day <= self._rows.last)
        terminated = ~np.isnat(self._rows.end) & (day >= self._rows.end)
        before = self._rows.outstanding + self._rows.forfeited
        unvested = self._rows.shares - vested(
            self._rows.vesting, self._rows.shares, self._rows.end, day
        )
        counts = np.where(
            ~is_open,
            0,
            np.where(
                terminated,
                self._rows.outstanding,
                np.where(self._rows.early, before, np.maximum(0, before - unvested)),
            ),
        )
        return self._with_scalar_rows(
            counts,
            "exercisable_shares",
            lambda grant, row: scalar_exercisable_shares(grant, day[row]),
            self._rows.scalar | self._later(day),
        )

    def exercise_cost(
        self, shares: object = None, *, rounding: str | None = DEFAULT_ROUNDING
    ) -> pd.Series:
        """The cash to exercise ``shares`` of each grant (default: all outstanding).

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999]).exercise_cost(250_000).tolist()
        [Decimal('32500.00')]

        ``shares`` is one count for every grant, or one per grant (a Series indexed by
        grant id); ``rounding`` is as in :func:`~auxer_option.exercise_cost` (``None``:
        exact).

        Raises:
            InvalidBookError: naming each grant with fewer outstanding shares than asked
                (or a bad count), with the scalar function's error.
        """
        mode = check_rounding(rounding)
        counts = self._rows.outstanding if shares is None else self._counts(shares, mode)
        amounts = cash(times(self._rows.price, counts), self._rows.currency, mode)
        return self._money(
            amounts,
            "exercise_cost",
            lambda grant, row: scalar_exercise_cost(
                grant, None if shares is None else int(counts[row]), rounding=mode
            ),
        )

    def _counts(self, shares: object, mode: str | None) -> np.ndarray:
        """``shares`` for every row, each checked against the row's outstanding shares."""
        given = _aligned(shares, self._ids, "shares") if isinstance(shares, pd.Series) else None
        refusals: list[tuple[Hashable, OptionError]] = []
        if given is None:  # one count for every row (filled in, so a list is not spread)
            given = np.empty(len(self), dtype=object)
            given.fill(shares)
        codes, values = distinct(given)
        # A plain int from 0 to MAX_SHARES, at most the row's outstanding shares, is taken
        # here; for anything else the scalar function decides.
        whole = np.array(
            [type(count) is int and 0 <= count <= MAX_SHARES for count in values], dtype=bool
        )
        numbers = np.array([count if ok else 0 for count, ok in zip(values, whole, strict=True)])
        counts: np.ndarray = numbers.astype(np.int64)[codes]
        for row in np.flatnonzero(~whole[codes] | (counts > self._rows.outstanding)).tolist():
            count = values[codes[row]]
            try:
                scalar_exercise_cost(self._grant_at(row), count, rounding=mode)
            except OptionError as error:
                refusals.append((self._ids[row], error))
            else:  # a count the scalar takes (a numpy integer, say): as it reads it
                counts[row] = int(count)
        if refusals:
            raise InvalidBookError.listing("shares", refusals)
        return counts

    def intrinsic_value(
        self, market_price: object, *, rounding: str | None = DEFAULT_ROUNDING
    ) -> pd.Series:
        """``max(0, market_price − price in force) × outstanding shares`` for each grant.

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999]).intrinsic_value("0.50").tolist()
        [Decimal('370000.00')]

        ``market_price`` is one price, or one per grant (a Series indexed by grant id).
        """
        mode = check_rounding(rounding)
        prices = self._amounts(market_price, "market_price")
        if prices.fits(PRICE_DIGITS // 2):
            column = prices.column()
            spread = positive_part(_subtract(column, self._rows.price))
            amounts = cash(times(spread, self._rows.outstanding), self._rows.currency, mode)
            scalar_rows = self._rows.scalar
        else:  # a price of more digits than a column holds: every row by the scalar path
            amounts = pa.nulls(len(self), pa.decimal128(38, 0))
            scalar_rows = np.ones(len(self), dtype=bool)
        return self._money(
            amounts,
            "intrinsic_value",
            lambda grant, row: scalar_intrinsic_value(grant, prices.at(row), rounding=mode),
            scalar_rows,
        )

    def fair_value(
        self,
        *,
        on: DateLike | pd.Series,
        spot: object,
        volatility: Estimate,
        risk_free_rate: Estimate,
        dividend_yield: Estimate = 0,
    ) -> pd.DataFrame:
        """Each grant's Black-Scholes value and Greeks a share on ``on``, and its total.

        As :func:`~auxer_option.fair_value` values one grant, as it stood at the end of
        ``on``: a call at the price then in force, for the time from ``on`` to the last
        exercise date then in force (Actual/365). ``on`` and ``spot``
        are one value, or one per grant. The figures a share (``value``, ``delta``,
        ``gamma``, ``vega``, ``theta``, ``rho``) are doubles, each within 1e-12 of the
        scalar function's (relative; 1e-20 absolute below 1e-8); ``total`` is ``value ×
        outstanding shares`` rounded half up to the currency's minor unit: within 1e-12 of
        the scalar function's (relative, or a minor unit where that is more), which
        multiplies the value rounded to 14 digits. A grant not yet granted
        or past its last exercise date on ``on``, which the scalar function refuses, has
        nothing to value: its row is missing (NaN, and NA for the total).

        >>> from auxer_option import AUXER_1999
        >>> values = GrantBook.from_grants([AUXER_1999]).fair_value(
        ...     on="1999-07-01", spot="0.13", volatility="1.00", risk_free_rate="0.05")
        >>> f"{values.loc[0, 'value']:.10f}", values.loc[0, "total"]
        ('0.0264272980', Decimal('26427.30'))

        Raises:
            OptionError: the errors of :func:`~auxer_option.black_scholes`, for the spot
                and the assumptions.
        """
        rows = self._rows
        day = self._days(on, "on")
        spots = self._amounts(spot, "spot", _spot)
        assumptions = (
            model_input(volatility, "volatility", 0, MAX_VOLATILITY, InvalidRateError),
            model_input(risk_free_rate, "risk_free_rate", -MAX_RATE, MAX_RATE, InvalidRateError),
            model_input(dividend_yield, "dividend_yield", -MAX_RATE, MAX_RATE, InvalidRateError),
        )
        days_left = (rows.last - day).astype(np.int64)
        by_scalar = rows.scalar | self._later(day)
        valued = (day >= rows.grant_date) & (days_left >= 0) & ~by_scalar
        time_left = np.where(valued, days_left, 0)  # a row with nothing to value: at expiry
        strike = rows.price.cast(pa.float64()).to_numpy(zero_copy_only=False)
        years = time_left / DAYS_PER_YEAR
        # The kernel reads ln(spot/strike) from the exact decimals' difference only where the
        # total volatility is small (see black_scholes_columns): it is taken there alone.
        with np.errstate(divide="ignore"):  # no volatility: every row's is small
            longest = (2.0 * NEAR_TOTAL_VOLATILITY / np.float64(assumptions[0][1])) ** 2
        small = years < longest
        near = np.flatnonzero(valued & small)
        excess = np.full(len(self), np.nan)
        if near.size:
            spot_column = spots.column(near)
            difference = pc.subtract(
                spot_column.cast(pa.decimal256(40, spot_column.type.scale)),
                rows.price.take(near),
            )
            with np.errstate(divide="ignore", invalid="ignore"):  # a zero strike: certain
                excess[near] = (
                    difference.cast(pa.float64()).to_numpy(zero_copy_only=False) / strike[near]
                )

        @functools.cache
        def strikes() -> list[Decimal]:  # the prices as decimals, once, if a row needs them
            return cast("list[Decimal]", rows.price.to_pylist())

        def exact_inputs(row: int) -> ExactInputs:
            years = fraction_decimal(Fraction(int(time_left[row]), DAYS_PER_YEAR))
            exact = (decimal for decimal, _ in assumptions)
            return ExactInputs(spots.at(row), strikes()[row], years, *exact)

        figures = black_scholes_matrix(
            spots.floats(),
            strike,
            years,
            assumptions[0][1],
            assumptions[1][1],
            assumptions[2][1],
            True,  # noqa: FBT003  (a call: the kernel's is_call column, one for all)
            relative_excess=excess,
            exact_inputs=exact_inputs,
        )
        unvalued = np.flatnonzero(~valued)
        figures[:, unvalued] = np.nan  # in place: a book's figures are its largest columns
        columns = dict(zip(GreekColumns._fields, figures, strict=True))  # rows: views
        totals = value_cash(figures[0], rows.outstanding, rows.currency)
        scalar_totals = self._scalar_values(columns, day, spots, assumptions, by_scalar)
        if scalar_totals:
            listed = cast("list[Decimal | None]", totals.to_pylist())
            for row, total in scalar_totals.items():
                listed[row] = total
            totals = pa.array(listed, totals.type)
        # The figures as they are, one block of the frame (its transpose: no copy).
        table = pd.DataFrame(figures.T, index=self._ids, columns=list(columns), copy=False)
        table["total"] = pd.arrays.ArrowExtensionArray(totals)
        return table

    def _scalar_values(
        self,
        columns: dict[str, np.ndarray],
        day: np.ndarray,
        spots: PerRow,
        assumptions: tuple[tuple[Decimal, float], ...],
        scalar_rows: np.ndarray,
    ) -> dict[int, Decimal | None]:
        """The scalar path's figures for ``scalar_rows``, into ``columns``; totals by row."""
        exact = [decimal for decimal, _ in assumptions]
        totals: dict[int, Decimal | None] = {}
        for row in self._steps(np.flatnonzero(scalar_rows).tolist(), "fair_value"):
            grant = self._grant_at(row)
            on = day[row].item()
            if not grant.grant_date <= on <= as_of(grant, on).last_exercise_date:
                continue  # nothing to value: missing, as for the other rows
            valuation = scalar_fair_value(
                grant,
                on=on,
                spot=spots.at(row),
                volatility=exact[0],
                risk_free_rate=exact[1],
                dividend_yield=exact[2],
            )
            for name in GreekColumns._fields:
                columns[name][row] = float(getattr(valuation, name))
            totals[row] = valuation.total
        return totals

    def dilutive_shares(self, average_market_price: object) -> pd.Series:
        """Each grant's incremental shares by the treasury stock method, exact (Fractions).

        ``average_market_price`` is one price, or one per grant; see
        :func:`~auxer_option.dilutive_shares`. Sum the column for the book's total.

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999]).dilutive_shares("0.50").tolist()
        [Fraction(740000, 1)]
        """
        averages = self._amounts(average_market_price, "average_market_price")
        scalar_rows = self._rows.scalar
        if averages.fits(PRICE_DIGITS // 2):
            column = averages.column()
            spreads = positive_part(_subtract(column, self._rows.price)).to_pylist()
        else:  # a price of more digits than a column holds: every row by the scalar path
            spreads = [Decimal(0)] * len(self)
            scalar_rows = np.ones(len(self), dtype=bool)
        outstanding = self._rows.outstanding.tolist()
        fractions = [Fraction(average) for average in averages.distinct]
        shares: list[object] = [
            count * Fraction(spread) / fractions[code] if spread else Fraction(0)
            for count, spread, code in zip(
                outstanding, spreads, averages.codes.tolist(), strict=True
            )
        ]
        for row in self._steps(np.flatnonzero(scalar_rows).tolist(), "dilutive_shares"):
            shares[row] = scalar_dilutive_shares(self._grant_at(row), averages.at(row))
        return pd.Series(shares, index=self._ids, name="dilutive_shares", dtype=object)

    def iso_limit(self, *, limit: object = ISO_LIMIT) -> pd.DataFrame:
        """Each holder's ISO shares split by the $100,000 limit: a row per grant and year.

        The book's ISOs are grouped by holder and each holder's run through
        :func:`~auxer_option.iso_limit`; columns ``holder``, ``id``, ``year``,
        ``iso_shares``, ``nso_shares`` and ``iso_value`` (exact). Grants that are not ISOs
        have no rows; an ISO with no holder is refused.

        >>> from auxer_option import OptionGrant
        >>> grant = OptionGrant("2024-03-01", 30_000, "5.00", term="10 years",
        ...                     compensation_type="OPTION_ISO", grantee="Ann")
        >>> GrantBook.from_grants([grant]).iso_limit()[["iso_shares", "nso_shares"]].values.tolist()
        [[20000, 10000]]

        Raises:
            InconsistentGrantError: for an ISO with no holder.
            InvalidAmountError: for a ``limit`` that is not a positive amount.
        """
        rows = iso_limit_by_holder(list(self), list(self._holders), limit=cast("Any", limit))
        positions = [row.grant_index for row in rows]
        return pd.DataFrame(
            {
                "holder": pd.array([self._holders[i] for i in positions], dtype=object),
                "id": self._ids[positions],
                "year": np.array([row.year for row in rows], dtype=np.int64),
                "iso_shares": np.array([row.iso_shares for row in rows], dtype=np.int64),
                "nso_shares": np.array([row.nso_shares for row in rows], dtype=np.int64),
                "iso_value": pd.array([row.iso_value for row in rows], dtype=object),
            }
        )

    def summary(
        self, *, on: DateLike | pd.Series | None = None, market_price: object = None
    ) -> pd.DataFrame:
        """Totals by holder and currency, and how many rows the scalar path answered.

        Always: ``grants``, ``shares`` (granted), ``outstanding_shares``, ``exercise_cost``
        and ``scalar_rows``. With ``on``: ``vested_shares`` and ``exercisable_shares``. With
        ``market_price``: ``intrinsic_value`` and ``dilutive_shares`` (the treasury stock
        method at that average price). Totals of money are exact, per currency.

        >>> from auxer_option import AUXER_1999
        >>> GrantBook.from_grants([AUXER_1999]).summary(market_price="0.50").loc[
        ...     ("PMR and Associates, LLC", "USD"), ["exercise_cost", "intrinsic_value"]
        ... ].tolist()
        [Decimal('130000.00'), Decimal('370000.00')]
        """
        columns: dict[str, Any] = {
            "holder": self._holders,
            "currency": self._rows.currency,
            "grants": 1,
            "shares": self._rows.shares,
            "outstanding_shares": self._rows.outstanding,
            "exercise_cost": self.exercise_cost().array,
        }
        if on is not None:
            columns["vested_shares"] = self.vested_shares(on).array
            columns["exercisable_shares"] = self.exercisable_shares(on).array
        if market_price is not None:
            columns["intrinsic_value"] = self.intrinsic_value(market_price).array
            columns["dilutive_shares"] = self.dilutive_shares(market_price).array
        columns["scalar_rows"] = self._rows.scalar.astype(np.int64)
        return _totals(columns, ["holder", "currency"])

    def _repr_html_(self) -> str:
        costs = {"currency": self._rows.currency, "cost": self.exercise_cost().array}
        totals = _totals(costs, ["currency"])["cost"]
        lines = "".join(
            f"<tr><td>{html.escape(str(code))}</td><td>{total:,}</td></tr>"
            for code, total in totals.items()
        )
        outstanding = sum(self._rows.outstanding.tolist())  # in Python ints: never wraps
        return (
            f"<p><b>GrantBook</b> of {len(self):,} grants: "
            f"{outstanding:,} shares outstanding; "
            f"{int(self._rows.scalar.sum()):,} rows answered by the scalar path</p>"
            f"<table><tr><th>currency</th><th>exercise cost</th></tr>{lines}</table>"
        )

    def __repr__(self) -> str:
        return f"<GrantBook of {len(self)} grants>"

    # -- helpers ----
    def _steps(self, rows: list[int], what: str) -> Iterable[int]:
        return steps(rows, total=len(rows), what=what, show=self._progress)

    def _grant_at(self, row: int) -> OptionGrant:
        grant = self._grants[row]
        if grant is None:  # a row read from columns: built once, when first asked for
            build = cast("Callable[[int], OptionGrant]", self._rebuild)
            grant = self._grants[row] = build(row)
        return grant

    # -- helpers ----------------------------------------------------------------------------

    def _days(self, on: object, field: str) -> np.ndarray:
        if isinstance(on, pd.Series):
            values = _aligned(on, self._ids, field)
            codes, each = distinct(values)
            days = np.array([coerce_date(value, field) for value in each], dtype="datetime64[D]")
            chosen: np.ndarray = days[codes]
            return chosen
        # One day for all, broadcast (read-only): the operations take it apart once.
        return np.broadcast_to(np.datetime64(coerce_date(on, field), "D"), len(self))

    def _amounts(
        self, given: object, field: str, read: Callable[[object, str], Decimal] = coerce_amount
    ) -> PerRow:
        if isinstance(given, pd.Series):  # one a row; anything else is one for all rows
            return PerRow.each(_aligned(given, self._ids, field), lambda value: read(value, field))
        return PerRow.one(given, len(self), lambda value: read(value, field))

    def _later(self, day: np.ndarray) -> np.ndarray:
        """The rows with a record dated after their ``day``, for the scalar path.

        The columns hold each grant after its whole history; the scalar functions read it
        as it stood on the day.
        """
        latest = self._rows.latest
        return ~np.isnat(latest) & (latest > day)

    def _with_scalar_rows(
        self,
        counts: np.ndarray,
        name: str,
        scalar: Callable[[OptionGrant, int], object],
        scalar_rows: np.ndarray | None = None,
    ) -> pd.Series:
        rows = np.flatnonzero(self._rows.scalar if scalar_rows is None else scalar_rows)
        if not len(rows):
            return pd.Series(counts, index=self._ids, name=name)
        values: list[object] = counts.tolist()
        for row in self._steps(rows.tolist(), name):
            values[row] = scalar(self._grant_at(row), row)
        if all(type(value) is int for value in values):
            return pd.Series(values, index=self._ids, name=name, dtype=np.int64)
        return pd.Series(values, index=self._ids, name=name, dtype=object)

    def _money(
        self,
        amounts: Amounts,
        name: str,
        scalar: Callable[[OptionGrant, int], Decimal],
        scalar_rows: np.ndarray | None = None,
    ) -> pd.Series:
        rows = np.flatnonzero(self._rows.scalar if scalar_rows is None else scalar_rows)
        if len(rows):
            values = cast("list[Decimal]", amounts.to_pylist())
            for row in self._steps(rows.tolist(), name):
                values[row] = scalar(self._grant_at(row), row)
            return pd.Series(exact_column(values), index=self._ids, name=name)
        return pd.Series(amounts, index=self._ids, name=name, dtype=pd.ArrowDtype(amounts.type))


def _spot(value: object, field: str) -> Decimal:
    return model_input(value, field, 0, MAX_PRICE, InvalidAmountError, money=True)[0]


def _subtract(left: Amounts, right: Amounts) -> Amounts:
    return pc.subtract(left.cast(pa.decimal256(39, left.type.scale)), right)


def _index(ids: Iterable[Hashable] | None, count: int) -> pd.Index:
    if ids is None:
        return pd.RangeIndex(count, name="id")
    given = ids if isinstance(ids, pd.Index | pd.Series | np.ndarray) else list(ids)
    index = pd.Index(given, name="id")
    if len(index) != count:
        raise InvalidDataError("ids", len(index), WRONG_LENGTH.format(count=count))
    if not index.is_unique:
        repeated = index[index.duplicated()]
        raise InvalidBookError.listing(
            "ids", [(row, InvalidDataError("ids", row, REPEATED_ID)) for row in repeated]
        )
    return index


def _listed(holders: Iterable[str | None], count: int) -> list[str | None]:
    given: object = holders  # the annotation guides callers; the checks take anything
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise OptionTypeError("holders", given, NOT_HOLDERS)
    names = [party(name, "holders") for name in given]  # a name each, or None
    if len(names) != count:
        raise InvalidDataError("holders", len(names), WRONG_LENGTH.format(count=count))
    return names


def _aligned(given: pd.Series, ids: pd.Index, field: str) -> np.ndarray:
    if len(given) != len(ids) or not given.index.equals(ids):
        raise InvalidDataError(field, f"a Series of {len(given)} rows", NOT_ROW_BY_ROW)
    return given.to_numpy(dtype=object)


def _totals(columns: dict[str, Any], keys: list[str]) -> pd.DataFrame:
    """Each column's total for each value of ``keys``: exact, whatever the sums' sizes.

    int64 and decimal128 sums wrap round when they overflow: a column whose total could
    is summed as Python ints or Decimals instead, in the library's own exact context.
    """
    summable = {
        name: _summable(column) if name not in keys else column for name, column in columns.items()
    }
    with decimal.localcontext(_SUMMING):
        return pd.DataFrame(summable).groupby(keys, dropna=False, observed=True).sum()


def _summable(column: Any) -> Any:
    """``column``, or its values as Python objects where a total of them could overflow."""
    dtype = getattr(column, "dtype", None)
    if getattr(dtype, "kind", None) == "i":  # int64 in numpy, or pandas around numpy
        counts = np.asarray(column)
        largest = int(np.abs(counts).max(initial=0))  # no row is -2**63: counts are >= 0
        return column if largest * len(counts) < 2**63 else counts.astype(object)
    if isinstance(dtype, pd.ArrowDtype) and pa.types.is_decimal(dtype.pyarrow_dtype):
        values = pa.chunked_array([pa.array(column.to_numpy(dtype=object), dtype.pyarrow_dtype)])
        most: Decimal = pc.max(pc.abs(values)).as_py() or Decimal(0)  # type: ignore[type-var]
        digits = most.adjusted() + 1 + dtype.pyarrow_dtype.scale + len(str(len(column)))
        return column if digits < DECIMAL128_DIGITS else column.to_numpy(dtype=object)
    return column


def _unpickled(  # noqa: PLR0917  (a book's parts, as __reduce__ gives them)
    ids: pd.Index,
    holders: np.ndarray,
    rows: Columns,
    grants: list[OptionGrant | None],
    rebuild: Callable[[int], OptionGrant] | None,
    progress: bool,  # noqa: FBT001
) -> GrantBook:
    return _assembled(ids, holders, rows, grants, rebuild, progress=progress)


def _assembled(
    ids: pd.Index,
    holders: Iterable[object],
    rows: Columns,
    grants: list[OptionGrant | None],
    rebuild: Callable[[int], OptionGrant] | None = None,
    *,
    progress: bool,
) -> GrantBook:
    book = object.__new__(GrantBook)
    fill = object.__setattr__
    fill(book, "_ids", ids)
    if not (isinstance(holders, np.ndarray) and holders.dtype == object):
        listed = list(holders)
        holders = np.empty(len(listed), dtype=object)
        holders[:] = listed  # each as it is (np.array would look into each for a sequence)
    fill(book, "_holders", holders)
    fill(book, "_rows", rows)
    fill(book, "_grants", grants)
    fill(book, "_rebuild", rebuild)
    fill(book, "_progress", progress)
    return book
