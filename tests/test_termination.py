"""Service termination and post-termination exercise windows (``_termination``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auxer_option import (
    AUXER_1999,
    OptionGrant,
    Term,
    Termination,
    TerminationReason,
    VestingSchedule,
    accelerate,
    adjust_for_split,
    exercisable_shares,
    exercise,
    terminate,
    unvested_shares,
    vested_shares,
    window_status,
)
from auxer_option._adjust import DATE_NEEDED, NOT_AFTER_TERMINATION
from auxer_option._choices import one_of
from auxer_option._exercise import BEFORE_THE_TERMINATION, WINDOW_NOT_OPEN
from auxer_option._grant import BEFORE_GRANT_DATE, GRANT_KEYWORDS, NOT_A_TERMINATION
from auxer_option._termination import (
    DEFAULT_TERMINATION_WINDOWS,
    NO_WINDOW_TERM,
    NOT_A_WINDOW,
    NOT_WINDOWS,
)
from auxer_option._terms import NOT_A_DATETIME, after_the_last_date
from auxer_option._vested import AFTER_THE_TERMINATION, ALREADY_TERMINATED, BEFORE_LATEST_EVENT
from auxer_option.exceptions import (
    DateTypeError,
    ExerciseOrderError,
    ExerciseWindowError,
    InvalidChoiceError,
    InvalidDateError,
    InvalidTermError,
    OptionError,
    OptionTypeError,
    TerminationError,
)

from .data import OCF_ENUMS
from .grants import FOUR_YEARS, four_year_grant
from .messages import message, refused, rule_of
from .strategies import anything, exercise_dates, vesting_grants

JUNE_15 = dt.date(2025, 6, 15)
#: The rule of a reason that is none of OCF's.
ONE_OF_THE_REASONS = one_of(TerminationReason)


class TestMessages:
    """Each rule of this module, word for word, once: other tests check which rule it is."""

    @pytest.mark.parametrize(
        ("windows", "rule", "expected"),
        [
            pytest.param(
                7,
                NOT_WINDOWS,
                "termination_windows=7: must map reasons to terms, such as {'VOLUNTARY_OTHER': "
                "'90 days'}",
                id="NOT_WINDOWS",
            ),
            pytest.param(
                [("VOLUNTARY_OTHER",)],
                NOT_A_WINDOW,
                "termination_windows=('VOLUNTARY_OTHER',): must be a (reason, term) pair",
                id="NOT_A_WINDOW",
            ),
            pytest.param(
                {"VOLUNTARY_OTHER": None},
                NO_WINDOW_TERM,
                "termination_windows[VOLUNTARY_OTHER]=None: must be a term such as '3 months'",
                id="NO_WINDOW_TERM",
            ),
        ],
    )
    def test_message(self, windows: object, rule: str, expected: str) -> None:
        """The message names the field and the value, then the rule in these words."""
        assert message(lambda: four_year_grant(termination_windows=windows), rule) == expected


class TestWindows:
    def test_reasons_are_ocfs(self) -> None:
        """The reasons are exactly OCF's TerminationWindowType values."""
        path = OCF_ENUMS / "TerminationWindowType.schema.json"
        assert [reason.value for reason in TerminationReason] == json.loads(
            path.read_text(encoding="utf-8")
        )["enum"]

    def test_defaults(self) -> None:
        """Three months for every reason but cause; none for cause."""
        windows = dict(FOUR_YEARS.termination_windows)
        assert windows.pop(TerminationReason.INVOLUNTARY_WITH_CAUSE) == Term(days=0)
        assert set(windows.values()) == {Term(months=3)}
        assert FOUR_YEARS.termination_windows == DEFAULT_TERMINATION_WINDOWS

    def test_stated_windows(self) -> None:
        """A grant states its own windows; unnamed reasons keep the default."""
        grant = four_year_grant(
            termination_windows={
                "INVOLUNTARY_DEATH": "1 year",
                TerminationReason.VOLUNTARY_OTHER: "90 days",
            }
        )
        windows = dict(grant.termination_windows)
        assert windows[TerminationReason.INVOLUNTARY_DEATH] == Term(years=1)
        assert windows[TerminationReason.VOLUNTARY_OTHER] == Term(days=90)
        assert windows[TerminationReason.INVOLUNTARY_OTHER] == Term(months=3)
        assert "termination_windows={'VOLUNTARY_OTHER': Term(days=90), 'INVOLUNTARY_DEATH'" in repr(
            grant
        )
        assert four_year_grant(
            termination_windows=[("INVOLUNTARY_DEATH", "P1Y")]
        ) == grant.__class__(
            **{name: getattr(grant, name) for name in GRANT_KEYWORDS}
            | {"termination_windows": {"INVOLUNTARY_DEATH": "P1Y"}}
        )

    @pytest.mark.parametrize(
        ("windows", "error", "field", "value", "rule"),
        [
            ("3 months", OptionTypeError, "termination_windows", "3 months", NOT_WINDOWS),
            (7, OptionTypeError, "termination_windows", 7, NOT_WINDOWS),
            (
                [("VOLUNTARY_OTHER",)],
                OptionTypeError,
                "termination_windows",
                ("VOLUNTARY_OTHER",),
                NOT_A_WINDOW,
            ),
            (
                {"RESIGNED": "3 months"},
                InvalidChoiceError,
                "termination_windows",
                "RESIGNED",
                ONE_OF_THE_REASONS,
            ),
            (
                {"VOLUNTARY_OTHER": "three weeks and a bit"},
                InvalidTermError,
                "termination_windows[VOLUNTARY_OTHER]",
                "three weeks and a bit",
                rule_of(lambda: Term.parse("three weeks and a bit")),
            ),
            (
                {"VOLUNTARY_OTHER": None},
                OptionTypeError,
                "termination_windows[VOLUNTARY_OTHER]",
                None,
                NO_WINDOW_TERM,
            ),
        ],
    )
    def test_bad_windows(
        self, windows: object, error: type[OptionError], field: str, value: object, rule: str
    ) -> None:
        """Windows must map OCF reasons to terms; a term's own refusal is kept, renamed."""
        with pytest.raises(error) as raised:
            four_year_grant(termination_windows=windows)
        refused(raised, cls=error, field=field, value=value, rule=rule)


