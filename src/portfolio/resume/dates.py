"""Partial ISO dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) as the résumé writes them."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["MONTHS", "duration", "format_date", "format_range", "parse_date"]

#: Month names as the source résumé writes them ("Sept 2017", "June 2021").
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(text: str) -> tuple[int, ...] | None:
    """Parse a partial date into a tuple; ``None`` if it is not a real calendar date.

    Examples
    --------
    >>> parse_date("2021-06")
    (2021, 6)
    >>> parse_date("2021-13") is None
    True
    >>> parse_date("2021-02-30") is None
    True
    """
    match = _DATE.fullmatch(text)
    if not match:
        return None
    parts = tuple(int(g) for g in match.groups() if g is not None)
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return parts


def format_date(text: str | None) -> str:
    """Format a partial date the source's way; an open end is ``Present``.

    Examples
    --------
    >>> format_date("2017-09"), format_date(None), format_date("2020")
    ('Sept 2017', 'Present', '2020')
    """
    if text is None:
        return "Present"
    parts = parse_date(text)
    if parts is None:
        return text
    if len(parts) == 1:
        return str(parts[0])
    return f"{MONTHS[parts[1] - 1]} {parts[0]}"


def format_range(start: str | None, end: str | None) -> str:
    """Format a date range with an en dash.

    Examples
    --------
    >>> format_range("2021-10", None)
    'Oct 2021 – Present'
    """
    return f"{format_date(start)} – {format_date(end)}"


def duration(start: str, end: str | None, today: dt.date | None = None) -> str:
    """Length of a role in whole months, both ends counted (``July 2021 - Oct 2021`` is 4 mos).

    Examples
    --------
    >>> duration("2021-07", "2021-10")
    '4 mos'
    >>> duration("2017-09", "2021-06")
    '3 yrs 10 mos'
    >>> duration("2021-10", None, today=dt.date(2022, 9, 1))
    '1 yr'
    """
    s = parse_date(start)
    if s is None:
        return ""
    if end is None:
        now = today or dt.date.today()
        e: tuple[int, ...] = (now.year, now.month)
    else:
        parsed = parse_date(end)
        if parsed is None:
            return ""
        e = parsed
    months = (e[0] - s[0]) * 12 + ((e[1] if len(e) > 1 else 12) - (s[1] if len(s) > 1 else 1)) + 1
    years, rest = divmod(max(months, 1), 12)
    out = []
    if years:
        out.append(f"{years} yr" + ("s" if years > 1 else ""))
    if rest:
        out.append(f"{rest} mo" + ("s" if rest > 1 else ""))
    return " ".join(out)
