"""Named choices: enums that read as text, and choices made in words (``_choices``)."""

from __future__ import annotations

import ast
import enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import auxer_option
from auxer_option import _expense, _pershare, _valuation, ocf
from auxer_option._choices import (
    NOT_A_FLAG,
    SPELLED_ALIKE,
    Choice,
    check_choice,
    check_flag,
    find_choice,
    one_of,
    spelling,
)
from auxer_option._money import ROUNDING_MODES
from auxer_option._parse import DATE_ORDERS
from auxer_option.exceptions import InvalidChoiceError

from .messages import message, refused
from .strategies import anything


class Colour(Choice):
    RED = "RED"
    GREEN = "GREEN"
    DARK_BLUE = "DARK_BLUE"


def _every_choice(kind: type[Choice] = Choice) -> list[type[Choice]]:
    """``kind``'s subclasses, and theirs: every choice the library (and these tests) define."""
    found = []
    for sub in kind.__subclasses__():
        found += [sub, *_every_choice(sub)]
    return found


def _written_choices() -> set[str]:
    """The classes the library's source writes as ``class Name(Choice)``."""
    return {
        node.name
        for path in Path(auxer_option.__file__).parent.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
        and any(isinstance(base, ast.Name) and base.id == "Choice" for base in node.bases)
    }


# Named, so that their choices are loaded for the walk however the package loads them.
_LOADED = (
    _pershare.Moneyness,
    _valuation.OptionKind,
    _expense.ExpenseMethod,
    _expense.ReportingPeriod,
)
CHOICES = tuple(kind for kind in _every_choice() if kind.__module__.startswith("auxer_option"))
MEMBERS = tuple(member for kind in CHOICES for member in kind)
#: The library's choices made in words.
TEXT_CHOICES = (DATE_ORDERS, ROUNDING_MODES, ocf.OPTION_TYPES)


@st.composite
def spelled(draw: st.DrawFn, text: str) -> str:
    """``text`` with each letter in either case and each underscore a hyphen or a space."""
    return "".join(
        draw(st.sampled_from("_- "))
        if char == "_"
        else draw(st.sampled_from((char.lower(), char.upper())))
        for char in text
    )


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    def test_one_of(self) -> None:
        """A value that is none of the choices is refused with the choices listed, in order."""
        expected = "colour='BLUE': must be one of RED, GREEN, DARK_BLUE"
        assert message(lambda: Colour.coerce("BLUE", "colour"), one_of(Colour)) == expected

    def test_not_a_flag(self) -> None:
        """A yes-or-no input that is not a bool is refused, whatever its truthiness."""
        expected = "early_exercisable='yes': must be True or False"
        assert message(lambda: check_flag("yes", "early_exercisable"), NOT_A_FLAG) == expected
        assert check_flag(False, "early_exercisable") is False

    def test_spelled_alike(self) -> None:
        """Two members spelled alike are refused where the class is written."""
        with pytest.raises(TypeError) as raised:

            class Clash(Choice):
                TOP_UP = "TOP_UP"
                TOP_UP_AGAIN = "top-up"

        expected = "Clash: Clash.TOP_UP and Clash.TOP_UP_AGAIN are spelled alike; rename one"
        assert str(raised.value) == expected
        assert SPELLED_ALIKE == "{first!r} and {second!r} are spelled alike; rename one"


