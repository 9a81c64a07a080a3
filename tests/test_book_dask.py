"""A book in Dask partitions answers every operation as the in-memory book of the whole frame."""

from __future__ import annotations

import itertools
import time
from decimal import Decimal
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
np = pytest.importorskip("numpy")
pytest.importorskip("scipy")
dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from hypothesis import given  # noqa: E402  (after the extras' check)
from hypothesis import strategies as st  # noqa: E402

from auxer_option.book import GrantBook  # noqa: E402
from auxer_option.book._dask import NOT_DASK, ONE_VALUE, DaskGrantBook  # noqa: E402
from auxer_option.book._frame import UNKNOWN_COLUMN  # noqa: E402
from auxer_option.exceptions import (  # noqa: E402
    InvalidBookError,
    InvalidDataError,
    OptionError,
    OptionTypeError,
)
from auxer_option.testing.strategies import grants_with_history  # noqa: E402
from tests.messages import message, refused  # noqa: E402
from tests.strategies import whole_books  # noqa: E402
from tests.test_package import fresh_modules  # noqa: E402

#: Each operation and its arguments, as both books are asked.
OPERATIONS: list[tuple[str, dict[str, Any]]] = [
    ("window_status", {"on": "2025-01-31"}),
    ("is_exercisable", {"on": "2025-01-31"}),
    ("vested_shares", {"on": "2025-06-30"}),
    ("exercisable_shares", {"on": "2025-06-30"}),
    ("exercise_cost", {}),
    ("exercise_cost", {"rounding": None}),
    ("exercise_cost", {"rounding": "ROUND_DOWN"}),
    ("intrinsic_value", {"market_price": "5.125"}),
    ("intrinsic_value", {"market_price": "5.125", "rounding": None}),
    ("dilutive_shares", {"average_market_price": "5.125"}),
    (
        "fair_value",
        {"on": "2025-06-30", "spot": "5.125", "volatility": "0.4", "risk_free_rate": "0.04"},
    ),
]
X = "1.1234567890123"  # more places than a price column holds: the scalar path
OPERATION_IDS = [f"{name}{sorted(arguments.items())}" for name, arguments in OPERATIONS]
# The answers whose parts combine in more than one way: integers or fractions, money at
# each partition's places or more than 38 digits. The summary asks every operation too.
COMBINING: list[tuple[str, dict[str, Any]]] = [
    ("vested_shares", {"on": "2025-06-30"}),
    ("exercise_cost", {"rounding": None}),
    ("intrinsic_value", {"market_price": "5.125"}),
    ("dilutive_shares", {"average_market_price": "5.125"}),
]
TOTALS: list[dict[str, Any]] = [{}, {"on": "2025-06-30", "market_price": "5.125"}]


def ledger() -> Any:
    """Mixed currencies and schedules; rows e and g go by the scalar path (13 places)."""
    return pd.DataFrame(
        {
            "grant_date": ["2024-01-31", "2024-03-01", "2023-05-05", "2024-01-31"] * 2,
            "shares": [48_000, 1_000, 500, 7, 3, 250, 10, 999],
            "exercise_price": ["2.15", "3.00", "150", "0.125", X, "3.00", X, "0.125"],
            "term": ["10 years", "10 years", "5 years", "3 months"] * 2,
            "currency": ["USD", "USD", "JPY", "EUR", "USD", "JPY", "KWD", "USD"],
            "vesting_start": ["2024-01-31", None, None, "2024-01-31"] * 2,
            "vesting_months": [48, None, None, 12] * 2,
            "vesting_cliff": [12, None, None, None] * 2,
            "holder": ["ann", None, "cy", "ann", "dee", "cy", None, "ann"],
        },
        index=pd.Index(list("abcdefgh"), name="id"),
    )


@pytest.fixture(autouse=True)
def synchronously() -> Any:
    """Compute in this thread, and hand dask the frames as they are (no string conversion)."""
    with dask.config.set({"scheduler": "synchronous", "dataframe.convert-string": False}):
        yield


