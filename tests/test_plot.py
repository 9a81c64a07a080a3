"""Payoff and timeline figures: drawn headless from the exact figures, rendered to PNG."""

from __future__ import annotations

import datetime as dt
import io
import sys
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

from auxer_option import (
    AUXER_1999,
    ExpenseMethod,
    OptionGrant,
    VestingSchedule,
    accelerate,
    adjust_for_split,
    exercise,
    expense_schedule,
    fair_value,
    plot_expense,
    plot_payoff,
    plot_timeline,
    terminate,
    vesting_table,
)
from auxer_option._choices import one_of
from auxer_option._terms import NOT_A_DATE
from auxer_option.exceptions import (
    AmountTypeError,
    DateTypeError,
    InsufficientSharesError,
    InvalidAmountError,
    InvalidChoiceError,
    OptionTypeError,
)
from auxer_option.plot import BOTH_INPUTS, NOT_METHODS, NOT_PRICES
from tests.grants import FOUR_YEARS
from tests.messages import message, refused

PNG = b"\x89PNG\r\n\x1a\n"


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    data = buffer.getvalue()
    assert data.startswith(PNG)
    assert len(data) > 10_000  # a drawn figure, not an empty canvas
    return data


def line(figure: Figure, index: int) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The x and y of a drawn line, as floats."""
    x, y = figure.axes[0].get_lines()[index].get_data()
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def corner(figure: Figure) -> tuple[str, str]:
    """Which corner of the (drawn) axes the legend is nearest: ("left", "top"), ..."""
    axes = figure.axes[0]
    legend = axes.get_legend()
    assert legend is not None
    box, frame = legend.get_window_extent(), axes.get_window_extent()
    across = "left" if box.x0 - frame.x0 < frame.x1 - box.x1 else "right"
    up = "bottom" if box.y0 - frame.y0 < frame.y1 - box.y1 else "top"
    return across, up


def xs(drawn: Line2D) -> list[float]:
    return np.asarray(drawn.get_xdata(), dtype=float).tolist()  # type: ignore[no-any-return]


def ys(drawn: Line2D) -> list[float]:
    return np.asarray(drawn.get_ydata(), dtype=float).tolist()  # type: ignore[no-any-return]


def labels(figure: Figure) -> list[str]:
    return [str(line.get_label()) for line in figure.axes[0].get_lines()]


class TestPayoff:
    def test_intrinsic_value(self) -> None:
        figure = plot_payoff(AUXER_1999)
        png(figure)
        assert labels(figure) == [
            "Exercising now",
            "Exercise price 0.13",
            "Break-even 0.13",
        ]
        prices, values = line(figure, 0)
        assert (prices[0], prices[-1]) == (0.0, 0.39)
        assert values[-1] == pytest.approx(260_000)
        assert figure.axes[0].get_title() == (
            "Exercising 1,000,000 shares at 0.13 a share, for USD 130,000.00"
        )

    def test_with_black_scholes(self) -> None:
        figure = plot_payoff(
            AUXER_1999, on="1999-07-01", volatility="1.00", risk_free_rate="0.05", shares=1_000
        )
        png(figure)
        assert labels(figure)[1] == "Black-Scholes value on 1999-07-01"
        assert labels(figure)[3] == "Break-even 0.156"  # 0.156427298041783, to 3 digits
        _, values = line(figure, 1)
        assert values[40] == pytest.approx(26.427298041783)

    def test_model_assumptions_as_floats(self) -> None:
        """A volatility and a rate are estimates: floats draw what their shortest text draws."""
        floats = plot_payoff(
            AUXER_1999, on="1999-07-01", shares=1_000, volatility=1.0, risk_free_rate=0.05
        )
        text = plot_payoff(
            AUXER_1999, on="1999-07-01", shares=1_000, volatility="1.0", risk_free_rate="0.05"
        )
        assert labels(floats) == labels(text)
        assert [list(axis) for axis in line(floats, 1)] == [list(axis) for axis in line(text, 1)]

    def test_given_prices_and_a_free_grant(self) -> None:
        free = OptionGrant("2024-01-01", 10, "0", term="1 year")
        figure = plot_payoff(free, market_prices=["0", "1", 2])
        assert list(line(figure, 0)[1]) == [0.0, 10.0, 20.0]
        assert line(plot_payoff(free), 0)[0][-1] == 1.0

    def test_every_mark(self) -> None:
        """Each curve is computed exactly for the shares, day and yield asked; the exercise
        price and the break-even are marked in their own styles."""
        prices = ["0", "2.1575", "3", "4.5"]
        model = {"volatility": "0.4", "risk_free_rate": "0.05", "dividend_yield": "0.02"}
        figure = plot_payoff(FOUR_YEARS, market_prices=prices, on="2025-01-01", shares=1, **model)
        intrinsic, black_scholes, strike, break_even = figure.axes[0].get_lines()
        assert ys(intrinsic) == [0.0, 0.0075, 0.85, 2.35]  # not cents: exact
        assert ys(black_scholes) == [
            float(fair_value(FOUR_YEARS, on="2025-01-01", spot=price, **model).value)
            for price in prices
        ]
        at_the_money = fair_value(FOUR_YEARS, on="2025-01-01", spot="2.15", **model).value
        assert (xs(strike)[0], strike.get_linestyle(), strike.get_color()) == (
            2.15,
            "--",
            "grey",
        )
        assert (break_even.get_linestyle(), break_even.get_color()) == (":", "black")
        assert xs(break_even)[0] == float(Fraction("2.15") + Fraction(at_the_money))

    def test_the_grant_as_it_stood_on_the_day(self) -> None:
        """Valued on a day before a split, every line is of the grant as it stood then: its
        shares and price, not the split's; without a day, of the grant after its records."""
        split = adjust_for_split(FOUR_YEARS, "2:1", on="2025-06-02")
        model: dict[str, Any] = {"volatility": "0.4", "risk_free_rate": "0.05"}
        before = plot_payoff(split, market_prices=["3"], on="2025-01-01", **model).axes[0]
        expected = plot_payoff(FOUR_YEARS, market_prices=["3"], on="2025-01-01", **model).axes[0]
        for drawn, wanted in zip(before.get_lines(), expected.get_lines(), strict=True):
            assert (xs(drawn), ys(drawn)) == (xs(wanted), ys(wanted))
        assert before.get_title() == expected.get_title()
        now = plot_payoff(split, market_prices=["3"], shares=1, **model).axes[0]
        assert now.get_lines()[1].get_label() == "Black-Scholes value on 2025-06-02"
        assert xs(now.get_lines()[2])[0] == 1.075  # the price in force after the split

    def test_a_record_after_the_window(self) -> None:
        """A split after the window has closed: by default valued on the window's last day,
        at its end, as the grant stood then."""
        left = terminate(FOUR_YEARS, "2025-06-15", "VOLUNTARY_OTHER")
        split = adjust_for_split(left, "2:1", on="2026-06-01")
        model: dict[str, Any] = {"volatility": "0.4", "risk_free_rate": "0.05"}
        axes = plot_payoff(split, market_prices=["3"], shares=1, **model).axes[0]
        last = left.last_exercise_date
        assert axes.get_lines()[1].get_label() == f"Black-Scholes value on {last}"
        assert xs(axes.get_lines()[2])[0] == 2.15  # the price before the split

    def test_words_on_the_figure(self) -> None:
        """Axis labels and title; the model is valued on the first exercise date unless another
        day is given."""
        model = {"volatility": "0.4", "risk_free_rate": "0.05"}
        axes = plot_payoff(FOUR_YEARS, market_prices=["0", "3"], shares=1, **model).axes[0]
        assert axes.get_xlabel() == "Market price a share (USD)"
        assert axes.get_ylabel() == "Value of 1 share (USD)"
        assert axes.get_title() == "Exercising 1 share at 2.15 a share, for USD 2.15"
        assert axes.get_lines()[1].get_label() == "Black-Scholes value on 2024-01-31"
        assert xs(axes.get_lines()[1]) == [0.0, 3.0]
        two = plot_payoff(FOUR_YEARS, shares=2).axes[0]
        assert two.get_ylabel() == "Value of 2 shares (USD)"

    @pytest.mark.parametrize(
        ("price", "volatility", "strike", "break_even"),
        [
            ("2.15", "0.4", "2.15", "2.97"),  # 2.15 + 0.82073...: to the cent
            ("0.0867", "0.4", "0.0867", "0.120"),  # 0.0867 + 0.03309...: 3 digits
            ("1234.5", None, "1234.50", "1234.50"),
            ("0.0000004", None, "0.0000004", "0.0000004"),  # was 0.000000: never zero
            ("0.000000123456", None, "0.000000123", "0.000000123"),
        ],
    )
    def test_prices_in_labels_are_rounded(
        self, price: str, volatility: str | None, strike: str, break_even: str
    ) -> None:
        """Labels and title give prices to the cent, or to three significant digits below a
        dime however small (a price that is not zero never shows as zero), never the exact
        figure's fifteen: the figure's lines stay exact."""
        grant = OptionGrant("2024-01-31", 1, price, term="4 years")
        model = (None, None) if volatility is None else (volatility, "0.05")
        figure = plot_payoff(
            grant, market_prices=["0", "3"], volatility=model[0], risk_free_rate=model[1]
        )
        if volatility is None:  # the break-even is the exercise price
            assert labels(figure)[1:] == [f"Exercise price {strike}", f"Break-even {break_even}"]
        else:
            assert labels(figure)[2:] == [f"Exercise price {strike}", f"Break-even {break_even}"]
        assert f"at {strike} a share" in figure.axes[0].get_title()

    def test_legend_upper_left(self) -> None:
        """The legend sits in the upper left corner, over the worthless side of the strike."""
        figure = plot_payoff(AUXER_1999, volatility="0.5", risk_free_rate="0.05")
        png(figure)
        assert corner(figure) == ("left", "top")

    def test_model_day_must_be_a_date(self) -> None:
        with pytest.raises(DateTypeError) as caught:
            plot_payoff(AUXER_1999, volatility="0.5", risk_free_rate="0.05", on=5)  # type: ignore[arg-type]
        refused(caught, field="on", value=5, rule=NOT_A_DATE)

    def test_prices_not_a_sequence(self) -> None:
        expected = "market_prices='0.5': must be a sequence of prices"
        assert message(lambda: plot_payoff(AUXER_1999, market_prices="0.5"), NOT_PRICES) == expected

    def test_one_model_input_alone(self) -> None:
        expected = (
            "risk_free_rate=None: a Black-Scholes curve needs both volatility and risk_free_rate"
        )
        assert message(lambda: plot_payoff(AUXER_1999, volatility="1"), BOTH_INPUTS) == expected
        with pytest.raises(OptionTypeError) as caught:
            plot_payoff(AUXER_1999, risk_free_rate="0.05")
        refused(caught, field="volatility", value=None, rule=BOTH_INPUTS)

    @pytest.mark.parametrize(
        ("options", "error", "field"),
        [
            ({"market_prices": [0.5]}, AmountTypeError, "market_prices[0]"),
            ({"market_prices": "0.5"}, OptionTypeError, "market_prices"),
            ({"market_prices": ["-1"]}, InvalidAmountError, "market_prices[0]"),
            ({"shares": 2_000_000}, InsufficientSharesError, "shares"),
            ({"volatility": "1"}, OptionTypeError, "risk_free_rate"),
            ({"risk_free_rate": "0.05"}, OptionTypeError, "volatility"),
        ],
    )
    def test_bad_input(self, options: dict[str, Any], error: type[Exception], field: str) -> None:
        with pytest.raises(error) as caught:
            plot_payoff(AUXER_1999, **options)
        assert caught.value.field == field  # type: ignore[attr-defined]


