"""A book read from an OCF file is the book of the grants the scalar reader reads, row by row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("numpy")
pytest.importorskip("scipy")

from hypothesis import given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    VestingSchedule,
    exercise,
    from_ocf,
    to_ocf,
    vested_shares,
)
from auxer_option._grant import GRANT_KEYWORDS
from auxer_option._history import MORE_THAN_OUTSTANDING
from auxer_option._ocf_reading import (
    ISSUED_AGAIN,
    NO_EXPIRY,
    NOT_A_FILE,
    NOT_ISSUED,
    NOT_ITEMS,
    UNRESOLVED_TERMS,
)
from auxer_option.book import GrantBook
from auxer_option.book._ocf import OcfBook, book_from_ocf, read_ocf_book
from auxer_option.exceptions import (
    InsufficientSharesError,
    InvalidBookError,
    InvalidDataError,
    LossyExportError,
    OptionError,
)
from auxer_option.testing.strategies import (
    grants_with_history,
    option_grants,
    vesting_schedules,
)
from tests.data import OCF_SAMPLES_WITHOUT_OPTIONS, ocf_sample
from tests.grants import four_year_grant
from tests.messages import refused
from tests.test_ocf_vesting import terms_for, vesting_start

LOST = "Not expressible in OCF v1.2.0: "


def written(grant: OptionGrant, security: str, holder: str = "h-1") -> list[dict[str, Any]]:
    return to_ocf(grant, security_id=security, stakeholder_id=holder)


def naming_terms(issuance: dict[str, Any], terms_id: str) -> dict[str, Any]:
    """``issuance`` naming vesting terms, without the installments and schedule it carries."""
    issuance.pop("vestings")
    issuance["comments"] = [c for c in issuance["comments"] if "vesting:" not in c]
    issuance["vesting_terms_id"] = terms_id
    return issuance


def scalar_book(items: Any) -> GrantBook:
    """The book of the grants the scalar reader reads, in its order, with its holders."""
    read = from_ocf(items)
    holders = [read.holders[security] for security in read.grants]
    return GrantBook.from_grants(read.grants.values(), ids=read.grants.keys(), holders=holders)


def assert_same_books(book: GrantBook, expected: GrantBook) -> None:
    """Row by row: ids, holders, every grant, and every column of the frames."""
    assert list(book.ids) == list(expected.ids)
    assert list(book) == list(expected)
    assert book.to_frame().equals(expected.to_frame())


EXERCISED, _ = exercise(four_year_grant(), 12_000, "2025-02-03")
NAMED_TERMS = OptionGrant(
    "2021-01-01",
    4_800,
    "1.00",
    term="10 years",
    vesting=VestingSchedule.graded("2021-01-01", months=48, cliff=12),
)


@st.composite
def ocf_grants(draw: st.DrawFn) -> OptionGrant:
    """Grants of the library's strategies, with any schedule their history allows."""
    grant = draw(st.one_of(option_grants(), grants_with_history(max_events=3)))
    schedule = draw(vesting_schedules(shares=grant.shares, start=grant.grant_date))
    try:
        return OptionGrant(
            **{name: getattr(grant, name) for name in GRANT_KEYWORDS} | {"vesting": schedule}
        )
    except OptionError:  # a schedule this grant's history refuses: the grant as drawn
        return grant


def mixed_file() -> list[dict[str, Any]]:
    """Options with exercises, carried and named schedules, and items that are not options."""
    named = naming_terms(written(NAMED_TERMS, "opt-3", "h-2")[0], "terms-1")
    return [
        {"object_type": "TX_STOCK_ISSUANCE", "id": "stock-1"},
        *written(EXERCISED, "opt-1"),
        *written(AUXER_1999, "opt-2", "pmr"),
        named,
        terms_for(NAMED_TERMS.vesting),
        vesting_start("opt-3", "2021-01-01"),
        {"object_type": "TX_WARRANT_ISSUANCE", "id": "warrant-1"},
    ]