class TestChoices:
    @pytest.mark.parametrize(
        ("text", "key"),
        [
            ("Voluntary-other", "VOLUNTARY_OTHER"),
            ("a b-c_d", "A_B_C_D"),
            ("\u0131", "\u0131"),
            ("", ""),
        ],
    )
    def test_spelling(self, text: str, key: str) -> None:
        """The key a choice is looked up by: upper case, underscores; non-ASCII as given."""
        assert spelling(text) == key

    @pytest.mark.parametrize("given", ["RED", Colour.RED, "red", "Red", "rEd"])
    def test_members_and_their_names(self, given: object) -> None:
        """A member, or its name as text in any case, is that member."""
        assert Colour.coerce(given, "colour") is Colour.RED

    @pytest.mark.parametrize("given", ["dark_blue", "Dark Blue", "dark-blue", "DARK-BLUE"])
    def test_separators(self, given: str) -> None:
        """A hyphen or a space reads as an underscore."""
        assert Colour.coerce(given, "colour") is Colour.DARK_BLUE
        assert Colour(given) is Colour.DARK_BLUE  # the enum's own lookup reads it alike

    @pytest.mark.parametrize(
        "given",
        [
            "BLUE",
            "DARKBLUE",  # a separator is one character, never none
            "DARK__BLUE",  # nor two
            "DARK  BLUE",
            " RED",  # nor any around the name
            "RED\n",
            "DARK\tBLUE",
            "ʀED",  # a small capital R: only ASCII is folded
            "",
            None,
            1,
            b"RED",
            ["RED"],
            {"RED": 1},
        ],
    )
    def test_anything_else(self, given: object) -> None:
        """Anything else is refused, listing the members, unhashable values included."""
        with pytest.raises(InvalidChoiceError) as raised:
            Colour.coerce(given, "colour")
        refused(raised, field="colour", value=given, rule=one_of(["RED", "GREEN", "DARK_BLUE"]))

    @pytest.mark.parametrize("given", ["\u0131", "ſ"])  # noqa: RUF001
    def test_look_alikes_are_not_folded(self, given: str) -> None:
        """A dotless i and a long s are upper-cased to I and S by Python; never read so here."""

        class Letter(Choice):
            I = "I"  # noqa: E741
            S = "S"

        assert given.upper() in {"I", "S"}
        with pytest.raises(InvalidChoiceError):
            Letter.coerce(given, "letter")
        with pytest.raises(ValueError, match="is not a valid"):
            Letter(given)

    def test_the_enum_refuses_other_values(self) -> None:
        """The enum's own lookup refuses what coerce refuses."""
        with pytest.raises(ValueError, match="is not a valid"):
            Colour(1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="is not a valid"):
            Colour("BLUE")

    def test_repr_is_canonical(self) -> None:
        """However it was spelled, a member shows as its canonical name."""
        assert repr(Colour.coerce("dark blue", "colour")) == "Colour.DARK_BLUE"
        assert str(Colour.coerce("dark blue", "colour")) == "DARK_BLUE"


