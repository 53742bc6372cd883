"""Partial ISO dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) as the résumé writes them.

Formatting only: the site never computes a length of time (a role's duration is not stated in
the source, and an open end would go stale the day after a build).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["MONTHS", "format_date", "format_range", "parse_date"]

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