def both(frame: Any, npartitions: int = 3) -> tuple[GrantBook, DaskGrantBook]:
    """The in-memory book of ``frame``, and the Dask book of it in ``npartitions``."""
    partitioned = dd.from_pandas(frame, npartitions=npartitions, sort=False)
    return GrantBook.from_frame(frame), DaskGrantBook.from_frame(partitioned)


def from_parts(parts: list[Any]) -> DaskGrantBook:
    """A Dask book whose partitions are ``parts`` exactly, empty ones included."""
    return DaskGrantBook.from_frame(dd.from_map(lambda part: part, parts))


class TestFromFrame:
    def test_reads_a_dask_frame(self) -> None:
        """A Dask DataFrame is read lazily: its partitions and frame are the book's."""
        partitioned = dd.from_pandas(ledger(), npartitions=3)
        book = DaskGrantBook.from_frame(partitioned)
        assert book.frame is partitioned
        assert book.npartitions == 3
        assert repr(book) == "<DaskGrantBook of 3 partitions>"

    def test_refuses_a_pandas_frame(self) -> None:
        """Anything but a Dask DataFrame is refused: the in-memory book reads pandas."""
        with pytest.raises(OptionTypeError) as raised:
            DaskGrantBook.from_frame(ledger())
        refused(raised, field="frame", rule=NOT_DASK, value="a DataFrame")

    def test_refuses_an_unknown_column_at_once(self) -> None:
        """The columns are checked before anything is computed."""
        partitioned = dd.from_pandas(ledger().assign(colour="red"), npartitions=2)
        with pytest.raises(InvalidDataError) as raised:
            DaskGrantBook.from_frame(partitioned)
        refused(raised, field="frame", rule=UNKNOWN_COLUMN, value="colour")

    def test_is_immutable(self) -> None:
        """A Dask book, like a book, cannot be changed."""
        book = both(ledger())[1]
        with pytest.raises(AttributeError):
            book._frame = None  # type: ignore[assignment]

    def test_importing_books_does_not_import_dask(self) -> None:
        """Dask is loaded only by the Dask book's own module."""
        assert "dask" not in fresh_modules("import auxer_option.book")
        assert "dask" in fresh_modules("import auxer_option.book._dask")


def assert_same(answer: Any, expected: Any) -> None:
    """The same rows, values and dtypes: a Series per figure, or a frame of them."""
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(answer, expected)
    else:
        pd.testing.assert_series_equal(answer, expected)


