"""Numbers written in English words, as contracts write them: "one million two hundred thousand".

Readers work on lower-case tokens (words split at spaces and hyphens, "twenty-five" is
"twenty", "five"), read the longest number they can from a position, and leave the next
token to the caller, which knows what may follow (a unit, a bracket, "shares").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = [
    "ONES",
    "ORDINALS",
    "SCALES",
    "TENS",
    "TENS_ORDINALS",
    "ordinal_suffix",
    "read_cardinal",
    "read_ordinal",
    "read_ordinal_number",
]

ONES: Final = {
    word: n
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS: Final = {
    word: 10 * n
    for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
SCALES: Final = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

# "first" to "nineteenth"; "twenty-first" is "twenty" + "first".
ORDINALS: Final = {
    word: n
    for n, word in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth "
        "eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
        "eighteenth nineteenth".split()
    )
    if n
}
# The round tens as ordinals, "twentieth" to "ninetieth".
TENS_ORDINALS: Final = {
    word: 10 * n
    for n, word in enumerate(
        "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), 2
    )
}
_SUFFIXES: Final = {1: "st", 2: "nd", 3: "rd"}
_LAST_DAY: Final = 31  # of the longest month


def _at(tokens: Sequence[str], position: int) -> str:
    return tokens[position] if position < len(tokens) else ""


def read_group(tokens: Sequence[str], position: int, *, zero: bool) -> tuple[int | None, int]:
    """A number below a thousand at ``position``: the number (or ``None``) and where it ends.

    "Zero" is read only where ``zero`` allows it, and never after "hundred".
    """
    value: int | None = None
    if ONES.get(_at(tokens, position)) and _at(tokens, position + 1) == "hundred":
        value = ONES[tokens[position]] * 100
        position += 2
        following = _at(tokens, position + 1)
        if _at(tokens, position) == "and" and (following in ONES or following in TENS):
            position += 1  # "one hundred and eighty"
    token = _at(tokens, position)
    if token in TENS:
        position += 1
        value = (value or 0) + TENS[token]
        ones = ONES.get(_at(tokens, position), 0)
        if 0 < ones < 10:  # noqa: PLR2004  (twenty-one ... twenty-nine)
            position += 1
            value += ones
    elif token in ONES and (ONES[token] or (zero and value is None)):
        position += 1
        value = (value or 0) + ONES[token]
    return value, position


def read_cardinal(tokens: Sequence[str], position: int) -> tuple[int | None, int]:
    """The longest whole number in words at ``position``, and where it ends.

    Groups below a thousand, each followed by a smaller scale than the one before ("one
    million two hundred thousand five"), optionally joined by "and" before the last.

    >>> read_cardinal("one million two hundred thousand shares".split(), 0)
    (1200000, 5)
    """
    total: int | None = None
    last_scale: int | None = None
    while True:
        start = position
        if total is not None and _at(tokens, position) == "and":
            position += 1  # "one thousand and five"
        group, position = read_group(tokens, position, zero=total is None)
        if group is None:
            return total, start
        scale = SCALES.get(_at(tokens, position))
        if group and scale and (last_scale is None or scale < last_scale):
            total = (total or 0) + group * scale
            last_scale = scale
            position += 1
            continue
        return (total or 0) + group, position


def read_ordinal(tokens: Sequence[str], position: int) -> tuple[int | None, int]:
    """A day of the month as an ordinal word, "first" to "thirty-first", and where it ends.

    >>> read_ordinal(["twenty", "first", "day"], 0)
    (21, 2)
    """
    number, end = read_ordinal_number(tokens, position)
    if number is None or number > _LAST_DAY:  # "fortieth", "one hundredth": no day
        return None, position
    return number, end


def read_ordinal_number(tokens: Sequence[str], position: int) -> tuple[int | None, int]:
    """An ordinal below a thousand in words, "first" to "nine hundred ninety-ninth".

    An optional "<ones> hundred [and]" first, then an ordinal below twenty, a round ten
    ("fortieth"), or a ten and an ordinal below ten ("twenty-fifth"); or "<ones>
    hundredth". Returns the number (or ``None``, at ``position``) and where it ends.

    >>> read_ordinal_number(["one", "hundred", "and", "fifth", "anniversary"], 0)
    (105, 4)
    """
    start = position
    hundreds = 0
    if ONES.get(_at(tokens, position)) and _at(tokens, position + 1) in {"hundred", "hundredth"}:
        hundreds = ONES[tokens[position]] * 100
        if tokens[position + 1] == "hundredth":
            return hundreds, position + 2
        position += 2
        if _at(tokens, position) == "and":
            position += 1
    token = _at(tokens, position)
    if token in ORDINALS:
        return hundreds + ORDINALS[token], position + 1
    if token in TENS_ORDINALS:
        return hundreds + TENS_ORDINALS[token], position + 1
    ones = ORDINALS.get(_at(tokens, position + 1), 0)
    if token in TENS and 0 < ones < 10:  # noqa: PLR2004  (twenty-first ... ninety-ninth)
        return hundreds + TENS[token] + ones, position + 2
    return None, start


def ordinal_suffix(number: int) -> str:
    """The suffix a positive ``number`` takes in figures: 1st, 2nd, 3rd, 4th, 11th, 112th, 21st.

    >>> [f"{n}{ordinal_suffix(n)}" for n in (1, 2, 3, 11, 12, 21, 112)]
    ['1st', '2nd', '3rd', '11th', '12th', '21st', '112th']
    """
    if number % 100 // 10 == 1:  # 10th to 19th, 110th to 119th
        return "th"
    return _SUFFIXES.get(number % 10, "th")
