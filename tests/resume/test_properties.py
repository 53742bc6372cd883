"""Properties: the loader and validator never crash, and their errors point inside the file."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.resume import Resume, ResumeValidationError
from portfolio.resume.dates import format_date, parse_date
from portfolio.resume.loader import LINE_BREAK
from portfolio.resume.markup import parse_inline, plain_text
from tests.helpers import DOCS

TEXT = (DOCS / "resume.yaml").read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)


def _check(data: bytes) -> None:
    """Either valid data, or errors whose every position lies inside the text."""
    errors = []
    try:
        Resume.parse(data, "r.yaml")
    except ResumeValidationError as exc:
        errors = exc.errors
        assert errors
    # Lines as YAML and editors count them: a lone CR, NEL, LS and PS break lines too.
    count = len(LINE_BREAK.findall(data.decode("utf-8", errors="replace"))) + 1
    for error in errors:
        assert 1 <= error.position.line <= count, error
        assert 1 <= error.position.column, error
        assert str(error).startswith(f"r.yaml:{error.position.line}:"), error


class TestNeverCrashes:
    """Corrupted data gives located errors, never an exception from inside the code."""

    @settings(max_examples=40)  # each example validates the whole file
    @given(st.integers(0, len(LINES) - 1))
    def test_drop_a_line(self, index: int) -> None:
        """Dropping any one line of the real file never crashes the validator."""
        _check("".join(LINES[:index] + LINES[index + 1 :]).encode())

    @settings(max_examples=60)
    @given(st.integers(0, len(TEXT) - 1), st.sampled_from(list(":-[]{}#&*!|>'\"% \t\n0x")))
    def test_replace_a_character(self, index: int, char: str) -> None:
        """Replacing any one character with YAML syntax never crashes the validator."""
        _check((TEXT[:index] + char + TEXT[index + 1 :]).encode())

    @given(st.binary(max_size=200))
    def test_arbitrary_bytes(self, data: bytes) -> None:
        """Arbitrary bytes are reported, not raised."""
        _check(data)


class TestDates:
    """Tests for partial dates."""

    @given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)))
    def test_real_dates_parse(self, day: dt.date) -> None:
        """Every real calendar date parses at all three precisions."""
        iso = day.isoformat()
        assert (day.year, day.month, day.day) == parse_date(iso)
        assert (day.year, day.month) == parse_date(iso[:7])
        assert (day.year,) == parse_date(iso[:4])

    def test_impossible_dates_rejected(self) -> None:
        """Month 13, February 30 and two-digit years are not dates."""
        assert [None, None, None, None] == [
            parse_date(t) for t in ("2021-13", "2021-02-30", "21-06", "2021-6")
        ]

    def test_source_month_names(self) -> None:
        """Months print the way the source writes them."""
        expected = ["Sept 2017", "June 2021", "July 2021", "Dec 2019", "Present"]
        actual = [format_date(t) for t in ("2017-09", "2021-06", "2021-07", "2019-12", None)]
        assert expected == actual


class TestMarkup:
    """Tests for the Markdown subset."""

    @given(st.text(alphabet=st.characters(blacklist_characters="*[]()\\"), max_size=50))
    def test_plain_text_is_identity_without_markup(self, text: str) -> None:
        """Text without markup characters comes back unchanged."""
        assert text == plain_text(text)

    def test_lost_link_has_no_url(self) -> None:
        """A ``(#)`` link keeps its text and loses its address; a real one keeps it."""
        spans = parse_inline("[a](#) [b](https://example.org)")
        assert [None, None, "https://example.org"] == [s.url for s in spans]
