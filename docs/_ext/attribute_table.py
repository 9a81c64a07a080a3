"""A record's attributes, read from its constructor and its class: a reference table's rows.

The API reference lists ``OptionGrant``'s attributes from these rows, made at build time,
so that the list cannot fall behind the code: every keyword the constructor takes, in its
order, then every public attribute the record derives from them, read-only (a property, or
an ``attrs`` field the constructor does not take). It reads the constructor's signature, not
the fields alone, so a keyword stored in a grouped value and read back through a property is
listed all the same. Only the standard library and ``attrs`` are imported: the tests check
the rows without Sphinx, and conf.py's ``attribute-table`` directive renders them.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import NamedTuple

import attrs


class Attribute(NamedTuple):
    """One attribute: its name, the type it is read as, what it is given as, its default.

    ``given_as`` is what the constructor's keyword accepts, and ``default`` the keyword's
    default written as code (``None``: the keyword is required); a derived attribute has
    neither.
    """

    name: str
    type: str
    given_as: str
    default: str | None
    derived: bool


def attributes(cls: type) -> tuple[Attribute, ...]:
    """``cls``'s attributes: each keyword of its constructor, then each one it derives.

    >>> @attrs.frozen
    ... class Square:
    ...     side: int
    ...     label: str | None = None
    ...     area: int = attrs.field(init=False)
    ...     _cache: object = attrs.field(init=False, default=None)
    ...
    ...     def __attrs_post_init__(self) -> None:
    ...         object.__setattr__(self, "area", self.side**2)
    ...
    ...     @property
    ...     def perimeter(self) -> int:
    ...         return 4 * self.side
    >>> for attribute in attributes(Square):
    ...     print(*attribute, sep=" | ")
    side | int | int | None | False
    label | str | None | str | None | None | False
    area | int |  | None | True
    perimeter | int |  | None | True
    """
    fields = attrs.fields_dict(cls) if attrs.has(cls) else {}
    properties = _public_properties(cls)

    def read_as(name: str) -> str:
        if name in properties:
            return _written(inspect.get_annotations(properties[name]).get("return", ""))
        return _written(fields[name].type or "") if name in fields else ""

    keywords = [
        parameter
        for parameter in inspect.signature(cls).parameters.values()
        if parameter.kind in {parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY}
    ]
    given = [
        Attribute(
            name=keyword.name,
            type=read_as(keyword.name),
            given_as=_written(keyword.annotation),
            default=None if keyword.default is keyword.empty else repr(keyword.default),
            derived=False,
        )
        for keyword in keywords
    ]
    taken = {keyword.name for keyword in keywords}
    derived = [
        Attribute(name, read_as(name), given_as="", default=None, derived=True)
        for name in dict.fromkeys([*fields, *properties])
        if name not in taken and not name.startswith("_")
    ]
    return (*given, *derived)


def _public_properties(cls: type) -> dict[str, Callable[..., object]]:
    """The getters of ``cls``'s public properties, its bases' first, in the order written."""
    found: dict[str, Callable[..., object]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, property) and value.fget and not name.startswith("_"):
                found[name] = value.fget
    return found


def _written(annotation: object) -> str:
    """An annotation as the reference writes it: ``dt.date`` as ``datetime.date``.

    >>> _written("dt.time | None"), _written(int), _written(inspect.Parameter.empty)
    ('datetime.time | None', 'int', '')
    """
    if annotation is inspect.Parameter.empty:
        return ""
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return re.sub(r"\bdt\.", "datetime.", text)
