"""Books of grants: many grants as one table, every row meaning what its ``OptionGrant`` means.

Installed with the ``book`` extra (``pip install "auxer-option[book]"``): pandas with
pyarrow columns for exact money and dates, numpy for the arithmetic, scipy for the normal
distribution. :class:`DaskGrantBook` needs the ``dask`` extra too, and loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auxer_option.book._book import GrantBook
from auxer_option.book._ocf import OcfBook, read_ocf_book

if TYPE_CHECKING:
    from auxer_option.book._dask import DaskGrantBook

__all__ = ["DaskGrantBook", "GrantBook", "OcfBook", "read_ocf_book"]


def __getattr__(name: str) -> Any:
    # The Dask book imports dask: loaded when first asked for, so that a book needs no dask.
    if name == "DaskGrantBook":
        from auxer_option.book._dask import DaskGrantBook  # noqa: PLC0415

        return DaskGrantBook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