class TestTimeline:
    def test_auxer(self) -> None:
        grant, _ = exercise(AUXER_1999, 250_000, "1999-08-02")
        figure = plot_timeline(grant)
        png(figure)
        axes = figure.axes[0]
        assert axes.get_title() == "The Auxer Group, Inc. to PMR and Associates, LLC"
        assert [text.get_text() for text in axes.texts] == ["250,000 exercised"]
        legend = [text.get_text() for text in axes.get_legend().get_texts()]  # type: ignore[union-attr]
        assert legend == [
            "Exercise window, 1999-07-01 to 1999-10-01",
            "Vested (as granted)",
            "Grant 1999-07-01",
            "Expiration 1999-10-01",
        ]

    def test_vesting_and_termination(self) -> None:
        grant, _ = exercise(FOUR_YEARS, 12_000, "2025-02-03")
        grant = accelerate(grant, "2025-03-03", 1_000)
        grant = terminate(grant, "2025-06-15", "VOLUNTARY_OTHER")
        figure = plot_timeline(grant)
        png(figure)
        axes = figure.axes[0]
        assert axes.get_title() == "Option grant"
        legend = [text.get_text() for text in axes.get_legend().get_texts()]  # type: ignore[union-attr]
        assert "Termination 2025-06-15" in legend
        assert line(figure, 0)[1][-1] == 17_000
        assert axes.get_ylabel() == "Shares"
        assert corner(figure) == ("right", "bottom")

    def test_every_mark(self) -> None:
        """What is drawn, where and how: the shaded window, the vesting steps, each exercise
        at its running total, and the lines for the grant, expiry and termination."""
        grant, _ = exercise(FOUR_YEARS, 12_000, "2025-02-03")
        grant, _ = exercise(grant, 1_000, "2025-03-03")
        grant = terminate(grant, "2025-06-15", "VOLUNTARY_OTHER")
        axes = plot_timeline(grant).axes[0]

        window = axes.patches[0]
        assert isinstance(window, Rectangle)
        assert window.get_x() == at("2024-01-31")
        assert window.get_x() + window.get_width() == at("2025-09-16")  # the day after the last
        assert window.get_alpha() == 0.15

        steps, *marks, granted, expires, terminated = axes.get_lines()
        assert steps.get_drawstyle() == "steps-post"
        vesting = vesting_table(grant)
        assert xs(steps) == [at("2024-01-31"), *(at(r.date) for r in vesting)]
        assert ys(steps) == [0, *(r.cumulative for r in vesting)]
        assert [(xs(m)[0], ys(m)[0]) for m in marks] == [
            (at("2025-02-03"), 12_000),
            (at("2025-03-03"), 13_000),
        ]
        for mark in marks:
            assert (mark.get_marker(), mark.get_linestyle(), mark.get_color()) == (
                "o",
                "None",
                "black",
            )
        notes = [text for text in axes.texts if isinstance(text, Annotation)]
        assert [(note.xy, note.xyann, note.get_anncoords()) for note in notes] == [
            ((at("2025-02-03"), 12_000), (4, 4), "offset points"),
            ((at("2025-03-03"), 13_000), (4, 4), "offset points"),
        ]
        assert [(xs(line)[0], line.get_color()) for line in (granted, expires)] == [
            (at("2024-01-31"), "green"),
            (at("2034-01-31"), "red"),
        ]
        assert (xs(terminated)[0], terminated.get_color()) == (at("2025-06-15"), "orange")

    def test_immediate_vesting_is_one_step(self) -> None:
        """A grant vested at once is a single step: every share, from the grant date."""
        steps = plot_timeline(AUXER_1999).axes[0].get_lines()[0]
        assert xs(steps) == [at("1999-07-01")]
        assert ys(steps) == [1_000_000]