class TestBookFromOcf:
    def test_equals_the_scalar_reader_row_by_row(self) -> None:
        """The book is GrantBook.from_grants of what from_ocf reads, in file order."""
        items = mixed_file()
        book = book_from_ocf(items)
        assert_same_books(book, scalar_book(items))
        assert list(book.ids) == ["opt-1", "opt-2", "opt-3"]
        assert list(book) == [EXERCISED, AUXER_1999, NAMED_TERMS]
        assert book.to_frame()["holder"].tolist() == ["h-1", "pmr", "h-2"]

    def test_a_whole_file(self) -> None:
        """A transactions file is read by its items."""
        items = mixed_file()
        document = {"file_type": "OCF_TRANSACTIONS_FILE", "items": items}
        assert_same_books(book_from_ocf(document), book_from_ocf(items))

    def test_operations_on_the_rows(self) -> None:
        """The rows answer as the scalar functions do on the grants read."""
        book = book_from_ocf(mixed_file())
        on = dt.date(2025, 6, 30)
        expected = [vested_shares(grant, on) for grant in from_ocf(mixed_file()).grants.values()]
        assert book.vested_shares(on).tolist() == expected

    def test_what_is_not_an_option_is_listed(self) -> None:
        """Items that are not options are not in the book, and read_ocf_book lists them."""
        read = read_ocf_book(mixed_file())
        assert isinstance(read, OcfBook)
        assert [(entry.id, entry.inconsistent) for entry in read.skipped] == [
            ("stock-1", False),
            ("warrant-1", False),
        ]
        assert read.skipped == from_ocf(mixed_file()).skipped
        assert list(read.book.ids) == list(book_from_ocf(mixed_file()).ids)

    def test_empty(self) -> None:
        """A file with no option is an empty book."""
        assert len(book_from_ocf([])) == 0
        assert len(book_from_ocf([{"object_type": "TX_STOCK_ISSUANCE", "id": "s"}])) == 0

    @given(st.lists(ocf_grants(), max_size=5))
    def test_grants_written_with_to_ocf(self, grants: list[OptionGrant]) -> None:
        """Grants written with to_ocf read back as a book: one row per grant, in order, each
        the grant itself when the export lost nothing, and the scalar reader's row always;
        or, where what was lost makes an item inconsistent, refused naming those items."""
        items: list[dict[str, Any]] = []
        kept: list[tuple[str, OptionGrant, bool]] = []
        for number, grant in enumerate(grants):
            security = f"s-{number}"
            try:
                exported = to_ocf(grant, security_id=security, stakeholder_id="h", allow_loss=True)
            except LossyExportError:  # a number OCF cannot write: not in the file
                continue
            lost = any(c.startswith(LOST) for c in exported[0].get("comments", []))
            items.extend(exported)
            kept.append((security, grant, lost))
        bad = [entry.id for entry in from_ocf(items).skipped if entry.inconsistent]
        if bad:  # what an export lost (how an exercise was paid) reads back as inconsistent
            assert all(any(f"{s}-" in str(row) for s, _, lost in kept if lost) for row in bad)
            with pytest.raises(InvalidBookError) as raised:
                book_from_ocf(items)
            assert [row for row, _ in raised.value.refusals] == bad
            return
        book = book_from_ocf(items)
        assert list(book.ids) == [security for security, _, _ in kept]
        for security, grant, lost in kept:
            if not lost:
                assert book.grant(security) == grant
        assert_same_books(book, scalar_book(items))

    def test_official_vesting_samples(self) -> None:
        """The official vesting terms and transactions give a row its schedule."""
        option = naming_terms(written(NAMED_TERMS, "vesting-ex-1")[0], "4yr-1yr-cliff-schedule")
        items = [
            *ocf_sample("VestingTerms.ocf.json")["items"],
            *ocf_sample("VestingTransactions.examples.ocf.json")["items"],
            option,
        ]
        read = read_ocf_book(items)
        assert list(read.book) == [NAMED_TERMS]
        assert not any(entry.inconsistent for entry in read.skipped)
        assert_same_books(read.book, scalar_book(items))

    @pytest.mark.parametrize(
        "name",
        OCF_SAMPLES_WITHOUT_OPTIONS,
    )
    def test_official_samples_without_options(self, name: str) -> None:
        """The official files with no option: an empty book, every item listed."""
        document = ocf_sample(name)
        read = read_ocf_book(document)
        assert len(read.book) == 0
        assert len(read.skipped) == len(document["items"])


class TestBadInput:
    @pytest.mark.parametrize(
        ("given", "rule"), [({"a": 1}, NOT_A_FILE), ("items", NOT_ITEMS), (3, NOT_ITEMS)]
    )
    def test_not_a_file(self, given: Any, rule: str) -> None:
        with pytest.raises(InvalidDataError) as raised:
            book_from_ocf(given)
        refused(raised, cls=InvalidDataError, field="items", rule=rule)

    def test_official_transactions(self) -> None:
        """The official transactions exercise more shares than the option holds: refused,
        each such exercise named with the scalar API's error."""
        with pytest.raises(InvalidBookError) as raised:
            book_from_ocf(ocf_sample("Transactions.ocf.json"))
        assert raised.value.field == "items"
        rows = [row for row, _ in raised.value.refusals]
        assert rows == [
            "test-plan-security-exercise-minimal",
            "test-plan-security-exercise-full-fields",
        ]
        for _, error in raised.value.refusals:
            rule = MORE_THAN_OUTSTANDING.format(outstanding=50, granted=50)
            refused(error, cls=InsufficientSharesError, field="shares", rule=rule)

    def test_every_unreadable_option_item_listed(self) -> None:
        """Each kind of inconsistent option item, all refused at once, in file order."""
        (no_expiry,) = written(AUXER_1999, "opt-1")
        no_expiry["expiration_date"] = None
        (named,) = written(AUXER_1999, "opt-2")
        named["vesting_terms_id"] = "absent"
        twice = written(AUXER_1999, "opt-3")
        stray = written(exercise(AUXER_1999, 1, "1999-08-02")[0], "opt-9")[1]
        items = [no_expiry, named, *twice, *twice, stray]
        with pytest.raises(InvalidBookError) as raised:
            book_from_ocf(items)
        refusals = dict(raised.value.refusals)
        assert list(refusals) == [
            "opt-1-issuance",
            "opt-2-issuance",
            "opt-3-issuance",
            "opt-9-exercise-1",
        ]
        refused(refusals["opt-1-issuance"], field="expiration_date", rule=NO_EXPIRY)
        refused(refusals["opt-2-issuance"], field="vesting_terms_id", rule=UNRESOLVED_TERMS)
        refused(refusals["opt-3-issuance"], field="security_id", rule=ISSUED_AGAIN)
        refused(refusals["opt-9-exercise-1"], field="security_id", rule=NOT_ISSUED)

    def test_an_item_without_an_id(self) -> None:
        """An unreadable item with no id is named by its place in the file."""
        (item,) = written(AUXER_1999, "opt-1")
        del item["id"]
        item["expiration_date"] = None
        with pytest.raises(InvalidBookError) as raised:
            book_from_ocf([{"object_type": "TX_STOCK_ISSUANCE", "id": "s"}, item])
        assert [row for row, _ in raised.value.refusals] == ["items[1]"]
