"""Rows in blocks: how a book's column arithmetic bounds its temporaries.

An operation over a million rows in whole columns makes each of its intermediate results
a fresh column of eight megabytes: the process touches new pages for every one (which
costs as much as the arithmetic) and holds many at once. In blocks of
:data:`BLOCK_ROWS` rows the temporaries of one block are freed and reused by the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

__all__ = ["BLOCK_ROWS", "blocks"]

#: Rows computed at a time: a block's temporaries, a few dozen columns of it, stay small.
BLOCK_ROWS: Final = 1 << 16


def blocks(count: int) -> Iterator[slice]:
    """The slices of ``count`` rows, in order, each at most :data:`BLOCK_ROWS` long.

    >>> [(rows.start, rows.stop) for rows in blocks(BLOCK_ROWS + 1)]
    [(0, 65536), (65536, 65537)]
    """
    for first in range(0, count, BLOCK_ROWS):
        yield slice(first, min(first + BLOCK_ROWS, count))