class TestPerRow:
    @pytest.mark.parametrize(("operation", "arguments"), OPERATIONS, ids=OPERATION_IDS)
    def test_equals_the_in_memory_book(self, operation: str, arguments: dict[str, Any]) -> None:
        """Each row, the dtype and the order are the in-memory book's, from any partitioning."""
        memory, partitioned = both(ledger())
        expected = getattr(memory, operation)(**arguments)
        lazy = getattr(partitioned, operation)(**arguments)
        assert_same(lazy.compute(), expected)
        assert lazy.npartitions == 3

    @pytest.mark.parametrize(("operation", "arguments"), OPERATIONS, ids=OPERATION_IDS)
    def test_with_empty_partitions(self, operation: str, arguments: dict[str, Any]) -> None:
        """A partition with no rows adds none, whatever the operation."""
        frame = ledger()
        parts = [frame.iloc[:0], frame.iloc[:3], frame.iloc[3:3], frame.iloc[3:], frame.iloc[:0]]
        expected = getattr(GrantBook.from_frame(frame), operation)(**arguments)
        answer = getattr(from_parts(parts), operation)(**arguments).compute()
        assert_same(answer, expected)

    def test_meta_is_the_answers_kind(self) -> None:
        """The lazy Series' meta has the dtype a dollar book's answer has."""
        book = both(ledger())[1]
        assert book.vested_shares("2025-01-31").dtype == np.int64
        assert book.is_exercisable("2025-01-31").dtype == bool
        assert book.window_status("2025-01-31").dtype == object
        assert book.exercise_cost().dtype == pd.ArrowDtype(pa.decimal128(38, 2))
        assert book.exercise_cost().name == "exercise_cost"

    def test_with_dasks_own_strings(self) -> None:
        """With Dask's default of Arrow strings in, objects (statuses, Fractions) stay objects."""
        with dask.config.set({"dataframe.convert-string": True}):
            partitioned = dd.from_pandas(ledger(), npartitions=3)
            held = partitioned.compute()
            book = DaskGrantBook.from_frame(partitioned)
            for operation, arguments in OPERATIONS:
                expected = getattr(GrantBook.from_frame(held), operation)(**arguments)
                answer = getattr(book, operation)(**arguments).compute()
                assert_same(answer, expected)
            totals = book.summary(**TOTALS[1]).compute()
        pd.testing.assert_frame_equal(totals, GrantBook.from_frame(held).summary(**TOTALS[1]))

    def test_keeps_the_divisions_of_an_id_index(self) -> None:
        """With the ids as the index, the answer is partitioned as the frame is."""
        frame = dd.from_pandas(ledger(), npartitions=3)
        answer = DaskGrantBook.from_frame(frame).exercise_cost()
        assert answer.divisions == frame.divisions

    def test_an_id_column(self) -> None:
        """With an id column the answer is indexed by it, and its divisions are unknown."""
        frame = ledger().reset_index()
        memory, partitioned = both(frame)
        answer = partitioned.exercise_cost()
        assert not answer.known_divisions
        pd.testing.assert_series_equal(answer.compute(), memory.exercise_cost())

    def test_columns_of_mixed_scales_widen(self) -> None:
        """Partitions of yen only and of dollars give one column at the dollars' places."""
        frame = ledger()
        parts = [frame[frame["currency"] == "JPY"], frame[frame["currency"] == "USD"]]
        book = from_parts(parts)
        answer = book.exercise_cost().compute()
        expected = GrantBook.from_frame(pd.concat(parts)).exercise_cost()
        pd.testing.assert_series_equal(answer, expected)
        assert answer.dtype == pd.ArrowDtype(pa.decimal128(38, 2))

    def test_values_of_more_kinds_are_objects(self) -> None:
        """A partition whose exact cost needs more than 38 digits makes every part Decimals."""
        frame = ledger()
        frame.loc["h", "exercise_price"] = "1234567890.0000000000000000000000000001"
        parts = [frame.iloc[:4], frame.iloc[4:]]
        answer = from_parts(parts).exercise_cost(rounding=None).compute()
        expected = GrantBook.from_frame(frame).exercise_cost(rounding=None)
        pd.testing.assert_series_equal(answer, expected)
        assert answer.dtype == object

    def test_refuses_bad_arguments_at_once(self) -> None:
        """A bad argument is refused when the operation is called, not when computed."""
        book = both(ledger())[1]
        with pytest.raises(OptionError) as raised:
            book.vested_shares("soon")
        assert raised.value.field == "on"
        with pytest.raises(OptionError) as raised:
            book.exercise_cost(rounding="ROUND_SIDEWAYS")
        assert raised.value.field == "rounding"

    @pytest.mark.parametrize("kind", ["pandas", "dask"])
    def test_refuses_a_series(self, kind: str) -> None:
        """One value is taken for every grant; a Series (pandas or Dask) is refused."""
        frame = ledger()
        column = pd.Series(["2025-01-31"] * len(frame), index=frame.index)
        given = column if kind == "pandas" else dd.from_pandas(column, npartitions=2)
        book = both(frame)[1]
        with pytest.raises(InvalidDataError) as raised:
            book.vested_shares(given)
        refused(raised, field="on", rule=ONE_VALUE)


class TestTotals:
    @pytest.mark.parametrize("arguments", TOTALS, ids=["plain", "on-and-price"])
    def test_equal_the_in_memory_books(self, arguments: dict[str, Any]) -> None:
        """Each partition's totals, added, are the whole frame's: exact, per currency."""
        memory, partitioned = both(ledger())
        lazy = partitioned.summary(**arguments)
        assert lazy.npartitions == 1
        pd.testing.assert_frame_equal(lazy.compute(), memory.summary(**arguments))

    def test_with_empty_partitions(self) -> None:
        """Empty partitions add nothing, and a frame of none gives empty totals."""
        frame = ledger()
        parts = [frame.iloc[:0], frame.iloc[:5], frame.iloc[5:], frame.iloc[:0]]
        expected = GrantBook.from_frame(frame).summary()
        pd.testing.assert_frame_equal(from_parts(parts).summary().compute(), expected)
        nothing = from_parts([frame.iloc[:0]]).summary().compute()
        assert len(nothing) == 0
        assert list(nothing.columns) == list(expected.columns)


