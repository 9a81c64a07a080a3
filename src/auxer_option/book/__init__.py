"""Books of grants: many grants as one table, every row meaning what its ``OptionGrant`` means.

Installed with the ``book`` extra (``pip install "auxer-option[book]"``): pandas with
pyarrow columns for exact money and dates, numpy for the arithmetic, scipy for the normal
distribution.
"""

from auxer_option.book._book import GrantBook

__all__ = ["GrantBook"]
