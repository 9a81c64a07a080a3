"""A grant's tax terms: its kind, its grant-date value, its holder, and the ISO guards."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from typing import Any

import attrs
import pytest

from auxer_option import (
    AUXER_1999,
    CompensationType,
    OptionGrant,
    TaxTerms,
    Termination,
    from_json,
    from_ocf,
    to_dict,
    to_json,
    to_ocf,
)
from auxer_option._choices import NOT_A_FLAG
from auxer_option._ocf_reading import NOT_YES
from auxer_option._tax_terms import (
    DEFAULT_TAX_TERMS,
    ISO_TOO_CHEAP,
    ISO_TOO_LONG,
    NOT_TAX_TERMS,
    TEN_PERCENT_HOLDER_PRICE,
)
from auxer_option.exceptions import (
    IncentiveOptionPriceError,
    IncentiveOptionTermError,
    InvalidChoiceError,
    OptionTypeError,
    PrecisionError,
)
from tests.messages import RESULT_TOO_LONG, message, refused


def iso(**keywords: Any) -> OptionGrant:
    """An ISO of 2024-02-29 at $5.00, for 10 years unless said otherwise."""
    given: dict[str, Any] = {"term": "10 years", **keywords}
    return OptionGrant("2024-02-29", 1_000, "5.00", compensation_type="OPTION_ISO", **given)


class TestTheFields:
    def test_defaults_are_shared(self) -> None:
        """A grant that gives none shares the default tax terms: an option, at the money."""
        assert AUXER_1999.tax_terms is DEFAULT_TAX_TERMS
        assert AUXER_1999.compensation_type is CompensationType.OPTION
        assert AUXER_1999.grant_fair_market_value is None
        assert AUXER_1999.ten_percent_holder is False
        assert OptionGrant("2024-01-02", 1, "1", term="1 year", tax_terms=TaxTerms()).tax_terms is (
            DEFAULT_TAX_TERMS
        )

    @pytest.mark.parametrize("kind", list(CompensationType))
    def test_a_kind_alone_is_shared(self, kind: CompensationType) -> None:
        """Grants that state only their kind share one TaxTerms for it, not one each."""
        first, second = (
            OptionGrant("2024-01-02", 1, "1", term="1 year", compensation_type=kind.value)
            for _ in range(2)
        )
        assert first.tax_terms is second.tax_terms
        assert first.tax_terms == TaxTerms(compensation_type=kind)

    @pytest.mark.parametrize("spelled", ["OPTION_NSO", "option-nso", "Option Nso"])
    def test_a_kind_in_any_case(self, spelled: str) -> None:
        """The kind is read as other choices are."""
        grant = OptionGrant("2024-01-02", 1, "1", term="1 year", compensation_type=spelled)
        assert grant.compensation_type is CompensationType.OPTION_NSO

    def test_one_by_one_on_top_of_together(self) -> None:
        """Terms given one by one apply on top of those given together."""
        terms = TaxTerms(compensation_type="OPTION_NSO", grant_fair_market_value="4")
        grant = OptionGrant(
            "2024-01-02", 1, "5", term="1 year", tax_terms=terms, ten_percent_holder=True
        )
        assert grant.tax_terms == TaxTerms("OPTION_NSO", Decimal(4), True)

    def test_repr_evaluates_back(self) -> None:
        """The repr shows the terms that differ from the defaults, and reads back."""
        grant = iso(grant_fair_market_value="4.50")
        assert "compensation_type=CompensationType.OPTION_ISO" in repr(grant)
        assert "ten_percent_holder" not in repr(grant)
        namespace = {
            "OptionGrant": OptionGrant,
            "CompensationType": CompensationType,
            "Decimal": Decimal,
            "Term": type(grant.term),
            "datetime": dt,
        }
        assert eval(repr(grant), namespace) == grant  # noqa: S307  (our own repr)
        assert repr(TaxTerms()) == "TaxTerms()"
        assert repr(TaxTerms("OPTION_NSO", "4", ten_percent_holder=True)) == (
            "TaxTerms(compensation_type=CompensationType.OPTION_NSO, "
            "grant_fair_market_value=Decimal('4'), ten_percent_holder=True)"
        )

    def test_display(self) -> None:
        """A grant with tax terms says so in its summary."""
        shown = str(iso(grant_fair_market_value="4.50"))
        assert "an incentive stock option (ISO); fair market value at grant" in shown
        holder = OptionGrant(
            "2024-01-02",
            1,
            "1",
            term="1 year",
            compensation_type="OPTION_NSO",
            ten_percent_holder=True,
        )
        assert "more than 10%" in str(holder)
        assert "Tax terms" not in str(AUXER_1999)

    def test_equal_by_value_and_pickled(self) -> None:
        """The terms take part in equality, and survive pickling and evolve."""
        grant = iso()
        assert grant != attrs.evolve(grant, compensation_type="OPTION_NSO")
        assert pickle.loads(pickle.dumps(grant)) == grant  # noqa: S301  (our own pickle)

    def test_bad_values(self) -> None:
        """Each term refuses what it cannot read."""
        with pytest.raises(InvalidChoiceError) as raised:
            OptionGrant("2024-01-02", 1, "1", term="1 year", compensation_type="RSU")
        assert raised.value.field == "compensation_type"
        with pytest.raises(OptionTypeError) as flag:
            OptionGrant("2024-01-02", 1, "1", term="1 year", ten_percent_holder=1)  # type: ignore[arg-type]
        refused(flag, field="ten_percent_holder", rule=NOT_A_FLAG)
        with pytest.raises(OptionTypeError) as together:
            OptionGrant("2024-01-02", 1, "1", term="1 year", tax_terms="ISO")  # type: ignore[arg-type]
        refused(together, field="tax_terms", rule=NOT_TAX_TERMS, value="ISO")
        with pytest.raises(OptionTypeError) as value:
            OptionGrant("2024-01-02", 1, "1", term="1 year", grant_fair_market_value=1.5)  # type: ignore[arg-type]
        assert value.value.field == "grant_fair_market_value"


class TestIsoGuards:
    def test_ten_years_to_the_day(self) -> None:
        """Ten years from 2024-02-29 is 2034-02-28: that day is allowed, the next is not."""
        assert iso().expiration_date == dt.date(2034, 2, 28)
        with pytest.raises(IncentiveOptionTermError) as raised:
            iso(term=None, expiration_date="2034-03-01")
        refused(
            raised,
            field="expiration_date",
            value=dt.date(2034, 3, 1),
            rule=ISO_TOO_LONG.format(
                last=dt.date(2034, 2, 28), holder="", years=10, grant_date=dt.date(2024, 2, 29)
            ),
        )

    def test_a_roll_past_the_limit(self) -> None:
        """A business-day roll that carries the last day past the limit is refused too."""
        with pytest.raises(IncentiveOptionTermError) as raised:
            iso(business_day_roll="FOLLOWING", holidays=["2034-02-28"])
        assert raised.value.field == "last_exercise_date"

    @pytest.mark.parametrize("reason", ["VOLUNTARY_OTHER", "INVOLUNTARY_DEATH"])
    def test_a_roll_past_the_limit_with_a_termination(self, reason: str) -> None:
        """The roll is refused whatever a termination leaves of the window: the terms count.

        A termination shortens the window to well within ten years, but the grant as made
        could be exercised past them; the same grant without its termination is refused,
        so with it, it is too (its earlier self, read on a day before, would not exist).
        """
        termination = Termination(dt.date(2025, 6, 2), reason)
        with pytest.raises(IncentiveOptionTermError) as raised:
            iso(business_day_roll="FOLLOWING", holidays=["2034-02-28"], termination=termination)
        assert raised.value.field == "last_exercise_date"

    def test_a_ten_percent_holder(self) -> None:
        """Five years, and 110% of the value at grant."""
        grant = iso(term="5 years", ten_percent_holder=True, grant_fair_market_value="4.50")
        assert grant.ten_percent_holder
        with pytest.raises(IncentiveOptionTermError):
            iso(term="6 years", ten_percent_holder=True, grant_fair_market_value="4.50")
        with pytest.raises(IncentiveOptionPriceError) as raised:
            iso(term="5 years", ten_percent_holder=True)
        refused(
            raised,
            field="exercise_price",
            rule=ISO_TOO_CHEAP.format(
                minimum="USD 5.500",
                holder=" granted to a holder of more than 10% of the voting power",
                percent=110,
                value="USD 5.00",
            ),
        )
        assert Decimal("1.1") == TEN_PERCENT_HOLDER_PRICE

    def test_a_ten_percent_holders_minimum_too_long_to_be_exact(self) -> None:
        """110% of a 50-digit value needs more digits than an amount may have: refused."""
        with pytest.raises(PrecisionError) as raised:
            iso(
                term="5 years",
                ten_percent_holder=True,
                grant_fair_market_value="9." + "9" * 49,
            )
        refused(raised, field="exercise_price", rule=RESULT_TOO_LONG)

    def test_below_the_value_at_grant(self) -> None:
        """An ISO priced below the fair market value at grant is refused."""
        with pytest.raises(IncentiveOptionPriceError) as raised:
            iso(grant_fair_market_value="5.01")
        assert raised.value.field == "exercise_price"

    @pytest.mark.parametrize("holder", [False, True])
    def test_the_calendars_last_years(self, *, holder: bool) -> None:
        """Where the limit falls past 9999-12-31, an ISO may run to the calendar's last day."""
        grant = OptionGrant(
            "9998-06-01",
            1_000,
            "5.00",
            expiration_date="9999-12-31",
            compensation_type="OPTION_ISO",
            ten_percent_holder=holder,
            grant_fair_market_value="4.00",
        )
        assert grant.last_exercise_date == dt.date(9999, 12, 31)

    def test_other_kinds_are_not_checked(self) -> None:
        """An NSO may be priced below the value and run longer."""
        grant = OptionGrant(
            "2024-02-29",
            1,
            "1",
            term="15 years",
            compensation_type="OPTION_NSO",
            grant_fair_market_value="9",
        )
        assert grant.expiration_date == dt.date(2039, 2, 28)


