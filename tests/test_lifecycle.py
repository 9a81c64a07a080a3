"""A grant's whole life in any order: exercises, cashless exercises, splits, acceleration,
termination, and a trip through JSON, each step checked against a simple model."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from auxer_option import (
    OptionGrant,
    TerminationReason,
    accelerate,
    adjust_for_split,
    exercisable_shares,
    exercise,
    from_json,
    net_exercise,
    terminate,
    to_json,
    unvested_shares,
    vested_shares,
)
from auxer_option._grant import as_of, history
from auxer_option.testing.strategies import (
    exercise_dates,
    option_grants,
    prices_above,
    share_counts,
    vesting_schedules,
)

from .grants import built_whole

# What a grant derives from its terms and history.
DERIVED = (
    "last_exercise_date",
    "outstanding_shares",
    "adjusted_exercise_price",
    "forfeited_shares",
)


class Lifecycle(RuleBasedStateMachine):
    """The model: the shares outstanding, in the units in force, and the split ratio so far.

    Every operation must change the grant exactly as the model says, and never break the
    invariants: nothing negative, nothing more exercisable than outstanding or vested,
    the window never empty, and the grant unchanged by a trip through JSON.
    """

    grant: OptionGrant
    outstanding: int
    ratio: Fraction

    @initialize(data=st.data())
    def grant_one(self, data: st.DataObject) -> None:
        grant = data.draw(option_grants(shares=share_counts(max_value=10**7)))
        schedule = data.draw(vesting_schedules(shares=grant.shares, start=grant.grant_date))
        self.grant = attrs.evolve(
            grant, vesting=schedule, early_exercisable=data.draw(st.booleans())
        )
        self.outstanding = self.grant.shares
        self.ratio = Fraction(1)

    def day(self, data: st.DataObject) -> dt.date:
        return data.draw(exercise_dates(self.grant))

    @rule(data=st.data())
    def exercise_some(self, data: st.DataObject) -> None:
        on = self.day(data)
        available = exercisable_shares(self.grant, on)
        if available:
            shares = data.draw(st.integers(1, available))
            self.grant, record = exercise(self.grant, shares, on)
            assert record.shares == shares
            self.outstanding -= shares

    @rule(data=st.data())
    def net_exercise_some(self, data: st.DataObject) -> None:
        on = self.day(data)
        available = exercisable_shares(self.grant, on)
        if available:
            shares = data.draw(st.integers(1, available))
            market = data.draw(prices_above(self.grant.adjusted_exercise_price))
            self.grant, record = net_exercise(self.grant, shares, on, market)
            assert record.shares_issued + record.shares_withheld == shares  # type: ignore[operator]
            self.outstanding -= shares

    @precondition(lambda self: self.grant.termination is None)
    @rule(data=st.data(), new=st.integers(1, 4), old=st.integers(1, 4))
    def split(self, data: st.DataObject, new: int, old: int) -> None:
        on = self.day(data)
        self.grant = adjust_for_split(self.grant, (new, old), on=on)
        # Shares in force are rounded down to whole shares; nothing else changes them.
        self.outstanding = math.floor(self.outstanding * Fraction(new, old))
        self.ratio *= Fraction(new, old)

    @precondition(lambda self: self.grant.termination is None)
    @rule(data=st.data())
    def accelerate_some(self, data: st.DataObject) -> None:
        on = self.day(data)
        unvested = unvested_shares(self.grant, on)
        if unvested >= 1:
            before = vested_shares(self.grant, on)
            shares = data.draw(st.integers(1, int(unvested)))
            self.grant = accelerate(self.grant, on, shares)
            assert vested_shares(self.grant, on) == before + shares

    @precondition(lambda self: self.grant.termination is None)
    @rule(data=st.data(), reason=st.sampled_from(TerminationReason))
    def terminate_service(self, data: st.DataObject, reason: TerminationReason) -> None:
        on = self.day(data)
        self.grant = terminate(self.grant, on, reason)
        # What was unvested is forfeited; the rest stays outstanding.
        self.outstanding -= self.grant.forfeited_shares

    @rule()
    def serialize_and_reload(self) -> None:
        again = from_json(to_json(self.grant), expect=OptionGrant)
        assert again == self.grant
        assert again.outstanding_shares == self.grant.outstanding_shares
        assert again.last_exercise_date == self.grant.last_exercise_date
        self.grant = again

    @invariant()
    def matches_the_model(self) -> None:
        assert self.grant.outstanding_shares == self.outstanding
        assert self.outstanding >= 0

    @invariant()
    def nothing_more_than_outstanding(self) -> None:
        grant = self.grant
        for on in (grant.first_exercise_date, grant.last_exercise_date):
            # As the grant stood that day: before a termination, the shares it forfeits
            # were still there to exercise, and so were those exercised later.
            most = as_of(grant, on).outstanding_shares
            assert 0 <= exercisable_shares(grant, on) <= most
        assert grant.first_exercise_date <= grant.last_exercise_date

    @invariant()
    def step_by_step_is_the_whole_history(self) -> None:
        """A grant extended one record at a time, each checked alone, is the grant built
        from its whole history at once, replayed and checked record by record."""
        grant = self.grant
        whole = built_whole(grant)
        assert whole == grant
        for name in DERIVED:
            assert getattr(whole, name) == getattr(grant, name), name
        for name in ("split_ratio", "split_dropped"):
            assert getattr(history(whole), name) == getattr(history(grant), name), name
        days = [grant.grant_date, grant.last_exercise_date]
        if grant.termination is not None:
            days += [grant.termination.date, grant.termination.date + dt.timedelta(days=1)]
        for day in days:
            for query in (vested_shares, unvested_shares, exercisable_shares):
                assert query(whole, day) == query(grant, day), (query.__name__, day)

    @invariant()
    def shares_are_conserved(self) -> None:
        """Granted, in the units in force, covers outstanding, exercised and forfeited."""
        exercised = sum(record.shares for record in self.grant.exercises)
        assert self.grant.outstanding_shares <= math.floor(self.grant.shares * self.ratio)
        assert exercised >= 0


TestLifecycle = Lifecycle.TestCase
# Two hundred runs of up to ten steps (the profile gives the rest): seconds in CI.
TestLifecycle.settings = settings(max_examples=200, deadline=None, stateful_step_count=10)
