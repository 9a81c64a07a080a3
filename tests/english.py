"""Numbers and dates spelled out as contracts write them: the tests' own spelling."""

from __future__ import annotations

import datetime as dt

from auxer_option._words import ONES, ORDINALS, SCALES, TENS

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


def ordinal(day: int) -> str:
    """``day`` as an ordinal word: "first", "twenty-first", "thirtieth"."""
    words = {value: word for word, value in ORDINALS.items()}
    if day in words:
        return words[day]
    tens = {value: word for word, value in TENS.items()}
    return f"{tens[day // 10 * 10]}-{words[day % 10]}"


def figures(number: int) -> str:
    """``number`` in figures with thousands separators: "1,000,000"."""
    return f"{number:,}"
