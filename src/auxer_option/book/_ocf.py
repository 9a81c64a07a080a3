"""A book of the option grants in an Open Cap Format v1.2.0 transactions file.

Each option issuance is read as :func:`auxer_option.ocf.from_ocf` reads it (its exercises,
``vestings``, ``vesting_terms_id`` and what :func:`~auxer_option.to_ocf` carries in
``comments``), and the book is :meth:`GrantBook.from_grants` of those grants: ids are the
security ids, holders the stakeholder ids, rows in the order of the issuances in the file.

Nothing is dropped silently. An option issuance or exercise that cannot be read as what it
claims to be refuses the whole file, every such item listed at once with the scalar API's
error (:class:`~auxer_option.exceptions.InvalidBookError`): a book missing a grant would
give wrong totals. Items that are not options (RSUs, warrants, stock, vesting terms no
grant uses) are not the book's: :func:`read_ocf_book` lists them with the reason, in
:attr:`OcfBook.skipped`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from auxer_option._ocf_reading import SkippedItem
from auxer_option.book._book import GrantBook
from auxer_option.book._ocf_items import read_ocf_grants

__all__ = ["OcfBook", "book_from_ocf", "read_ocf_book"]


@attrs.frozen(eq=False)
class OcfBook:
    """What :func:`read_ocf_book` read: the book, and the items that are not options.

    ``skipped`` lists, in file order, every item that is neither an option grant nor its
    exercise, with the reason (each ``inconsistent`` is ``False``: an inconsistent option
    item refuses the file instead).

    >>> from auxer_option import AUXER_1999, to_ocf
    >>> items = to_ocf(AUXER_1999, security_id="a-1", stakeholder_id="pmr")
    >>> read = read_ocf_book([*items, {"object_type": "TX_STOCK_ISSUANCE", "id": "s-1"}])
    >>> list(read.book.ids), [entry.id for entry in read.skipped]
    (['a-1'], ['s-1'])
    """

    book: GrantBook
    skipped: tuple[SkippedItem, ...]


def read_ocf_book(file_or_items: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> OcfBook:
    """The book of the option grants in OCF ``file_or_items``, and what is not an option.

    ``file_or_items`` is a transactions file (its ``items`` are read) or a list of OCF
    objects. See the module's docs for how each item is read.

    >>> from auxer_option import AUXER_1999, to_ocf
    >>> read_ocf_book(to_ocf(AUXER_1999, security_id="a-1", stakeholder_id="pmr")).skipped
    ()

    Raises:
        InvalidDataError: for ``file_or_items`` that are not a list of OCF objects.
        InvalidBookError: naming every option issuance or exercise that cannot be read,
            by its OCF ``id`` (``items[i]`` when it has none), each with the scalar API's
            error (the field at fault is the error's).
    """
    read = read_ocf_grants(file_or_items)
    book = GrantBook.from_grants(read.grants.values(), ids=read.grants.keys(), holders=read.holders)
    return OcfBook(book, read.skipped)


def book_from_ocf(file_or_items: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> GrantBook:
    """The book of the option grants in OCF ``file_or_items``, indexed by security id.

    The book of :func:`read_ocf_book`, without the list of what is not an option.

    >>> from auxer_option import AUXER_1999, to_ocf
    >>> book = book_from_ocf(to_ocf(AUXER_1999, security_id="a-1", stakeholder_id="pmr"))
    >>> book.exercise_cost().to_dict()
    {'a-1': Decimal('130000.00')}

    Raises:
        InvalidDataError: for ``file_or_items`` that are not a list of OCF objects.
        InvalidBookError: naming every option issuance or exercise that cannot be read.
    """
    return GrantBook.from_ocf(file_or_items)