class TestBadRows:
    def test_every_partitions_rows_are_refused_together(self) -> None:
        """Computing raises one error naming the bad rows of every partition, in order."""
        frame = ledger().astype({"shares": object})
        frame.loc["a", "shares"] = 0
        frame.loc["g", "shares"] = -1
        frame.loc["h", "grant_date"] = "someday"
        with pytest.raises(InvalidBookError) as in_memory:
            GrantBook.from_frame(frame)
        partitioned = dd.from_pandas(frame, npartitions=3)
        lazy = DaskGrantBook.from_frame(partitioned).exercise_cost()  # nothing is read yet
        with pytest.raises(InvalidBookError) as raised:
            lazy.compute()
        refused(raised, field="frame", rule=in_memory.value.rule, value=("a", "g", "h"))
        assert [row for row, _ in raised.value.refusals] == ["a", "g", "h"]

    def test_totals_refuse_the_same_rows(self) -> None:
        """Totals need every row: the same refusal."""
        frame = ledger().astype({"shares": object})
        frame.loc["b", "shares"] = 0
        with pytest.raises(InvalidBookError) as raised:
            DaskGrantBook.from_frame(dd.from_pandas(frame, npartitions=2)).summary().compute()
        assert raised.value.value == ("b",)

    def test_repeated_ids_come_first(self) -> None:
        """Repeated ids are refused before bad rows, as the in-memory book refuses them."""
        frame = ledger().astype({"shares": object})
        frame.loc["a", "shares"] = 0
        frame.index = pd.Index(list("abcdeffh"), name="id")
        with pytest.raises(InvalidBookError) as in_memory:
            GrantBook.from_frame(frame)
        parts = [frame.iloc[:4], frame.iloc[4:]]
        with pytest.raises(InvalidBookError) as raised:
            from_parts(parts).exercise_cost().compute()
        refused(raised, field="ids", rule=in_memory.value.rule, value=("f",))

    def test_repeated_ids_of_a_sorted_index_are_found(self) -> None:
        """With the ids as a sorted index, each id's rows are in one partition: all found."""
        frame = ledger()
        frame.index = pd.Index(list("abbbcddd"), name="id")
        with pytest.raises(InvalidBookError) as in_memory:
            GrantBook.from_frame(frame)
        partitioned = dd.from_pandas(frame, npartitions=4)
        with pytest.raises(InvalidBookError) as raised:
            DaskGrantBook.from_frame(partitioned).exercise_cost().compute()
        refused(raised, field="ids", rule=in_memory.value.rule, value=in_memory.value.value)


class TestMessages:
    def test_words(self) -> None:
        """Each rule of the Dask book, word for word."""
        assert message(lambda: DaskGrantBook.from_frame(ledger()), NOT_DASK) == (
            "frame='a DataFrame': must be a dask DataFrame "
            "(GrantBook.from_frame reads a pandas one)"
        )
        book = both(ledger())[1]
        column = pd.Series(["2025-01-31"] * 8, index=ledger().index)
        assert message(lambda: book.window_status(column), ONE_VALUE) == (
            "on='a Series': must be one value for every grant in a Dask book, not a Series"
        )


@st.composite
def partitioned_frames(draw: st.DrawFn) -> tuple[Any, list[int]]:
    """A frame of grants with any conventions, schedules and histories, and where to cut it."""
    grants = draw(st.lists(grants_with_history(max_events=2), min_size=1, max_size=6))
    frame = GrantBook.from_grants(grants).to_frame()
    cuts = draw(st.lists(st.integers(0, len(frame)), max_size=3))
    return frame, sorted(cuts)


