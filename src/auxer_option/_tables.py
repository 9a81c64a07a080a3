"""Tables for people: plain text for ``str()`` and the terminal, HTML for notebooks."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["Row", "Shown", "html_table", "text_columns", "text_table"]

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

    The rows come from ``_display``, imported on first use: it needs the operations, which
    need the records.
    """

    __slots__ = ()

    def __str__(self) -> str:
        from auxer_option._display import summary  # noqa: PLC0415

        return text_table(*summary(self))  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        """The summary as an HTML table, for notebooks."""
        from auxer_option._display import summary  # noqa: PLC0415

        return html_table(*summary(self))  # type: ignore[arg-type]