class TestTerminate:
    def test_voluntary(self) -> None:
        """Leaving on 2025-06-15: 16,000 vested stay for three months, 32,000 are forfeited."""
        left = terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
        assert left.termination == Termination(
            dt.date(2025, 6, 15), TerminationReason.VOLUNTARY_OTHER
        )
        assert left.forfeited_shares == 32_000
        assert left.outstanding_shares == 16_000
        assert left.last_exercise_date == dt.date(2025, 9, 15)
        assert vested_shares(left, "2030-01-01") == 16_000
        assert unvested_shares(left, "2025-06-15") == 32_000  # it takes effect at day's end
        assert unvested_shares(left, "2025-06-16") == 0
        assert exercisable_shares(left, "2025-09-15") == 16_000
        assert exercisable_shares(left, "2025-09-16") == 0
        assert window_status(left, "2025-09-16") == "EXPIRED"

    def test_for_cause(self) -> None:
        """For cause the window closes with the termination day itself."""
        left = terminate(FOUR_YEARS, "2025-06-15", TerminationReason.INVOLUNTARY_WITH_CAUSE)
        assert left.last_exercise_date == dt.date(2025, 6, 15)
        grant, _ = exercise(left, 16_000, "2025-06-15")
        assert grant.outstanding_shares == 0
        with pytest.raises(ExerciseWindowError) as raised:
            exercise(left, 1, "2025-06-16")
        rule = WINDOW_NOT_OPEN.format(
            status="expired", first=dt.date(2024, 1, 31), last=dt.date(2025, 6, 15)
        )
        refused(raised, field="on", value="2025-06-16", rule=rule)

    def test_never_past_the_expiry(self) -> None:
        """A window that would run past the contractual expiry ends with it."""
        left = terminate(AUXER_1999, "1999-09-01", "INVOLUNTARY_DEATH")
        assert left.last_exercise_date == dt.date(1999, 10, 1)
        assert left.forfeited_shares == 0  # the Auxer option vested at once

    def test_exercised_and_split_before(self) -> None:
        """Forfeiture counts what was exercised, in the shares in force after a split."""
        grant, _ = exercise(FOUR_YEARS, 12_000, "2025-01-31")
        grant = adjust_for_split(grant, "2:1", on="2025-02-01")
        left = terminate(grant, "2025-03-15", "VOLUNTARY_OTHER")
        assert left.forfeited_shares == 70_000  # 35,000 unvested, doubled
        assert left.outstanding_shares == 2_000  # 1,000 vested and unexercised, doubled

    def test_split_after(self) -> None:
        """A split in the post-termination window adjusts what is left; it needs its date."""
        left = terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
        split = adjust_for_split(left, "2:1", on="2025-07-01")
        assert (split.outstanding_shares, split.forfeited_shares) == (32_000, 32_000)
        assert exercisable_shares(split, "2025-07-01") == 32_000
        later, _ = exercise(split, 32_000, "2025-09-15")
        assert later.outstanding_shares == 0
        exercised, _ = exercise(left, 1_000, "2025-07-01")
        assert adjust_for_split(exercised, 2, on="2025-07-02").outstanding_shares == 30_000
        with pytest.raises(TerminationError) as raised:
            adjust_for_split(left, 2)
        refused(raised, field="on", value=None, rule=DATE_NEEDED.format(termination=JUNE_15))
        with pytest.raises(TerminationError) as raised:
            adjust_for_split(left, 2, on="2025-06-15")
        rule = NOT_AFTER_TERMINATION.format(termination=JUNE_15)
        refused(raised, field="on", value="2025-06-15", rule=rule)

    def test_double_trigger(self) -> None:
        """Accelerating on the termination day vests what it names before forfeiture."""
        left = terminate(FOUR_YEARS, "2025-06-15", "INVOLUNTARY_OTHER")
        both = accelerate(left, "2025-06-15")
        assert both.forfeited_shares == 0
        assert both.outstanding_shares == 48_000
        with pytest.raises(TerminationError) as raised:
            accelerate(left, "2025-06-16")
        rule = AFTER_THE_TERMINATION.format(termination=JUNE_15)
        refused(raised, field="on", value="2025-06-16", rule=rule)

    def test_early_exercised_shares(self) -> None:
        """An early-exercisable grant forfeits only the unvested options left unexercised."""
        early = four_year_grant(early_exercisable=True)
        grant, _ = exercise(early, 40_000, "2024-02-01")
        left = terminate(grant, "2024-03-01", "VOLUNTARY_OTHER")
        assert (left.forfeited_shares, left.outstanding_shares) == (8_000, 0)

    def test_exercise_then_termination_on_one_day(self) -> None:
        """A termination takes effect at the end of its day: an early exercise recorded
        before it that day reaches unvested shares, and only the rest are forfeited."""
        early = four_year_grant(early_exercisable=True)
        grant, _ = exercise(early, 20_000, "2025-06-15")
        left = terminate(grant, "2025-06-15", "VOLUNTARY_OTHER")
        assert (left.forfeited_shares, left.outstanding_shares) == (28_000, 0)

    @pytest.mark.parametrize(
        ("on", "reason", "error", "field", "rule"),
        [
            (
                "2024-01-30",
                "VOLUNTARY_OTHER",
                TerminationError,
                "on",
                BEFORE_LATEST_EVENT.format(latest=dt.date(2024, 1, 31)),
            ),
            ("2025-06-15", "QUIT", InvalidChoiceError, "reason", ONE_OF_THE_REASONS),
            (dt.datetime(2025, 6, 15, 9), "VOLUNTARY_OTHER", DateTypeError, "on", NOT_A_DATETIME),
        ],
    )
    def test_refusals(
        self, on: object, reason: str, error: type[OptionError], field: str, rule: str
    ) -> None:
        """Bad days and reasons are refused by their rules."""
        with pytest.raises(error) as raised:
            terminate(FOUR_YEARS, on, reason)  # type: ignore[arg-type]
        refused(raised, cls=error, field=field, value=on if field == "on" else reason, rule=rule)

    @pytest.mark.parametrize(
        ("on", "reason", "field", "rule"),
        [
            ("2025-06-15", "QUIT", "reason", ONE_OF_THE_REASONS),
            ("2025-06-15", 5, "reason", ONE_OF_THE_REASONS),
            (dt.datetime(2025, 6, 15, 9, 30), "QUIT", "date", NOT_A_DATETIME),
        ],
    )
    def test_bad_records(self, on: object, reason: object, field: str, rule: str) -> None:
        """A Termination record checks its own fields, under their own names."""
        with pytest.raises(OptionError) as raised:
            Termination(on, reason)  # type: ignore[arg-type]
        refused(raised, field=field, value=reason if field == "reason" else on, rule=rule)

    def test_once_and_in_order(self) -> None:
        """A grant is terminated once, not before its latest event."""
        left = terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
        with pytest.raises(TerminationError) as raised:
            terminate(left, "2025-07-01", "VOLUNTARY_OTHER")
        rule = ALREADY_TERMINATED.format(termination=JUNE_15)
        refused(raised, field="on", value="2025-07-01", rule=rule)
        grant, _ = exercise(FOUR_YEARS, 1, "2025-02-01")
        with pytest.raises(TerminationError) as raised:
            terminate(grant, "2025-01-31", "VOLUNTARY_OTHER")
        rule = BEFORE_LATEST_EVENT.format(latest=dt.date(2025, 2, 1))
        refused(raised, field="on", value="2025-01-31", rule=rule)

    @pytest.mark.parametrize(
        ("termination", "error", "field", "rule"),
        [
            (
                Termination("2024-01-30", "VOLUNTARY_OTHER"),
                TerminationError,
                "termination.date",
                BEFORE_GRANT_DATE.format(grant_date=dt.date(2024, 1, 31)),
            ),
            ("2025-06-15", OptionTypeError, "termination", NOT_A_TERMINATION),
            (
                Termination("9999-12-30", "VOLUNTARY_OTHER"),
                InvalidDateError,
                "termination.date",
                after_the_last_date(dt.date(9999, 12, 30), Term(months=3)),
            ),
        ],
    )
    def test_recorded_terminations_are_checked(
        self, termination: object, error: type[OptionError], field: str, rule: str
    ) -> None:
        """A hand-built termination must fit the grant."""
        with pytest.raises(error) as raised:
            four_year_grant(termination=termination, expiration_date=None, term="10 years")
        value = termination.date if isinstance(termination, Termination) else termination
        refused(raised, cls=error, field=field, value=value, rule=rule)

    @given(st.sampled_from(["date", "reason"]), anything())
    def test_only_option_errors_escape(self, field: str, value: object) -> None:
        """Whatever a termination record holds: a record, or an OptionError."""
        fields: dict[str, Any] = {"date": "2025-06-15", "reason": "VOLUNTARY_OTHER", field: value}
        try:
            Termination(**fields)
        except OptionError as error:
            assert error.field