class TestEveryChoice:
    """Every choice of the library reads the same way."""

    def test_all_found(self) -> None:
        """The walk over Choice's subclasses finds every choice the library defines."""
        assert {kind.__name__ for kind in CHOICES} == _written_choices()
        assert len(CHOICES) >= 9  # the nine there were when this was written
        assert all(isinstance(kind, enum.EnumType) for kind in CHOICES)

    @pytest.mark.parametrize("kind", CHOICES, ids=lambda kind: kind.__name__)
    def test_no_two_members_spelled_alike(self, kind: type[Choice]) -> None:
        """No two members' names or values share a spelling."""
        owners: dict[str, Choice] = {}
        for member in kind:
            for text in (member.value, member.name):
                assert owners.setdefault(spelling(text), member) is member

    @given(data=st.data(), member=st.sampled_from(MEMBERS))
    @example(data=None, member=auxer_option.TerminationReason.VOLUNTARY_OTHER)
    def test_any_spelling_of_a_name(self, data: st.DataObject | None, member: Choice) -> None:
        """Any casing of a member's name or value, with hyphens or spaces, is that member."""
        kind = type(member)
        if data is None:  # the spellings
            variants = ["voluntary_other", "voluntary-other", "Voluntary Other"]
        else:
            variants = [data.draw(spelled(member.name)), data.draw(spelled(member.value))]
        for variant in variants:
            assert kind.coerce(variant, "field") is member
            assert kind(variant) is member
            assert repr(kind.coerce(variant, "field")) == f"{kind.__name__}.{member.name}"

    @given(kind=st.sampled_from(CHOICES), value=anything())
    def test_anything_else_lists_the_canonical_choices(
        self, kind: type[Choice], value: object
    ) -> None:
        """What names no member is refused, listing the canonical values."""
        names = {spelling(text) for member in kind for text in (member.value, member.name)}
        if isinstance(value, kind) or (isinstance(value, str) and spelling(value) in names):
            return
        with pytest.raises(InvalidChoiceError) as raised:
            kind.coerce(value, "field")
        refused(raised, field="field", value=value, rule=one_of(member.value for member in kind))

    @pytest.mark.parametrize(
        ("kind", "given", "expected"),
        [
            ("TerminationReason", "voluntary_other", "VOLUNTARY_OTHER"),
            ("BusinessDayRoll", "following", "FOLLOWING"),
            ("BusinessDayRoll", "Modified Following", "MODIFIED_FOLLOWING"),
            ("OptionKind", "Call", "CALL"),
            ("OptionKind", "put", "PUT"),
            ("VestingDayOfMonth", "01", "DAY_01"),
            ("VestingDayOfMonth", "day_01", "DAY_01"),
            ("VestingDayOfMonth", "29_or_last_day_of_month", "DAY_29_OR_LAST_DAY_OF_MONTH"),
            ("VestingDayOfMonth", "29 or last day of month", "DAY_29_OR_LAST_DAY_OF_MONTH"),
            ("PaymentMethod", "net-exercise", "NET_EXERCISE"),
            ("AllocationType", "front loaded", "FRONT_LOADED"),
            ("ExpiryReading", "less one day", "LESS_ONE_DAY"),
            ("Moneyness", "in-the-money", "IN_THE_MONEY"),
        ],
    )
    def test_worked_spellings(self, kind: str, given: str, expected: str) -> None:
        """OCF's values and members' names, as people write them."""
        choice = {cls.__name__: cls for cls in CHOICES}[kind]
        assert choice.coerce(given, "field") is choice[expected]


class TestChoicesInWords:
    def test_exact(self) -> None:
        """A choice made in words is one of the texts given."""
        assert check_choice("MDY", ("DMY", "MDY"), "order") == "MDY"

    @pytest.mark.parametrize("given", ["mdy", "Mdy", "MDY"])
    def test_any_case(self, given: str) -> None:
        """It is read as a member's name is, and the canonical text returned."""
        assert check_choice(given, ("DMY", "MDY"), "order") == "MDY"
        assert find_choice(given, ("DMY", "MDY")) == "MDY"

    @pytest.mark.parametrize("given", ["YMD", "M-D-Y", ["MDY"], None, {"MDY": 1}])
    def test_anything_else(self, given: object) -> None:
        """Anything else is refused listing the texts, unhashable values included."""
        assert find_choice(given, ("DMY", "MDY")) is None
        with pytest.raises(InvalidChoiceError) as raised:
            check_choice(given, ("DMY", "MDY"), "order")
        refused(raised, field="order", value=given, rule=one_of(("DMY", "MDY")))

    @pytest.mark.parametrize("choices", TEXT_CHOICES)
    def test_no_two_spelled_alike(self, choices: tuple[str, ...]) -> None:
        """The library's choices in words are spelled apart, so each spelling names one."""
        assert len({spelling(choice) for choice in choices}) == len(choices)

    def test_not_a_flag(self) -> None:
        """A yes-or-no input that is not a bool is refused, whatever its truthiness."""
        expected = "early_exercisable='yes': must be True or False"
        assert message(lambda: check_flag("yes", "early_exercisable"), NOT_A_FLAG) == expected
        assert check_flag(False, "early_exercisable") is False

    def test_spelled_alike(self) -> None:
        """Text choices spelled alike are refused, as members are: a spelling names one."""
        with pytest.raises(TypeError) as raised:
            find_choice("TOP-UP", ("TOP_UP", "top-up"))
        assert str(raised.value) == "choices: " + SPELLED_ALIKE.format(
            first="TOP_UP", second="top-up"
        )

    @given(data=st.data(), choices=st.sampled_from(TEXT_CHOICES))
    def test_any_spelling(self, data: st.DataObject, choices: tuple[str, ...]) -> None:
        """Any casing of a choice, with hyphens or spaces, is that choice."""
        choice = data.draw(st.sampled_from(choices))
        assert check_choice(data.draw(spelled(choice)), choices, "field") == choice


