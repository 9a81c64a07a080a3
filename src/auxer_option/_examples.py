"""Worked grants that ship with the library."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from auxer_option._grant import OptionGrant
from auxer_option._terms import Term

__all__ = ["AUXER_1999"]

AUXER_1999 = OptionGrant(
    grant_date=dt.date(1999, 7, 1),
    shares=1_000_000,
    exercise_price=Decimal("0.13"),
    term=Term(months=3),
    grantor="The Auxer Group, Inc.",
    grantee="PMR and Associates, LLC",
)
"""The option in the 1 July 1999 Auxer Group consulting agreement.

"an option to purchase a minimum of 1,000,000 (One Million Shares) of free trading shares
of common stock ... at a purchase price of $0.13 (Thirteen Cents). This option to purchase
stock will expire three (3) months from the date of this agreement."

Recorded as 1,000,000 shares, the floor that "a minimum of" sets; the agreement names no
vesting, so all of them are exercisable from the grant date. Aggregate exercise price
$130,000.00; window 1999-07-01 through 1999-10-01, both days included.
"""
