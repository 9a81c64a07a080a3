"""Pickling and copying that check: records travel as a call to their constructor.

attrs' frozen, slotted classes pickle their stored values and put them back with
``object.__setattr__``, so converters and checks never run: a pickle edited to hold a
negative price, or ``Decimal("sNaN")``, would come back as a record no constructor would
build. A record that derives from :class:`RebuiltByConstructor` pickles, copies and
deep-copies as ``cls(**arguments)`` instead, so what comes back is checked exactly as when
it was first built (and its derived facts are derived again, not trusted).
"""

from __future__ import annotations

from typing import Any, cast

import attrs

__all__ = ["RebuiltByConstructor"]


class RebuiltByConstructor:
    """A frozen attrs record that pickles, copies and deep-copies through its constructor.

    >>> import pickle
    >>> from auxer_option import Term
    >>> pickle.loads(pickle.dumps(Term(months=3)))
    Term(months=3)
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        # Only the constructor's arguments: derived fields are worked out again.
        cls = type(self)
        record = cast("type[attrs.AttrsInstance]", cls)  # every subclass is an attrs class
        arguments = {
            field.alias: getattr(self, field.name) for field in attrs.fields(record) if field.init
        }
        return (_rebuild, (cls, arguments))


def _rebuild(cls: type[RebuiltByConstructor], arguments: dict[str, Any]) -> RebuiltByConstructor:
    return cls(**arguments)