#: 10,000 options, 2,500 vesting on each of four anniversaries of 1 January 2025.
ANNUAL = OptionGrant(
    "2025-01-01",
    10_000,
    "5",
    term="10 years",
    vesting=VestingSchedule.graded("2025-01-01", months=48, every=12),
)


class TestExpense:
    def test_one_line_a_method(self) -> None:
        """Each method's cumulative expense at each quarter's end, from zero."""
        figure = plot_expense(ANNUAL, fair_value="1.00", period="quarter")
        assert labels(figure) == [
            "Straight line",
            "Sequential",
            "Accelerated (FIN 28)",
            "Vested fair value",
        ]
        for index, method in enumerate(ExpenseMethod):
            table = expense_schedule(ANNUAL, fair_value="1.00", method=method, period="quarter")
            x, y = line(figure, index)
            assert x.tolist() == [at("2025-01-01"), *(at(row.period_end) for row in table)]
            assert y.tolist() == [0.0, *(float(row.cumulative) for row in table)]

    def test_vested_value_below(self) -> None:
        """The vested fair value is under every line, and reaches the same total."""
        figure = plot_expense(ANNUAL, fair_value="1.00", methods=["accelerated"])
        _, cumulative = line(figure, 0)
        _, vested = line(figure, 1)
        assert (vested <= cumulative).all()
        assert vested[-1] == cumulative[-1] == 10_000.0

    def test_no_method(self) -> None:
        """Without methods, only the vested fair value is drawn."""
        figure = plot_expense(ANNUAL, fair_value="1.00", methods=())
        assert labels(figure) == ["Vested fair value"]
        png(figure)

    def test_words_on_the_figure(self) -> None:
        """The title and the axis say what is drawn."""
        axes = plot_expense(ANNUAL, fair_value="1.00").axes[0]
        assert axes.get_title() == "Expense of 10,000 options, by method"
        assert axes.get_ylabel() == "Cumulative expense (USD)"
        assert corner(axes.figure) == ("right", "bottom")  # type: ignore[arg-type]

    def test_methods_not_a_sequence(self) -> None:
        """One method must still be given as a sequence."""
        expected = (
            "methods='accelerated': must be a sequence of expense methods, such as "
            "['straight_line']"
        )
        call = lambda: plot_expense(ANNUAL, fair_value=1, methods="accelerated")  # noqa: E731
        assert message(call, NOT_METHODS) == expected

    def test_unknown_method(self) -> None:
        """Each method is named, by its place in the sequence."""
        with pytest.raises(InvalidChoiceError) as caught:
            plot_expense(ANNUAL, fair_value=1, methods=["accelerated", "fifo"])
        refused(caught, field="methods[1]", value="fifo", rule=one_of(ExpenseMethod))


def at(day: str | dt.date) -> float:
    """Where matplotlib puts ``day`` on a date axis."""
    as_date = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return float(date2num(as_date))  # type: ignore[no-untyped-call]


def test_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the plot extra, a plot says what to install."""
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError) as caught:
        plot_payoff(AUXER_1999)
    assert str(caught.value) == 'plots need matplotlib: pip install "auxer-option[plot]"'


def test_figure_size_and_layout() -> None:
    """Every figure is 8 by 4.5 inches, laid out so that labels never overlap."""
    for figure in (
        plot_payoff(AUXER_1999),
        plot_timeline(AUXER_1999),
        plot_expense(AUXER_1999, fair_value="0.02"),
    ):
        assert tuple(figure.get_size_inches()) == (8.0, 4.5)
        assert isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine)
