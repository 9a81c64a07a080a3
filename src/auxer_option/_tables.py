"""Tables for people: plain text for ``str()`` and the terminal, HTML for notebooks.

Text that a terminal would act on rather than show is shown escaped (:func:`shown`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from auxer_option._text import pattern

__all__ = [
    "Row",
    "Shown",
    "escaped",
    "html_table",
    "one_line",
    "shown",
    "text_columns",
    "text_table",
]

# What a terminal acts on instead of showing: C0 and C1 controls (escape sequences, carriage
# returns), line and paragraph separators, the bidi marks, embeddings, overrides and isolates
# that reorder the text after them (U+202A-U+202E, U+2066-U+2069), and lone surrogates, which
# no encoder can write at all.
_ACTIVE = r"\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_ACTIVE_CHARACTERS = pattern(f"[{_ACTIVE}]")
# In a report the backslash is escaped too, so that every escape reads back unambiguously.
_ESCAPED_IN_REPORTS = pattern(rf"[\\{_ACTIVE}]")


def _escape(match: re.Match[str]) -> str:
    # Python's own escapes (\n, \x1b, \u202e, \ud800, \\), which any Python reads back.
    return match.group().encode("unicode_escape").decode("ascii")


def shown(text: str) -> str:
    r"""``text`` as a report shows it: what a terminal would act on escaped, as Python writes it.

    Control characters, line separators, bidi controls and lone surrogates become ``\x..``
    or ``\u....``, and a backslash ``\\``, so that the text reads back exactly.

    >>> print(shown("Acme\u202e Corp.\\n"))
    Acme\u202e Corp.\\n
    """
    return _ESCAPED_IN_REPORTS().sub(_escape, text)


def one_line(text: str) -> str:
    r"""``text`` safe to write as one line: what a terminal would act on escaped.

    Backslashes are kept as they are (an error message quotes values by their ``repr``).

    >>> print(one_line("line one\nline two"))
    line one\nline two
    """
    return _ACTIVE_CHARACTERS().sub(_escape, text)


def escaped(title: str, rows: Sequence[Row]) -> tuple[str, list[Row]]:
    """``title`` and ``rows`` with every label and value :func:`shown` as a report shows it."""
    return shown(title), [(shown(label), shown(value)) for label, value in rows]


#: A label and its value, both as text.
Row = tuple[str, str]


def text_table(title: str, rows: Sequence[Row]) -> str:
    """``title``, then each row as an indented label and value."""
    width = max((len(label) for label, _ in rows), default=0) + 2
    return "\n".join([title, *(f"  {label:<{width}}{value}" for label, value in rows)])


def html_table(title: str, rows: Sequence[Sequence[str]], header: Sequence[str] = ()) -> str:
    """A compact HTML table: ``title`` as its caption, a header row if given, then ``rows``.

    Every cell is escaped. Without a header, each row's first cell is its label.
    """
    import html  # noqa: PLC0415  (only notebooks ask for HTML: not paid for on import)

    escape = html.escape
    lines = [f'<table class="auxer-option"><caption>{escape(title)}</caption>']
    if header:
        cells = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in header)
        lines.append(f"<thead><tr>{cells}</tr></thead>")
    lines.append("<tbody>")
    for row in rows:
        if header:
            cells = "".join(f"<td>{escape(cell)}</td>" for cell in row)
        else:
            label, *values = row
            cells = f'<th scope="row">{escape(label)}</th>' + "".join(
                f"<td>{escape(value)}</td>" for value in values
            )
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def text_columns(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """``title``, then ``header`` and ``rows`` in columns: the first left, the rest right."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [title]
    for row in (header, *rows):
        first, *rest = row
        cells = [first.ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)
        ]
        lines.append("  " + "  ".join(cells))
    return "\n".join(lines)


class Shown:
    """Shows a grant or record to people: ``str()`` a summary, ``_repr_html_`` a table.

    Each class says what it shows, from its own fields alone (``_summary``): a title and
    rows, the same in both forms. Nothing shown depends on the day it is shown.
    """

    __slots__ = ()

    # Each subclass's own: its title and rows.
    _summary: Callable[[], tuple[str, list[Row]]]

    def __str__(self) -> str:
        return text_table(*escaped(*self._summary()))

    def _repr_html_(self) -> str:
        """The summary as an HTML table, for notebooks."""
        return html_table(*escaped(*self._summary()))