class TestCarried:
    def test_json_round_trip(self) -> None:
        """JSON carries the three terms, and data written before them reads as the defaults."""
        grant = iso(term="5 years", ten_percent_holder=True, grant_fair_market_value="4.50")
        assert from_json(to_json(grant)) == grant
        older = to_dict(AUXER_1999)
        for name in ("compensation_type", "grant_fair_market_value", "ten_percent_holder"):
            del older[name]
        assert from_json(to_json(AUXER_1999)) == AUXER_1999
        from auxer_option import from_dict

        assert from_dict(older) == AUXER_1999

    def test_ocf_round_trip(self) -> None:
        """OCF's compensation_type is the grant's; the value and the holder travel in comments."""
        grant = iso(term="5 years", ten_percent_holder=True, grant_fair_market_value="4.50")
        items = to_ocf(grant, security_id="s", stakeholder_id="h")
        assert items[0]["compensation_type"] == "OPTION_ISO"
        assert "auxer-option/1 ten_percent_holder: yes" in items[0]["comments"]
        assert from_ocf(items).grants["s"] == grant

    def test_ocf_explicit_kind(self) -> None:
        """An explicit compensation_type exports the grant as that kind, checked as one."""
        items = to_ocf(
            AUXER_1999, security_id="s", stakeholder_id="h", compensation_type="option_nso"
        )
        assert from_ocf(items).grants["s"].compensation_type is CompensationType.OPTION_NSO
        same = to_ocf(AUXER_1999, security_id="s", stakeholder_id="h", compensation_type="OPTION")
        assert same == to_ocf(AUXER_1999, security_id="s", stakeholder_id="h")
        with pytest.raises(IncentiveOptionPriceError):
            to_ocf(
                OptionGrant("2024-01-02", 1, "1", term="1 year", grant_fair_market_value="2"),
                security_id="s",
                stakeholder_id="h",
                compensation_type="OPTION_ISO",
            )

    def test_ocf_bad_holder_flag(self) -> None:
        """A carried ten_percent_holder other than yes is skipped with its reason."""
        items = to_ocf(iso(), security_id="s", stakeholder_id="h")
        items[0]["comments"] = [
            *items[0].get("comments", []),
            "auxer-option/1 ten_percent_holder: no",
        ]
        read = from_ocf(items)
        assert "s" not in read.grants
        assert NOT_YES in read.skipped[0].reason


