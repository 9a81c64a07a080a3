"""Named choices: enums that read as text, and choices made in words (``_choices``)."""

from __future__ import annotations

import pytest

from auxer_option._choices import Choice, check_choice, one_of
from auxer_option.exceptions import InvalidChoiceError

from .messages import message, refused


class Colour(Choice):
    RED = "RED"
    GREEN = "GREEN"


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    def test_one_of(self) -> None:
        """A value that is none of the choices is refused with the choices listed, in order."""
        expected = "colour='BLUE': must be one of RED, GREEN"
        assert message(lambda: Colour.coerce("BLUE", "colour"), one_of(Colour)) == expected


class TestChoices:
    @pytest.mark.parametrize("given", ["RED", Colour.RED])
    def test_members_and_their_names(self, given: object) -> None:
        """A member, or its name as text, is that member."""
        assert Colour.coerce(given, "colour") is Colour.RED

    @pytest.mark.parametrize("given", ["red", "BLUE", None, 1, ["RED"]])
    def test_anything_else(self, given: object) -> None:
        """Anything else is refused, listing the members."""
        with pytest.raises(InvalidChoiceError) as raised:
            Colour.coerce(given, "colour")
        refused(raised, field="colour", value=given, rule=one_of(["RED", "GREEN"]))

    def test_choices_in_words(self) -> None:
        """A choice made in words is one of the texts given, or refused listing them."""
        assert check_choice("MDY", ("DMY", "MDY"), "order") == "MDY"
        with pytest.raises(InvalidChoiceError) as raised:
            check_choice(["MDY"], ("DMY", "MDY"), "order")
        refused(raised, field="order", value=["MDY"], rule=one_of(("DMY", "MDY")))
