"""The data reference page renders the contract from the schema (it cannot drift)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from portfolio.resume.validate import extension_fields, required_fields
from tests.helpers import BuiltSite


def test_field_table_is_the_schema(site: BuiltSite) -> None:
    """Every row of the reference's field table is a row of the schema, in the same order."""
    page = BeautifulSoup(site.page("reference/resume-data.html"), "html.parser")
    table = page.select_one("table.resume-schema-fields")
    assert table is not None
    rows = [
        # The cell's own text, joined as written: a literal followed by ", required" keeps no
        # space before the comma.
        tuple(" ".join(td.get_text("").split()) for td in tr.select("td"))
        for tr in table.select("tbody tr")
    ]
    expected = [
        tuple(" ".join(cell.replace("`", "").split()) for cell in row) for row in extension_fields()
    ]
    assert expected == rows


def test_required_list_is_the_schema(site: BuiltSite) -> None:
    """The validation rules list exactly the required fields the schema names."""
    page = BeautifulSoup(site.page("reference/resume-data.html"), "html.parser")
    shown = [code.get_text() for code in page.select(".resume-schema-required code")]
    assert required_fields() == shown