class TestPartitioningIsInvisible:
    @whole_books()
    @given(partitioned=partitioned_frames())
    def test_any_partitioning_answers_as_the_whole(
        self, partitioned: tuple[Any, list[int]]
    ) -> None:
        """However a frame is cut, every operation and the totals equal the whole frame's."""
        frame, cuts = partitioned
        bounds = [0, *cuts, len(frame)]
        parts = [frame.iloc[start:end] for start, end in itertools.pairwise(bounds)]
        memory, book = GrantBook.from_frame(frame), from_parts(parts)
        lazy = [getattr(book, operation)(**arguments) for operation, arguments in COMBINING]
        *answers, totals = dask.compute(*lazy, book.summary(**TOTALS[1]))
        for (operation, arguments), answer in zip(COMBINING, answers, strict=True):
            expected = getattr(memory, operation)(**arguments)
            pd.testing.assert_series_equal(answer, expected, obj=operation)
        pd.testing.assert_frame_equal(totals, memory.summary(**TOTALS[1]))


ROWS_PER_PART = 125_000
PARTS = 8  # 10^6 rows
PRICES = pa.decimal128(18, 2)  # as a Parquet file's decimal column reads


def generated(part: int) -> Any:
    """Partition ``part`` of a million-grant ledger: made where it is computed, the same anywhere.

    Dates and prices are Arrow columns, as a Parquet file of the ledger would give them.
    """
    rng = np.random.default_rng(part)
    count = ROWS_PER_PART
    days = (np.datetime64("2015-01-01") + rng.integers(0, 3650, count) // 30 * 30).astype(
        "datetime64[D]"
    )
    cents = rng.integers(1, 10_000, count)
    date_column = pd.arrays.ArrowExtensionArray(pa.array(days, pa.date32()))
    return pd.DataFrame(
        {
            "grant_date": date_column,
            "shares": rng.integers(1, 100_000, count),
            "exercise_price": pd.arrays.ArrowExtensionArray(
                pa.array([Decimal(f"{cent // 100}.{cent % 100:02}") for cent in cents], PRICES)
            ),
            "term": "10 years",
            "currency": np.where(rng.random(count) < 0.8, "USD", "EUR").astype(object),
            "vesting_start": date_column,
            "vesting_months": 48,
            "vesting_cliff": 12,
            "holder": np.char.add("holder ", rng.integers(0, 50, count).astype(str)).astype(object),
        },
        index=pd.RangeIndex(part * count, (part + 1) * count, name="id"),
    )


def one_chunk(frame: Any) -> Any:
    """``frame`` with each Arrow column in one chunk, as each partition has its own."""
    return frame.apply(
        lambda column: (
            pd.arrays.ArrowExtensionArray(column.array._pa_array.combine_chunks())
            if isinstance(column.dtype, pd.ArrowDtype)
            else column
        )
    )


@pytest.mark.cluster
def test_a_million_grants_on_a_local_cluster() -> None:
    """Two worker processes answer a million grants as the in-memory book does, exactly."""
    started = time.perf_counter()
    frame = dd.from_map(generated, range(PARTS), meta=generated(0).iloc[:0])
    book = DaskGrantBook.from_frame(frame)
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        costs, vested, totals = client.compute(
            [book.exercise_cost(), book.vested_shares("2024-06-30"), book.summary(on="2024-06-30")],
            sync=True,
        )
    memory = GrantBook.from_frame(one_chunk(pd.concat([generated(part) for part in range(PARTS)])))
    assert len(costs) == PARTS * ROWS_PER_PART
    pd.testing.assert_series_equal(costs, memory.exercise_cost())
    pd.testing.assert_series_equal(vested, memory.vested_shares("2024-06-30"))
    pd.testing.assert_frame_equal(totals, memory.summary(on="2024-06-30"))
    assert totals["exercise_cost"].sum() == memory.exercise_cost().sum()
    assert isinstance(totals["exercise_cost"].sum(), Decimal)
    print(f"a million grants on two workers: {time.perf_counter() - started:.1f} s")  # noqa: T201