class TestEverywhere:
    """Wherever the library takes a choice, it takes any spelling of it, as the canonical one."""

    def test_window_conventions(self) -> None:
        """Expiry readings and business-day rolls, given to a grant."""
        grant = auxer_option.OptionGrant(
            "1999-07-31",
            1,
            "0.13",
            term="3 months",
            business_day_roll="modified following",
            expiry_reading="Less-One-Day",
        )
        assert grant.business_day_roll is auxer_option.BusinessDayRoll.MODIFIED_FOLLOWING
        assert grant.expiry_reading is auxer_option.ExpiryReading.LESS_ONE_DAY
        assert "BusinessDayRoll.MODIFIED_FOLLOWING" in repr(grant)
        assert grant == auxer_option.OptionGrant(
            "1999-07-31",
            1,
            "0.13",
            term="3 months",
            business_day_roll="MODIFIED_FOLLOWING",
            expiry_reading="LESS_ONE_DAY",
        )

    def test_termination(self) -> None:
        """A termination's reason, and the windows a grant gives each reason."""
        voluntary = auxer_option.TerminationReason.VOLUNTARY_OTHER
        ended = auxer_option.terminate(auxer_option.AUXER_1999, "1999-08-02", "voluntary other")
        assert ended == auxer_option.terminate(auxer_option.AUXER_1999, "1999-08-02", voluntary)
        grant = auxer_option.OptionGrant(
            "1999-07-01",
            1,
            "0.13",
            term="3 months",
            termination_windows={"voluntary-other": "90 days"},
        )
        assert dict(grant.termination_windows)[voluntary] == auxer_option.Term(days=90)

    def test_vesting(self) -> None:
        """A schedule's allocation and its day of the month, OCF's values included."""
        schedule = auxer_option.VestingSchedule.graded(
            "2024-01-31",
            months=4,
            allocation="front loaded",
            day_of_month="29_or_last_day_of_month",
        )
        assert schedule.allocation is auxer_option.AllocationType.FRONT_LOADED
        assert schedule.day_of_month is auxer_option.VestingDayOfMonth.DAY_29_OR_LAST_DAY_OF_MONTH

    def test_rounding_and_words(self) -> None:
        """Rounding modes, date orders and OCF's compensation types are read alike."""
        assert auxer_option.exercise_cost(
            auxer_option.AUXER_1999, 1, rounding="round down"
        ) == auxer_option.exercise_cost(auxer_option.AUXER_1999, 1, rounding="ROUND_DOWN")
        # The annotation names the canonical spellings; the others are read at run time.
        order: Any = "mdy"
        assert str(auxer_option.parse_date("01/07/1999", order=order)) == "1999-01-07"
        items = auxer_option.to_ocf(
            auxer_option.AUXER_1999,
            security_id="a",
            stakeholder_id="b",
            compensation_type="option_nso",
        )
        assert items[0]["compensation_type"] == "OPTION_NSO"

    def test_payment_and_kind(self) -> None:
        """An exercise's payment method, and a valuation's kind of option."""
        assert (
            auxer_option.PaymentMethod("sell to cover") is auxer_option.PaymentMethod.SELL_TO_COVER
        )
        assert auxer_option.OptionKind("Put") is auxer_option.OptionKind.PUT
        assert auxer_option.Moneyness("at the money") is auxer_option.Moneyness.AT_THE_MONEY
