"""Reading an option grant out of a contract in plain English: :func:`grant_from_text`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Final, NamedTuple, TypeVar, cast

from auxer_option._grant import NOT_A_SCHEDULE, OptionGrant
from auxer_option._money import coerce_currency
from auxer_option._parse import (
    DateOrder,
    check_date_order,
    parse_date,
    parse_price,
    parse_shares,
)
from auxer_option._terms import Term
from auxer_option._text import unnamed
from auxer_option._vesting import VestingSchedule
from auxer_option._window import (
    TIME_OF_DAY,
    ExpiryReading,
    coerce_cutoff_time,
    coerce_time_zone,
)
from auxer_option._words import ONES, TENS, ordinal_suffix, read_ordinal_number
from auxer_option.exceptions import (
    ContractTextError,
    InvalidCurrencyError,
    InvalidTermError,
    InvalidTimeZoneError,
    InvalidVestingError,
    OptionError,
    OptionTypeError,
)

__all__ = ["grant_from_text"]

# The problems contract text is refused for, each written once here; those with a value in
# them are templates, filled in with str.format. The refusal lists every problem found.
# Each "no ... found" names every phrasing of its clause that is read, so that it never
# asks for a phrasing the text already has.
#: Something other than text given as the contract.
NOT_TEXT: Final = "must be the contract's text (a str)"
#: A term stated in words the parsers cannot read: a template of ``what`` (the term),
#: ``phrase`` (the words) and ``rule`` (the parser's).
UNREADABLE: Final = "the {what} {phrase!r} cannot be read: {rule}"
#: A term stated twice, differently: a template of ``what`` and ``stated``, the phrases.
STATED_TWICE: Final = "the {what} is stated more than once, differently: {stated}"
#: Terms that were each read but make no grant: a template of ``error``, the grant's refusal.
NO_GRANT_MADE: Final = "the terms read do not make a grant: {error}"
#: No grant clause, and no grant notice.
NO_GRANT: Final = (
    'no grant found: expected "<party> shall grant <party> an option to purchase ...", '
    '"<party> is hereby granted an option to purchase ..." or a grant notice\'s lines '
    'such as "Optionee: <name>"'
)
#: No date.
NO_DATE: Final = (
    'no date found: expected "dated <date>", such as "dated this 1st day of July, 1999", '
    '"the Grant Date is <date>" or a "Grant Date: <date>" line'
)
#: No number of shares.
NO_SHARES: Final = (
    "no number of shares found: expected "
    '"an option to purchase <number> shares", such as 1,000,000 (One Million), '
    'or a "Number of Option Shares: <number>" line'
)
#: No price.
NO_PRICE: Final = (
    'no price found: expected "at a purchase price of <price>", "at <price> per share" '
    'or an "Exercise Price per Share: <price>" line, the price with its currency '
    '("$0.13", "USD 0.13", "\u20ac2.00", "GBP 0.50")'
)
#: No expiry.
NO_EXPIRY: Final = (
    'no expiry found: expected "expire <term> from the date of this agreement", '
    '"expire on <date>", "expire on the <ordinal> anniversary of the date of grant", '
    '"may be exercised until <date>" or an "Expiration Date: <date>" line'
)
#: A label of a grant notice with nothing after its colon: a template of ``label``.
EMPTY_LINE: Final = "the line {label!r} states nothing after its colon"
#: A vesting date in a grant notice, read without a schedule to check it against.
VESTING_NOT_READ: Final = (
    "the grant notice states vesting, which is not read from text: "
    "pass the schedule as vesting= (its start is checked against the notice's date)"
)
#: A schedule given whose start is not the notice's vesting date: a template of ``start``.
VESTING_START_DIFFERS: Final = "the schedule given as vesting= starts on {start}, not on this date"
#: A currency symbol that stands for more than one currency: a template of ``symbol`` and
#: ``codes``.
AMBIGUOUS_SYMBOL: Final = "the symbol {symbol!r} stands for {codes}: write the ISO 4217 code"
#: One price written in two currencies: a template of ``currencies``.
TWO_CURRENCIES: Final = "states two currencies, {currencies}: a price has one"
#: A cutoff time without the zone whose clock it is.
CUTOFF_WITHOUT_ZONE: Final = 'names no time zone: write it as "5:00 p.m. Eastern Time"'
#: A time zone name outside the reader's table: a template of ``zone``.
UNKNOWN_ZONE_NAME: Final = (
    "the time zone {zone!r} is not one this reader knows: write Eastern, Central, Mountain "
    "or Pacific Time, New York, Chicago, Denver, Los Angeles or London time, UTC or GMT"
)
#: An ordinal whose figures and words disagree, or that is not an ordinal: a template of
#: ``ordinal``.
NOT_AN_ORDINAL: Final = (
    '{ordinal!r} is not an ordinal such as "tenth", "10th" or "tenth (10th)", '
    "its words and figures agreeing"
)

#: Time zones named in contracts, by their lower-case name without "time": each the IANA
#: zone whose clock the name means, daylight saving included ("Eastern Time" is New
#: York's clock, EST in winter and EDT in summer). Names of one fixed offset ("Eastern
#: Standard Time", "EST") are not here: a contract that writes them is read by no guess.
TIME_ZONE_NAMES: Final[dict[str, str]] = {
    **dict.fromkeys(("eastern", "et", "new york", "new york city"), "America/New_York"),
    **dict.fromkeys(("central", "ct", "chicago"), "America/Chicago"),
    **dict.fromkeys(("mountain", "mt", "denver"), "America/Denver"),
    **dict.fromkeys(("pacific", "pt", "los angeles", "san francisco"), "America/Los_Angeles"),
    "london": "Europe/London",
    **dict.fromkeys(("utc", "gmt", "coordinated universal", "greenwich mean"), "UTC"),
}

#: Currency symbols, and the ISO 4217 code each stands for in a price ("$" is the US
#: dollar, as in the Auxer agreement; other dollars are written "C$", "A$", ... or by code).
CURRENCY_SYMBOLS: Final[dict[str, str]] = {
    "$": "USD",
    "US$": "USD",
    "\u00a3": "GBP",  # £
    "\u20ac": "EUR",  # €
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "\u20b9": "INR",  # ₹
    "\u20aa": "ILS",  # ₪
    "\u20a9": "KRW",  # ₩
}
# "$" alone is the US dollar; with a dollar's code after the figures, that dollar.
_DOLLARS: Final = frozenset(
    code for symbol, code in CURRENCY_SYMBOLS.items() if symbol.endswith("$")
)
# Symbols more than one currency writes: refused, with the codes that would say which.
_AMBIGUOUS_SYMBOLS: Final = {"\u00a5": "JPY or CNY"}  # ¥


_T = TypeVar("_T")

_QUOTE = "\"'\u201c\u201d\u2018\u2019"
# The text is spaced by single spaces before it is read, so the patterns need no
# overlapping space quantifiers, and every search is linear in the text's length.

# (the "Company"), (hereinafter the "Consultant"), (the 'Optionee')
_DEFINES = (
    rf"\((?:hereinafter (?:called |referred to as )?)?(?:the )?[{_QUOTE}]"
    rf"(?P<label>[A-Z][A-Za-z ]{{0,40}}?)[{_QUOTE}]\)"
)
_DEFINITION = re.compile(_DEFINES.replace(r"\(", r"\( ?").replace(r"\)", r" ?\)"))
_ANCHOR = re.compile(r".*\b(?:between|by|with)\s+", re.IGNORECASE | re.DOTALL | re.ASCII)
_JOINED = re.compile(r"\s+and\s+(?=[A-Z])")
_DESCRIPTION = re.compile(r",\s+(?:an?|the)\s+[^,]*$")
# A definition written inside the grant sentence, after a party's name; its label unnamed.
_DEFINED_HERE = "(?: ?" + _DEFINES.replace("?P<label>", "?:") + ")?"
# A description between a party's name and its definition: ", a Delaware corporation".
_DESCRIBED = r"(?:, (?:an?|the) [^,()]{1,80}?,?)?"

# A name of up to a dozen capitalized words, which "and", "of" or "&" may join ("PMR and
# Associates, LLC"); bounded, so that a long run of capitalized words costs linear time.
_NAME = (
    r"(?:[Tt]he\s+)?[A-Z][\w.&'\u2019-]{0,40}"
    r"(?:,?\s+(?:(?:and|of|for|&)\s+)?[A-Z][\w.&'\u2019-]{0,40}){0,11}"
)
_AN_OPTION = r"(?i:an? (?:(?:non-?qualified|non-?statutory|incentive|stock) ){0,3}option)\b"
# The verb first, then the grantee after it and the grantor just before it: a search that
# started from every capitalized word would take quadratic time on a long heading. The
# auxiliaries before the verb ("shall hereby") are stepped over backwards, once each: a
# pattern that matched them from each one would take quadratic time on "hereby hereby ...".
_GRANT = re.compile(
    rf"(?<= )(?:grants?|issues?) (?:to )?(?P<grantee>{_NAME}){_DESCRIBED}{_DEFINED_HERE} ?,? "
    rf"{_AN_OPTION}"
)
# The passive voice, "Jane Doe is hereby granted [by Acme Corp.] an option": the verb, the
# grantor after "by" if named, and the grantee just before the verb.
_GRANTED = re.compile(
    r"(?<= )(?:is|are|shall be|will be|has been|have been)(?: hereby)? granted,?"
    rf"(?: by (?P<grantor>{_NAME}){_DESCRIBED}{_DEFINED_HERE},?)? {_AN_OPTION}"
)
_AUXILIARIES: Final = tuple(" " + word for word in ("shall", "will", "hereby", "does", "agrees to"))
_PARTY_BEFORE = re.compile(rf"(?P<party>{_NAME}){_DESCRIBED}{_DEFINED_HERE},?$")
_PARTY_REACH = 200  # characters before the verb in which the party's name must be
_ABBREVIATIONS: Final = ("Inc", "Corp", "Co", "Ltd", "Mr", "Ms", "Mrs", "Dr", "St", "No")
# A full stop that ends a sentence, not an abbreviation such as "Inc.".
_SENTENCE_END = re.compile(
    "".join(rf"(?<!\b{word})" for word in _ABBREVIATIONS) + r"(?<!\b[A-Z])\.\s+"
)

_DATE = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?|[A-Za-z]+(?:[ -][A-Za-z]+)?)\s+(?:day\s+)?(?:of\s+)?"
    r"[A-Z][a-z]+\.?,?\s+\d{4}"
    r"|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
)
_DATED = re.compile(
    r"\b(?:dated|made(?:\s+and\s+entered\s+into)?|entered\s+into|effective|granted"
    r"|(?:grant\s+date|date\s+of\s+grant)\s+(?:is|shall\s+be))\s+"
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

# Prices: figures with a currency symbol ("$0.13", "C$2", "\u20ac2.00") or code before them
# ("USD 1.25"), or a code after them ("2.00 EUR"); or words with such figures in brackets.
_SYMBOL = r"[A-Z]{0,3}\$|[\u00a3\u20ac\u00a5\u20b9\u20aa\u20a9]"
_AMOUNT = r"[0-9][0-9,]*(?:\.[0-9]+)?"
# A code after a symbol's figures is part of the price: "$0.50 CAD" is in Canadian dollars.
_CODE_AFTER = r"(?: [A-Z]{3}\b)?"
_FIGURES = (
    rf"(?-i:(?:{_SYMBOL}) ?{_AMOUNT}{_CODE_AFTER}|[A-Z]{{3}} ?{_AMOUNT}|{_AMOUNT} [A-Z]{{3}}\b)"
)
_IN_WORDS = rf"[A-Za-z][A-Za-z /0-9-]{{0,80}}? ?\( ?{_FIGURES}[^()]*\)"
_PER_SHARE = r"(?: (?:per|a) share\b)"
_PRICE = re.compile(
    # After "price ... of", any price; after a bare "at", a code needs "per share" after
    # it, so that "at SEC 10" is no price.
    r"\b(?:(?:purchase|exercise|option|strike) price|at a price)(?: per share)? "
    r"(?:of|equal to|is|shall be) "
    rf"(?P<price>{_FIGURES}(?: ?\([^()]*\))?|{_IN_WORDS})"
    r"|\bat (?!(?:a|an|the) )"
    rf"(?P<at>(?-i:(?:{_SYMBOL}) ?{_AMOUNT}{_CODE_AFTER})(?: ?\([^()]*\))?|{_IN_WORDS}"
    rf"|{_FIGURES}(?: ?\([^()]*\))?(?={_PER_SHARE}))",
    re.IGNORECASE,
)
_CURRENCY_MARK = re.compile(
    rf"(?P<symbol>{_SYMBOL}) ?(?=[0-9])|\b(?P<code>[A-Z]{{3}}) ?(?=[0-9])"
    rf"|(?<=[0-9]) (?P<after>[A-Z]{{3}})\b"
)

# Expiry: a term from the grant, a date, or an anniversary of the grant, each perhaps at a
# cutoff time in a named zone.
_GRANT_REF = (
    r"(?:the )?(?:date (?:of this (?:agreement|option)|hereof|of grant)|grant date|"
    r"date of grant)"
)
_ORDINAL = (
    r"(?:[0-9]{1,3}(?:st|nd|rd|th)|[a-z]+(?:[ -][a-z]+){0,4})"
    r"(?: ?\([^()]{1,40}\))?"
)
_ANNIVERSARY_PARTS = (
    r"(?:(?P<before>(?:the )?day (?:before|preceding|prior to)) )?(?:the )?"
    rf"(?P<ordinal>{_ORDINAL}) anniversary of {_GRANT_REF}"
)
_ANNIVERSARY = re.compile(_ANNIVERSARY_PARTS, re.IGNORECASE | re.ASCII)
_ANNIVERSARY_OF = unnamed(_ANNIVERSARY_PARTS)  # found whole, in a longer sentence
_TIME = TIME_OF_DAY
_ZONE = (
    r"(?-i:\(?(?:prevailing )?"
    r"(?:[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,3} [Tt]ime|[A-Z]{2,4}\b)\)?)"
)
_CUTOFF = rf"{_TIME}(?:,? {_ZONE})?"
# The day an expiry names, a date or an anniversary of the grant, and a cutoff after it.
_DAY = rf"(?:(?P<date>{_DATE})|(?P<anniversary>{_ANNIVERSARY_OF}))"
_CUTOFF_AFTER = rf"(?:,? at (?P<cutoff_after>{_CUTOFF}))?"
# "expire", "expires" and "expiring" ("an option expiring on the tenth anniversary ...").
_EXPIRES = r"(?:expir(?:e|es|ing)|terminat(?:e|es|ing)|laps(?:e|es|ing))"
_EXPIRY = re.compile(
    rf"\b{_EXPIRES} "
    rf"(?:at (?P<cutoff>{_CUTOFF}),? )?"
    rf"(?:on (?:the )?{_DAY}|(?P<term>(?:[A-Za-z0-9()-]+ ){{1,8}}?)(?:from|after) {_GRANT_REF})"
    rf"{_CUTOFF_AFTER}",
    re.IGNORECASE | re.ASCII,
)
_EXERCISABLE = re.compile(
    r"\b(?:exercis(?:ed|able),? (?:[A-Za-z,]+ ){0,8}?"
    r"(?P<bound>until|through|up to and including|on or before|no later than|not later than"
    r"|before|prior to)"
    # "expire no later than": of the bounds, only those that include the day.
    rf"|{_EXPIRES} "
    r"(?:no later than|not later than|on or before)) "
    # "the close of business on" a day names no clock time: the day is included, whole.
    rf"(?:(?P<cutoff>{_CUTOFF}),? (?:on )?|(?P<close>(?:the )?close of business) on )?(?:the )?"
    rf"{_DAY}{_CUTOFF_AFTER}",
    re.IGNORECASE | re.ASCII,
)
# "Before" a day leaves the day out; the other bounds include it.
_EXCLUSIVE_BOUNDS: Final = frozenset({"before", "prior to"})
# The value of an "Expiration Date:" line: a date or an anniversary, perhaps with a cutoff.
_EXPIRY_VALUE = re.compile(
    rf"(?:(?P<cutoff>{_CUTOFF}),? on )?(?:the )?{_DAY}{_CUTOFF_AFTER}",
    re.IGNORECASE | re.ASCII,
)
_FROM_GRANT_AT_END = re.compile(rf" (?:from|after) {_GRANT_REF}$", re.IGNORECASE | re.ASCII)
_CLOCK = re.compile(TIME_OF_DAY, re.IGNORECASE | re.ASCII)
_ORDINAL_FIGURES = re.compile(r"(?P<number>[0-9]{1,3})(?P<suffix>st|nd|rd|th)?", re.IGNORECASE)
_ORDINAL_BRACKET = re.compile(r"(?P<outside>[^()]*?) ?\( ?(?P<inside>[^()]*?) ?\)")
_WORD_BREAK = re.compile("[ -]")

# A grant notice's labels, one a line ("Grant Date: March 3, 2024"), lower-case and
# single-spaced, by the term each states.
_LABELS: Final[dict[str, str]] = {
    **dict.fromkeys(("grant date", "date of grant", "option grant date"), "date"),
    **dict.fromkeys(
        (
            "number of option shares",
            "shares subject to option",
            "shares subject to the option",
            "number of shares",
            "number of shares subject to option",
            "number of shares granted",
            "total number of shares granted",
            "total number of option shares",
            "option shares",
        ),
        "shares",
    ),
    **dict.fromkeys(
        (
            "exercise price per share",
            "exercise price",
            "option price",
            "option price per share",
            "purchase price per share",
            "price per share",
        ),
        "price",
    ),
    **dict.fromkeys(
        ("expiration date", "expiry date", "option expiration date", "final exercise date"),
        "expiry",
    ),
    # Not "Term:" alone: it heads a section of prose as often as it labels a term.
    **dict.fromkeys(("option term", "term of option", "term of the option"), "term"),
    **dict.fromkeys(
        (
            "optionee",
            "name of optionee",
            "optionee name",
            "participant",
            "participant name",
            "name of participant",
            "grantee",
            "option holder",
            "optionholder",
            "holder",
        ),
        "grantee",
    ),
    **dict.fromkeys(("company", "grantor", "issuer"), "grantor"),
    **dict.fromkeys(("vesting commencement date", "vesting start date"), "vesting"),
    # A schedule in words: not read, so never silently dropped either.
    **dict.fromkeys(("vesting schedule", "vesting"), "vesting schedule"),
}


def grant_from_text(
    text: str, *, order: DateOrder | None = None, vesting: VestingSchedule | None = None
) -> OptionGrant:
    """The option grant an English contract states: its parties, date, shares, price, term.

    Reads the agreement's date (``"dated this 1st day of July, 1999"``), the parties it
    defines (``The Auxer Group, Inc. (the "Company")``, also inside the grant sentence),
    the grant (``"the Company shall grant the Consultant an option to purchase 1,000,000
    (One Million Shares) of ..."``, ``"Jane Doe is hereby granted an option ..."``), the
    price and its currency (``"at a purchase price of $0.13 (Thirteen Cents)"``, ``"at
    EUR 2.00 per share"``) and the expiry (``"will expire three (3) months from the date
    of this agreement"``, ``"shall expire on December 31, 2000"``, ``"may be exercised
    until 5:00 p.m. Eastern Time on the tenth anniversary of the Grant Date"``). A grant
    notice's lines (``"Grant Date: March 3, 2024"``) are read too, in any order. Figures
    and words must agree wherever both are written; ``order`` reads all-figures dates as
    in :func:`~auxer_option.parse_date`. A minimum ("a minimum of 1,000,000") is read as
    that number. A notice's vesting date needs the schedule itself, as ``vesting``.

    >>> text = (
    ...     'Acme Ltd (the "Company") hereby grants to Jane Doe (the "Optionee") an option '
    ...     "to purchase 10,000 shares at EUR 0.50 per share, dated March 3, 2024. The option "
    ...     "expires at 5:00 p.m. London time on the tenth anniversary of the date of grant."
    ... )
    >>> grant = grant_from_text(text)
    >>> grant.grantor, grant.grantee, grant.shares, grant.currency, grant.exercise_price
    ('Acme Ltd', 'Jane Doe', 10000, 'EUR', Decimal('0.50'))
    >>> grant.expiration_date, grant.cutoff_time, grant.time_zone
    (datetime.date(2034, 3, 3), datetime.time(17, 0), zoneinfo.ZoneInfo(key='Europe/London'))

    Raises:
        ContractTextError: listing every problem found (a term missing, unreadable, or
            stated twice in ways that disagree), not only the first.
        InvalidChoiceError: for an ``order`` other than ``"DMY"``, ``"MDY"`` or ``None``.
        OptionTypeError: for a ``vesting`` other than a ``VestingSchedule`` or ``None``.
    """
    if not isinstance(text, str):
        raise ContractTextError("text", text, NOT_TEXT)
    if vesting is not None and not isinstance(vesting, VestingSchedule):
        raise OptionTypeError("vesting", vesting, NOT_A_SCHEDULE)
    reader = _ContractReader(text, check_date_order(order), vesting)
    grant = reader.grant()
    if grant is None:
        raise ContractTextError.listing("text", text, reader.problems)
    return grant


class _Expiry(NamedTuple):
    """What the expiry phrases state, each term ``None`` where none states it."""

    term: tuple[Term, ExpiryReading] | None
    date: dt.date | None
    cutoff: tuple[dt.time, dt.tzinfo] | None
    day_included: bool | None


class _ContractReader:
    def __init__(self, text: str, order: DateOrder | None, vesting: VestingSchedule | None) -> None:
        self.text = " ".join(text.split())
        self.order = order
        self.vesting = vesting
        self.problems: list[str] = []
        # The labels of the notice's lines that state nothing, by term: a signature block's
        # "OPTIONEE:" is one. Such a line is passed over, and named where its term is missing.
        self.empty: dict[str, str] = {}
        self.notice = self.notice_lines(text)

    def notice_lines(self, text: str) -> dict[str, list[str]]:
        """The values of a grant notice's lines, by the term their label states."""
        found: dict[str, list[str]] = {}
        for line in text.splitlines():
            label, colon, value = line.partition(":")
            kind = _LABELS.get(" ".join(label.split()).lower()) if colon else None
            if kind is None:
                continue
            value = " ".join(value.split())
            if not value:
                self.empty.setdefault(kind, " ".join(label.split()) + ":")
                continue
            found.setdefault(kind, []).append(value)
        return found

    def one(
        self, what: str, found: list[str], read: Callable[[str], _T], missing: str
    ) -> _T | None:
        """The single value ``found`` phrases state, or ``None`` with the problem recorded.

        Without phrases, ``missing`` is the problem recorded (none if it is empty).
        """
        values: dict[str, _T] = {}
        for phrase in found:
            try:
                values.setdefault(phrase, read(phrase))
            except OptionError as error:
                self.problems.append(UNREADABLE.format(what=what, phrase=phrase, rule=error.rule))
                return None
        if not values:
            if missing:
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

    def missing(self, kinds: tuple[str, ...], problem: str) -> str:
        """The problem of a missing term: its notice line's, if one states nothing."""
        labels = [self.empty[kind] for kind in kinds if kind in self.empty]
        return EMPTY_LINE.format(label=labels[0]) if labels else problem

    def date(self, phrase: str) -> dt.date:
        return parse_date(phrase, order=self.order)

    def grant(self) -> OptionGrant | None:
        grantor, grantee = self.parties()
        grant_date = self.one(
            "date",
            [match["date"] for match in _DATED.finditer(self.text)] + self.notice.get("date", []),
            self.date,
            self.missing(("date",), NO_DATE),
        )
        shares = self.one(
            "number of shares",
            [match["shares"] for match in _SHARES.finditer(self.text)]
            + self.notice.get("shares", []),
            parse_shares,
            self.missing(("shares",), NO_SHARES),
        )
        price = self.one(
            "price",
            [match["price"] or match["at"] for match in _PRICE.finditer(self.text)]
            + self.notice.get("price", []),
            _price,
            self.missing(("price",), NO_PRICE),
        )
        expiry = self.expiry()
        self.check_vesting()
        if self.problems:
            return None
        # Without problems, every term was read: none of these is None.
        currency, exercise_price = price  # type: ignore[misc]
        term, reading = expiry.term or (None, ExpiryReading.CORRESPONDING_DATE)
        time, zone = expiry.cutoff or (None, None)
        try:
            return OptionGrant(
                grant_date,  # type: ignore[arg-type]
                shares,  # type: ignore[arg-type]
                exercise_price,
                term=term,
                expiration_date=expiry.date,
                currency=currency,
                grantor=grantor,
                grantee=grantee,
                expiry_reading=reading,
                expiry_day_included=expiry.day_included is not False,
                cutoff_time=time,
                time_zone=zone,
                vesting=VestingSchedule.immediate() if self.vesting is None else self.vesting,
            )
        except OptionError as error:
            self.problems.append(NO_GRANT_MADE.format(error=error))
            return None

    def check_vesting(self) -> None:
        """A notice's vesting date needs a schedule given, and is its start if it has one."""
        dates = self.notice.get("vesting", [])
        if not dates and "vesting schedule" not in self.notice:
            return
        if self.vesting is None:
            self.problems.append(VESTING_NOT_READ)
            return
        start = self.vesting.start
        if start is None:
            return
        self.one(
            "vesting commencement date",
            dates,
            lambda phrase: _starting(self.date(phrase), start),
            "",
        )

    def expiry(self) -> _Expiry:
        terms: list[str] = []
        dates: list[str] = []
        cutoffs: list[str] = []
        bounds: list[str] = []
        matches = [*_EXPIRY.finditer(self.text), *_EXERCISABLE.finditer(self.text)]
        values = [*self.notice.get("expiry", []), *self.notice.get("term", [])]
        stated_lines = self.notice.get("expiry", [])
        lines = [_EXPIRY_VALUE.fullmatch(value) for value in stated_lines]
        # A notice's line that is no date is still its date: parse_date says why.
        dates += [value for value, line in zip(stated_lines, lines, strict=True) if line is None]
        for match in [*matches, *filter(None, lines)]:
            stated = match.groupdict()
            cutoff = stated["cutoff"] or stated["cutoff_after"]
            term = stated.get("term")
            terms += filter(None, [stated["anniversary"], term and term.strip()])
            dates += filter(None, [stated["date"]])
            cutoffs += filter(None, [cutoff])
            if stated.get("bound") and not cutoff and not stated["close"]:
                bounds.append(stated["bound"].lower())
        terms += [_FROM_GRANT_AT_END.sub("", value) for value in self.notice.get("term", [])]
        if not matches and not values:
            self.problems.append(self.missing(("expiry", "term"), NO_EXPIRY))
            return _Expiry(None, None, None, None)
        return _Expiry(
            self.one("term", terms, _term, ""),
            self.one("expiration date", dates, self.date, ""),
            self.one("cutoff", cutoffs, _cutoff, ""),
            self.one("last day", bounds, lambda bound: bound not in _EXCLUSIVE_BOUNDS, ""),
        )

    def parties(self) -> tuple[str | None, str | None]:
        grantor, grantee = self.notice_parties()
        if grantee is not None or "grantee" in self.notice:
            return grantor, grantee
        defined = self.definitions()
        for match in _GRANT.finditer(self.text):
            before = self.before(_before_auxiliaries(self.text, match.start() - 1))
            party = _PARTY_BEFORE.search(before)
            if party is not None:
                return (
                    grantor or _party(party["party"], defined),
                    _party(match["grantee"], defined),
                )
        for match in _GRANTED.finditer(self.text):
            party = _PARTY_BEFORE.search(self.before(match.start() - 1))
            if party is not None:
                named = match["grantor"] and _party(match["grantor"], defined)
                return grantor or named, _party(party["party"], defined)
        if not self.notice:
            self.problems.append(NO_GRANT)
        return grantor, None

    def before(self, end: int) -> str:
        """The text that ends at ``end``, as far back as a party's name may begin."""
        return self.text[max(0, end - _PARTY_REACH) : end]

    def notice_parties(self) -> tuple[str | None, str | None]:
        """The grantor and grantee a notice's lines name, or ``None`` for those it does not."""
        return (
            self.one("grantor", self.notice.get("grantor", []), str, ""),
            self.one("optionee", self.notice.get("grantee", []), str, ""),
        )

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


def _starting(day: dt.date, start: dt.date) -> dt.date:
    """``day``, the notice's vesting date, if it is ``start``, the schedule's."""
    if day != start:
        raise InvalidVestingError(
            "vesting", day, VESTING_START_DIFFERS.format(start=start.isoformat())
        )
    return day


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


def _price(phrase: str) -> tuple[str, Decimal]:
    """The currency and the price per share ``phrase`` states ("EUR 2.00": EUR, 2.00).

    The currency is the one its symbols and codes name, the US dollar if none does.
    """
    currencies: list[str] = []
    marks = list(_CURRENCY_MARK.finditer(phrase))
    codes = {mark["code"] or mark["after"] for mark in marks} - {None}
    for mark in marks:
        symbol, code = mark["symbol"], mark["code"] or mark["after"]
        if symbol == "$" and len(codes) == 1 and codes <= _DOLLARS:
            continue  # "$0.50 CAD": the code says which dollar
        if symbol in _AMBIGUOUS_SYMBOLS:
            rule = AMBIGUOUS_SYMBOL.format(symbol=symbol, codes=_AMBIGUOUS_SYMBOLS[symbol])
            raise InvalidCurrencyError("currency", symbol, rule)
        # An unknown symbol goes to the check as written, which refuses it.
        currency = coerce_currency(CURRENCY_SYMBOLS.get(symbol, symbol) if symbol else code)
        if currency not in currencies:
            currencies.append(currency)
    if len(currencies) > 1:
        rule = TWO_CURRENCIES.format(currencies=" and ".join(currencies))
        raise InvalidCurrencyError("currency", phrase, rule)
    # The figures alone: parse_price reads them, and any words in dollars and cents.
    figures = _CURRENCY_MARK.sub(lambda mark: "" if mark["after"] is None else " ", phrase)
    return (currencies or ["USD"])[0], parse_price(figures)


def _term(phrase: str) -> tuple[Term, ExpiryReading]:
    """The term ``phrase`` states, and how it becomes a date from the grant's.

    "ten years" and "the tenth anniversary of the Grant Date" land on the anniversary;
    "the day before the tenth anniversary of ..." on the day before it.
    """
    anniversary = _ANNIVERSARY.fullmatch(phrase)
    if anniversary is None:
        return Term.parse(phrase), ExpiryReading.CORRESPONDING_DATE
    years = _ordinal(anniversary["ordinal"])
    reading = (
        ExpiryReading.LESS_ONE_DAY if anniversary["before"] else ExpiryReading.CORRESPONDING_DATE
    )
    return Term(years=years), reading


def _ordinal(phrase: str) -> int:
    """The ordinal ``phrase`` states: "tenth", "10th", "tenth (10th)" or "tenth (10)"."""
    bracket = _ORDINAL_BRACKET.fullmatch(phrase)
    parts = [phrase] if bracket is None else [bracket["outside"], bracket["inside"]]
    numbers = {_ordinal_part(phrase, part) for part in parts}
    if len(numbers) != 1:
        raise InvalidTermError("term", phrase, NOT_AN_ORDINAL.format(ordinal=phrase))
    return numbers.pop()


def _ordinal_part(phrase: str, part: str) -> int:
    figures = _ORDINAL_FIGURES.fullmatch(part)
    if figures is not None:
        number = int(figures["number"])
        suffix = figures["suffix"]
        if number and (suffix is None or suffix.lower() == ordinal_suffix(number)):
            return number
    else:
        # Words only, by _ORDINAL: letters joined by spaces or hyphens.
        tokens = _WORD_BREAK.split(part.lower())
        number_in_words, end = read_ordinal_number(tokens, 0)
        if number_in_words is not None and end == len(tokens):
            return number_in_words
    raise InvalidTermError("term", phrase, NOT_AN_ORDINAL.format(ordinal=phrase))


def _cutoff(phrase: str) -> tuple[dt.time, dt.tzinfo]:
    """The time of day and the zone ``phrase`` states: "5:00 p.m. Eastern Time"."""
    clock = _CLOCK.match(phrase)
    # _CUTOFF found a time at the start of the phrase: one of _CLOCK's forms.
    assert clock is not None  # noqa: S101
    # Read as the grant reads a cutoff given as text: one clock, one set of rules (midnight
    # refused, each part in its range).
    time = cast("dt.time", coerce_cutoff_time(clock[0]))  # text never reads as None
    zone = phrase[clock.end() :].strip(" ,()")
    if not zone:
        raise InvalidTimeZoneError("time_zone", phrase, CUTOFF_WITHOUT_ZONE)
    name = zone.lower().removeprefix("prevailing ").removesuffix(" time")
    key = TIME_ZONE_NAMES.get(name)
    if key is None:
        raise InvalidTimeZoneError("time_zone", zone, UNKNOWN_ZONE_NAME.format(zone=zone))
    # As a grant keeps a zone given by key: a grant read equals one built with the same key.
    return time, coerce_time_zone(key)  # type: ignore[return-value]