def test_early_exercisable_on_the_termination_day() -> None:
    """Regression (found by the lifecycle state machine): on its termination day an
    early-exercisable grant offered its forfeited shares, which exercise() refused."""
    grant = OptionGrant(
        "1900-01-31",
        10,
        "0",
        term="1 year",
        early_exercisable=True,
        vesting=VestingSchedule.tranches([("1900-02-01", 4), ("1900-06-01", 6)]),
    )
    left = terminate(grant, "1900-03-01", "VOLUNTARY_OTHER")
    assert exercisable_shares(grant, "1900-03-01") == 10
    assert exercisable_shares(left, "1900-03-01") == 4 == left.outstanding_shares
    assert exercise(left, 4, "1900-03-01")[0].outstanding_shares == 0


def test_no_exercise_before_a_recorded_termination() -> None:
    """Regression (found by the lifecycle machine at 2,000 runs): an exercise dated before
    a recorded termination was checked against the shares left after it."""
    left = terminate(AUXER_1999, "1999-08-10", "VOLUNTARY_OTHER")
    with pytest.raises(ExerciseOrderError) as raised:
        exercise(left, 1_000, "1999-08-01")
    rule = BEFORE_THE_TERMINATION.format(termination=dt.date(1999, 8, 10))
    refused(raised, field="on", value="1999-08-01", rule=rule)
    assert exercise(left, 1_000, "1999-08-10")[0].outstanding_shares == 999_000


class TestProperties:
    @given(vesting_grants(), st.data())
    def test_never_lengthens_and_never_unforfeits(
        self, grant: OptionGrant, data: st.DataObject
    ) -> None:
        """A termination never moves the last day later, nor gives shares back."""
        if grant.termination is not None:
            return
        on = data.draw(exercise_dates(grant))
        left = terminate(grant, on, data.draw(st.sampled_from(TerminationReason)))
        assert left.last_exercise_date <= grant.last_exercise_date
        assert left.outstanding_shares + left.forfeited_shares == grant.outstanding_shares
        # On the termination day too: what is exercisable can be exercised.
        if left.last_exercise_date >= on:
            can = exercisable_shares(left, on)
            assert can <= left.outstanding_shares
            if can:
                exercise(left, can, on)
        later = st.dates(on + dt.timedelta(days=1), on + dt.timedelta(days=5000))
        for day in data.draw(st.lists(later, max_size=5)):
            # From the day after (a termination takes effect at the end of its day).
            assert vested_shares(left, day) == vested_shares(left, on)
            assert exercisable_shares(left, day) <= left.outstanding_shares
