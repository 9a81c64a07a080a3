"""The option grants of an Open Cap Format transactions file, as a book takes them.

Each option issuance is read as :func:`auxer_option.ocf.from_ocf` reads it (its exercises,
``vestings``, ``vesting_terms_id`` and what :func:`~auxer_option.to_ocf` carries in
``comments``). Nothing is dropped silently: an option issuance or exercise that cannot be
read as what it claims to be refuses the whole file, every such item listed at once with
the scalar API's error (:class:`~auxer_option.exceptions.InvalidBookError`), since a book
missing a grant would give wrong totals.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, NamedTuple

from auxer_option._grant import OptionGrant
from auxer_option._ocf_reading import SkippedItem, read_items
from auxer_option.exceptions import InvalidBookError, OptionError

__all__ = ["OcfGrants", "read_ocf_grants"]


class OcfGrants(NamedTuple):
    """A file's option grants by security id, their holders, and the items not options."""

    grants: Mapping[str, OptionGrant]
    holders: list[str]
    skipped: tuple[SkippedItem, ...]


def read_ocf_grants(file_or_items: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> OcfGrants:
    """The option grants of OCF ``file_or_items``, in file order, with their holders.

    Raises:
        InvalidDataError: for ``file_or_items`` that are not a list of OCF objects.
        InvalidBookError: naming every option issuance or exercise that cannot be read,
            by its OCF ``id`` (``items[i]`` when it has none), each with the scalar API's
            error (the field at fault is the error's).
    """
    reading = read_items(file_or_items)
    imported = reading.imported
    refusals: list[tuple[Hashable, OptionError]] = [
        (entry.id if entry.id is not None else f"items[{entry.index}]", reading.errors[entry.index])
        for entry in imported.skipped
        if entry.inconsistent
    ]
    if refusals:
        raise InvalidBookError.listing("items", refusals)
    grants = imported.grants
    holders = [imported.holders[security] for security in grants]
    return OcfGrants(grants, holders, imported.skipped)