class TestMessages:
    def test_rules_word_for_word(self) -> None:
        """Each rule of this module, word for word, once: other tests check which rule it is."""
        assert message(
            lambda: iso(grant_fair_market_value="6"),
            ISO_TOO_CHEAP.format(minimum="USD 6.00", holder="", percent=100, value="USD 6.00"),
        ) == (
            "exercise_price=Decimal('5.00'): must be at least USD 6.00: an incentive stock "
            "option must be priced at 100% or more of the fair market value at grant, USD 6.00 "
            "(IRC §422(b)(4), (c)(5))"
        )
        assert ISO_TOO_LONG == (
            "must be no later than {last}: an incentive stock option{holder} may not be "
            "exercised more than {years} years after its grant date {grant_date} "
            "(IRC §422(b)(3), (c)(5))"
        )
        assert NOT_TAX_TERMS == (
            "must be a TaxTerms, such as TaxTerms(compensation_type='OPTION_ISO')"
        )
        assert NOT_YES == "must be 'yes', as to_ocf writes it"


def test_a_bad_value_in_ocf_comments() -> None:
    """A carried fair market value that is not an amount is refused with the comment's field."""
    items = to_ocf(iso(), security_id="s", stakeholder_id="h")
    items[0]["comments"] = ["auxer-option/1 grant_fair_market_value: lots"]
    read = from_ocf(items)
    assert "s" not in read.grants
    assert "lots" in read.skipped[0].reason
