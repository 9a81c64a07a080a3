"""Pickling and copying that check: records travel as a call to their constructor.

attrs' frozen, slotted classes pickle their stored values and put them back with
``object.__setattr__``, so converters and checks never run: a pickle edited to hold a
negative price, or ``Decimal("sNaN")``, would come back as a record no constructor would
build. A record that derives from :class:`RebuiltByConstructor` pickles, copies and
deep-copies as ``cls(**arguments)`` instead, so what comes back is checked exactly as when
it was first built (and its derived facts are derived again, not trusted). A pickle in
attrs' own form (its state as a dict of stored values, as pickles were written before, or
as one is made by hand) is rebuilt through the constructor all the same: the records are
declared with ``getstate_setstate=False``, so that :meth:`RebuiltByConstructor.__setstate__`
is the one that runs.
"""

from __future__ import annotations

from typing import Any, Final, cast

import attrs

from auxer_option.exceptions import InvalidDataError

__all__ = ["NOT_A_STATE", "RebuiltByConstructor"]

#: The rule a pickled state breaks when it is not a record's stored values.
NOT_A_STATE: Final = "is not the stored values of a record"


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
        return (_rebuild, (type(self), self._arguments()))

    def _arguments(self) -> dict[str, Any]:
        """The keyword arguments that build this record again."""
        record = cast("type[attrs.AttrsInstance]", type(self))  # every subclass is attrs'
        return {
            field.alias: getattr(self, field.name) for field in attrs.fields(record) if field.init
        }

    @classmethod
    def _stored_arguments(cls, values: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments in ``values``, a record's stored values by name."""
        record = cast("type[attrs.AttrsInstance]", cls)
        return {
            field.alias: values[field.name]
            for field in attrs.fields(record)
            if field.init and field.name in values
        }

    def __setstate__(self, state: object) -> None:
        # Python's own form is (None, slots) for a slotted object; attrs' is the dict itself.
        values = state[1] if isinstance(state, tuple) and len(state) == 2 else state  # noqa: PLR2004
        if not isinstance(values, dict):
            raise InvalidDataError("pickle", state, NOT_A_STATE)
        rebuilt = type(self)(**self._stored_arguments(values))
        # Every slot, not only the fields: a class's own (a cached hash) comes along too.
        for cls in type(self).__mro__:
            for name in cls.__dict__.get("__slots__", ()):
                if name != "__weakref__" and hasattr(rebuilt, name):
                    object.__setattr__(self, name, getattr(rebuilt, name))


def _rebuild(cls: type[RebuiltByConstructor], arguments: dict[str, Any]) -> RebuiltByConstructor:
    return cls(**arguments)
