"""Reading an option grant out of a contract in plain English: :func:`grant_from_text`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final, TypeVar

from auxer_option._grant import OptionGrant
from auxer_option._parse import (
    DateOrder,
    check_date_order,
    parse_date,
    parse_price,
    parse_shares,
)
from auxer_option._terms import Term
from auxer_option._words import ONES, TENS
from auxer_option.exceptions import ContractTextError, OptionError

__all__ = ["grant_from_text"]

# The problems contract text is refused for, each written once here; those with a value in
# them are templates, filled in with str.format. The refusal lists every problem found.
#: Something other than text given as the contract.
NOT_TEXT: Final = "must be the contract's text (a str)"
#: A term stated in words the parsers cannot read: a template of ``what`` (the term),
#: ``phrase`` (the words) and ``rule`` (the parser's).
UNREADABLE: Final = "the {what} {phrase!r} cannot be read: {rule}"
#: A term stated twice, differently: a template of ``what`` and ``stated``, the phrases.
STATED_TWICE: Final = "the {what} is stated more than once, differently: {stated}"
#: Terms that were each read but make no grant: a template of ``error``, the grant's refusal.
NO_GRANT_MADE: Final = "the terms read do not make a grant: {error}"
#: No grant clause.
NO_GRANT: Final = 'no grant found: expected "<party> shall grant <party> an option to purchase ..."'
#: No date.
NO_DATE: Final = (
    'no date found: expected "dated <date>", such as "dated this 1st day of July, 1999"'
)
#: No number of shares.
NO_SHARES: Final = (
    "no number of shares found: expected "
    '"an option to purchase <number> shares", such as 1,000,000 (One Million)'
)
#: No price.
NO_PRICE: Final = (
    'no price found: expected "at a purchase price of <price>" or "at <price> per share"'
)
#: No expiry.
NO_EXPIRY: Final = (
    'no expiry found: expected "expire <term> from the date of this agreement" '
    'or "expire on <date>"'
)


_T = TypeVar("_T")

_QUOTE = "\"'\u201c\u201d\u2018\u2019"

# (the "Company"), (hereinafter the "Consultant"), (the 'Optionee')
_DEFINITION = re.compile(
    rf"\(\s*(?:hereinafter\s+(?:called\s+|referred\s+to\s+as\s+)?)?(?:the\s+)?[{_QUOTE}]"
    rf"(?P<label>[A-Z][A-Za-z ]*?)[{_QUOTE}]\s*\)"
)
_ANCHOR = re.compile(r".*\b(?:between|by|with)\s+", re.IGNORECASE | re.DOTALL | re.ASCII)
_JOINED = re.compile(r"\s+and\s+(?=[A-Z])")
_DESCRIPTION = re.compile(r",\s+(?:an?|the)\s+[^,]*$")

# A name of up to a dozen capitalized words, which "and", "of" or "&" may join ("PMR and
# Associates, LLC"); bounded, so that a long run of capitalized words costs linear time.
_NAME = (
    r"(?:[Tt]he\s+)?[A-Z][\w.&'\u2019-]{0,40}"
    r"(?:,?\s+(?:(?:and|of|for|&)\s+)?[A-Z][\w.&'\u2019-]{0,40}){0,11}"
)
# The verb first, then the grantee after it and the grantor just before it: a search that
# started from every capitalized word would take quadratic time on a long heading. The
# auxiliaries before the verb ("shall hereby") are stepped over backwards, once each: a
# pattern that matched them from each one would take quadratic time on "hereby hereby ...".
# The text is spaced by single spaces, so the patterns need no overlapping space quantifiers.
_GRANT = re.compile(rf"(?<= )(?:grants?|issues?) (?:to )?(?P<grantee>{_NAME}) ?,? an option\b")
_AUXILIARIES: Final = tuple(" " + word for word in ("shall", "will", "hereby", "does", "agrees to"))
_GRANTOR = re.compile(rf"(?P<grantor>{_NAME})$")
_GRANTOR_REACH = 200  # characters before the verb in which the grantor's name must be
_ABBREVIATIONS: Final = ("Inc", "Corp", "Co", "Ltd", "Mr", "Ms", "Mrs", "Dr", "St", "No")
# A full stop that ends a sentence, not an abbreviation such as "Inc.".
_SENTENCE_END = re.compile("".join(rf"(?<!\b{word})" for word in _ABBREVIATIONS) + r"\.\s+")

_DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?|[A-Za-z]+(?:[ -][A-Za-z]+)?)\s+(?:day\s+)?(?:of\s+)?"
    r"[A-Z][a-z]+\.?,?\s+\d{4}"
    r"|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
)
_DATED = re.compile(
    r"\b(?:dated|made(?:\s+and\s+entered\s+into)?|entered\s+into|effective|granted)\s+"
    rf"(?:as\s+of\s+|on\s+)?(?:this\s+|the\s+)?(?P<date>{_DATE})",
    re.IGNORECASE | re.ASCII,
)
_SHARES = re.compile(
    r"\boption\s+to\s+(?:purchase|buy|acquire)\s+"
    r"(?:(?:a\s+minimum\s+of|up\s+to|an\s+aggregate\s+of|a\s+total\s+of)\s+)?"
    # A number, in figures or words: alone, where the next word shows it has ended; or
    # with its bracket.
    rf"(?=[0-9]|(?:{'|'.join((*ONES, *TENS))})\b)"
    r"(?P<shares>[^().;]{1,120}?(?=\s+(?:shares?|of|at)\b|\s*[.;]|,\s|\s*$)"
    r"|[^().;]{1,120}?\s*\([^()]*\))",
    re.IGNORECASE | re.ASCII,
)
_PRICE = re.compile(
    r"(?:\b(?:purchase|exercise|option|strike)\s+price\s+(?:of|equal\s+to|is)\s+"
    r"|\bat\s+(?!(?:a|an|the)\s))"
    r"(?P<price>(?:US)?\$\s?[0-9][0-9,]*(?:\.[0-9]+)?(?:\s*\([^()]*\))?"
    r"|[A-Za-z][A-Za-z /0-9-]{0,80}?\s*\(\s*(?:US)?\$[^()]*\))"
    r"(?:\s+(?:per|a)\s+share)?",
    re.IGNORECASE | re.ASCII,
)
_FROM_GRANT = (
    r"(?:from|after)\s+(?:the\s+)?"
    r"(?:date\s+(?:of\s+this\s+(?:agreement|option)|hereof|of\s+grant)|grant\s+date)"
)
_EXPIRY = re.compile(
    r"\b(?:expire|expires|terminate|terminates|lapse|lapses)\s+"
    rf"(?:on\s+(?P<date>{_DATE})|(?P<term>(?:[A-Za-z0-9()-]+\s+){{1,8}}?){_FROM_GRANT})",
    re.IGNORECASE | re.ASCII,
)


def grant_from_text(text: str, *, order: DateOrder | None = None) -> OptionGrant:
    """The option grant an English contract states: its parties, date, shares, price, term.

    Reads the agreement's date (``"dated this 1st day of July, 1999"``), the parties it
    defines (``The Auxer Group, Inc. (the "Company")``), the grant (``"the Company shall
    grant the Consultant an option to purchase 1,000,000 (One Million Shares) of ..."``),
    the price (``"at a purchase price of $0.13 (Thirteen Cents)"``, ``"at $0.25 per
    share"``) and the expiry (``"will expire three (3) months from the date of this
    agreement"``, ``"shall expire on December 31, 2000"``). Figures and words must agree
    wherever both are written; ``order`` reads all-figures dates as in
    :func:`~auxer_option.parse_date`. A minimum ("a minimum of 1,000,000") is read as that
    number.

    >>> text = (
    ...     'AGREEMENT dated July 1, 1999, between Acme Corp. (the "Company") and Jane Doe '
    ...     '(the "Optionee"). The Company hereby grants the Optionee an option to purchase '
    ...     "10,000 shares at $0.50 per share. The option shall expire two (2) years from "
    ...     "the date hereof."
    ... )
    >>> grant = grant_from_text(text)
    >>> grant.grantor, grant.grantee, grant.shares, grant.exercise_price, grant.expiration_date
    ('Acme Corp.', 'Jane Doe', 10000, Decimal('0.50'), datetime.date(2001, 7, 1))

    Raises:
        ContractTextError: listing every problem found (a term missing, unreadable, or
            stated twice in ways that disagree), not only the first.
        InvalidChoiceError: for an ``order`` other than ``"DMY"``, ``"MDY"`` or ``None``.
    """
    if not isinstance(text, str):
        raise ContractTextError("text", text, NOT_TEXT)
    reader = _ContractReader(" ".join(text.split()), check_date_order(order))
    grant = reader.grant()
    if grant is None:
        raise ContractTextError.listing("text", text, reader.problems)
    return grant


class _ContractReader:
    def __init__(self, text: str, order: DateOrder | None) -> None:
        self.text = text
        self.order = order
        self.problems: list[str] = []

    def one(
        self, what: str, found: list[str], read: Callable[[str], _T], missing: str
    ) -> _T | None:
        """The single value ``found`` phrases state, or ``None`` with the problem recorded."""
        values: dict[str, _T] = {}
        for phrase in found:
            try:
                values.setdefault(phrase, read(phrase))
            except OptionError as error:
                self.problems.append(UNREADABLE.format(what=what, phrase=phrase, rule=error.rule))
                return None
        if not values:
            self.problems.append(missing)
            return None
        distinct: list[_T] = []
        for value in values.values():
            if value not in distinct:  # by value: "$0.25" and "$0.250" agree
                distinct.append(value)
        if len(distinct) > 1:
            stated = ", ".join(repr(phrase) for phrase in values)
            self.problems.append(STATED_TWICE.format(what=what, stated=stated))
            return None
        return distinct[0]

    def grant(self) -> OptionGrant | None:
        grantor, grantee = self.parties()
        grant_date = self.one(
            "date",
            [match["date"] for match in _DATED.finditer(self.text)],
            lambda phrase: parse_date(phrase, order=self.order),
            NO_DATE,
        )
        shares = self.one(
            "number of shares",
            [match["shares"] for match in _SHARES.finditer(self.text)],
            parse_shares,
            NO_SHARES,
        )
        price = self.one(
            "price",
            [match["price"] for match in _PRICE.finditer(self.text)],
            parse_price,
            NO_PRICE,
        )
        term, expiration = self.expiry()
        if self.problems:
            return None
        try:
            # Without problems, every term was read: none of these is None.
            return OptionGrant(
                grant_date,  # type: ignore[arg-type]
                shares,  # type: ignore[arg-type]
                price,  # type: ignore[arg-type]
                term=term,
                expiration_date=expiration,
                grantor=grantor,
                grantee=grantee,
            )
        except OptionError as error:
            self.problems.append(NO_GRANT_MADE.format(error=error))
            return None

    def expiry(self) -> tuple[Term | None, dt.date | None]:
        matches = list(_EXPIRY.finditer(self.text))
        terms = [match["term"].strip() for match in matches if match["term"]]
        dates = [match["date"] for match in matches if match["date"]]
        if not matches:
            self.problems.append(NO_EXPIRY)
            return None, None
        term = self.one("term", terms, Term.parse, "") if terms else None
        expiration = (
            self.one("expiration date", dates, lambda p: parse_date(p, order=self.order), "")
            if dates
            else None
        )
        return term, expiration

    def parties(self) -> tuple[str | None, str | None]:
        defined = self.definitions()
        for match in _GRANT.finditer(self.text):
            start = _before_auxiliaries(self.text, match.start() - 1)
            before = self.text[max(0, start - _GRANTOR_REACH) : start]
            grantor = _GRANTOR.search(before)
            if grantor is not None:
                return _party(grantor["grantor"], defined), _party(match["grantee"], defined)
        self.problems.append(NO_GRANT)
        return None, None

    def definitions(self) -> dict[str, str]:
        """The parties the text names and defines, by label: ``{"Company": "Acme Corp."}``."""
        defined: dict[str, str] = {}
        start = 0
        for match in _DEFINITION.finditer(self.text):
            segment = self.text[start : match.start()]
            start = match.end()
            anchored = _ANCHOR.match(segment)
            if anchored is not None:
                segment = segment[anchored.end() :]
            else:
                segment = segment.lstrip(" ,;)")
                joined = _JOINED.search(" " + segment)
                if joined is not None:
                    segment = (" " + segment)[joined.end() :]
            name = _DESCRIPTION.sub("", segment.strip(" ,;")).strip(" ,;")
            if name:
                defined.setdefault(match["label"], name)
        return defined


def _before_auxiliaries(text: str, end: int) -> int:
    """Where the auxiliaries ("shall hereby") that end ``text[:end]`` begin."""
    position = end
    while True:
        auxiliary = next((word for word in _AUXILIARIES if text.endswith(word, 0, position)), None)
        if auxiliary is None:
            return position
        position -= len(auxiliary)


def _party(phrase: str, defined: dict[str, str]) -> str:
    """The party ``phrase`` names: a defined label's party, or the words themselves."""
    words = phrase.split()
    for first in range(len(words)):
        label = " ".join(words[first:])
        if label in defined:
            return defined[label]
    # A sentence may run into the name ("2. Grant. Acme Corp. hereby grants"): keep its end.
    parts = _SENTENCE_END.split(phrase)
    return parts[-1].strip()
