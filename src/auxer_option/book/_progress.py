"""Progress through a book's long loops, shown by tqdm when a book is made to show it.

Most of a book's work is whole columns at once and takes no time to speak of; what takes
long is what goes one grant at a time: reading grants, building a frame's rows with the
constructor, the rows the scalar path answers. tqdm is optional (the ``progress`` extra):
``tqdm.auto`` draws a widget in a notebook and a bar in a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, TypeVar

__all__ = ["NO_TQDM", "steps"]

#: What ``progress=True`` needs and how to install it.
NO_TQDM: Final = "progress=True needs tqdm: pip install 'auxer-option[progress]'"

_Item = TypeVar("_Item")


def steps(items: Iterable[_Item], *, total: int | None, what: str, show: bool) -> Iterable[_Item]:
    """``items``, counted on a progress bar named ``what`` when ``show`` is true.

    Raises:
        ImportError: with ``show``, when tqdm is not installed.
    """
    if not show:
        return items
    try:
        from tqdm.auto import tqdm  # noqa: PLC0415  (optional: only when asked for)
    except ImportError as error:
        raise ImportError(NO_TQDM) from error
    shown: Iterable[_Item] = tqdm(items, total=total, desc=what, unit="grant")
    return shown
