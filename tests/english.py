"""Numbers and dates spelled out as contracts write them: the tests' own spelling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from auxer_option._words import ONES, ORDINALS, SCALES, TENS, TENS_ORDINALS

MONTH_NAMES = [dt.date(2000, month, 1).strftime("%B") for month in range(1, 13)]


def in_words(number: int) -> str:
    """``number`` in English words, as a contract writes it (the test's own spelling)."""
    if number == 0:
        return "zero"
    ones = list(ONES)
    tens = {value: word for word, value in TENS.items()}
    parts = []
    for word, scale in [*sorted(SCALES.items(), key=lambda item: -item[1]), ("", 1)]:
        group, number = divmod(number, scale)
        if not group:
            continue
        hundreds, rest = divmod(group, 100)
        words = [f"{ones[hundreds]} hundred"] if hundreds else []
        if rest >= 20:
            words.append(tens[rest // 10 * 10] + (f"-{ones[rest % 10]}" if rest % 10 else ""))
        elif rest:
            words.append(ones[rest])
        parts.append(" ".join(words) + (f" {word}" if word else ""))
    return " ".join(parts)


def ordinal(number: int) -> str:
    """``number`` (1 to 999) as an ordinal in words: "first", "twenty-first", "fortieth"."""
    hundreds, rest = divmod(number, 100)
    if hundreds and not rest:
        return f"{in_words(hundreds)} hundredth"
    prefix = f"{in_words(hundreds)} hundred " if hundreds else ""
    words = {value: word for word, value in ORDINALS.items()}
    if rest in words:
        return prefix + words[rest]
    if rest % 10 == 0:
        return prefix + {value: word for word, value in TENS_ORDINALS.items()}[rest]
    tens = {value: word for word, value in TENS.items()}
    return f"{prefix}{tens[rest // 10 * 10]}-{words[rest % 10]}"


def ordinal_figures(number: int) -> str:
    """``number`` as an ordinal in figures: "1st", "22nd", "113th"."""
    last_two = number % 100
    suffix = "th" if 10 <= last_two <= 19 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def figures(number: int) -> str:
    """``number`` in figures with thousands separators: "1,000,000"."""
    return f"{number:,}"


# --- contracts: the phrasings grant_from_text reads, written from a grant's terms -------

#: Currency symbols as contracts write them, by code: the tests' own table.
SYMBOLS = {"USD": ["$", "US$"], "EUR": ["\u20ac"], "GBP": ["\u00a3"], "CAD": ["C$", "CA$"]}
#: Time zone names as contracts write them, by the IANA key (or "UTC") each means.
ZONE_NAMES = {
    "America/New_York": ["Eastern Time", "Eastern time", "New York time", "New York City time"],
    "America/Chicago": ["Central Time", "Chicago time"],
    "America/Denver": ["Mountain Time", "Denver time"],
    "America/Los_Angeles": ["Pacific Time", "Los Angeles time", "San Francisco time"],
    "Europe/London": ["London time"],
    "UTC": ["UTC", "GMT"],
}
#: The quotes a definition is written in: straight or curly.
QUOTES = [('"', '"'), ("\u201c", "\u201d"), ("'", "'")]


def price_text(amount: Decimal, currency: str, style: str) -> str:
    """``amount`` in ``currency``, by ``symbol`` ("€2.00"), ``code`` ("EUR 2.00") or ``after``."""
    figures = f"{amount:,f}"
    if style == "symbol":
        return SYMBOLS[currency][0] + figures
    if style == "code":
        return f"{currency} {figures}"
    return f"{figures} {currency}"


def date_text(day: dt.date, style: str) -> str:
    """``day`` as "March 3, 2024" (``us``), "3rd day of March, 2024" (``day``) or ISO."""
    month = MONTH_NAMES[day.month - 1]
    if style == "us":
        return f"{month} {day.day}, {day.year:04}"
    if style == "day":
        return f"{ordinal_figures(day.day)} day of {month}, {day.year:04}"
    return day.isoformat()


def time_text(time: dt.time, style: str) -> str:
    """``time`` as "5:00 p.m." (``dotted``), "5:00 PM" (``upper``) or "17:00" (``24``).

    Midnight is "00:00" in every style: "12:00 a.m." is refused as a cutoff (which day?).
    """
    if style == "24" or time == dt.time(0):
        return f"{time:%H:%M}"
    half = "pm" if time.hour >= 12 else "am"
    hour = time.hour % 12 or 12
    if style == "upper":
        return f"{hour}:{time.minute:02} {half.upper()}"
    return f"{hour}:{time.minute:02} {half[0]}.m."


def ordinal_text(number: int, style: str) -> str:
    """``number`` as an ordinal: in ``words``, ``figures``, or ``both`` ("tenth (10th)")."""
    if style == "words":
        return ordinal(number)
    if style == "figures":
        return ordinal_figures(number)
    return f"{ordinal(number)} ({ordinal_figures(number)})"
