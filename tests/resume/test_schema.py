"""The project's JSON Schema extension: it drives validation and the data reference alike."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml

from portfolio.resume import Resume, ResumeValidationError
from portfolio.resume.validate import (
    extension_fields,
    portfolio_schema,
    required_fields,
    schema_at,
)
from tests.helpers import DOCS

DATA = yaml.safe_load((DOCS / "resume.yaml").read_text(encoding="utf-8"))


def x_keys(value: Any, where: str = "", inside: bool = False) -> set[tuple[str, str]]:
    """Every (location, key) of an ``x-`` property in ``value``, or of a key nested in one."""
    found: set[tuple[str, str]] = set()
    if isinstance(value, dict):
        for key, sub in value.items():
            extra = inside or key.startswith("x-")
            if extra:
                found.add((where, key))
            found |= x_keys(sub, f"{where}.{key}" if where else key, extra)
    elif isinstance(value, list):
        for sub in value:
            found |= x_keys(sub, f"{where}[]", inside)
    return found


class TestSchema:
    """Tests for ``portfolio.schema.json`` itself."""

    def test_is_a_valid_draft7_schema(self) -> None:
        """The extension is a well-formed JSON Schema (draft-07)."""
        jsonschema.Draft7Validator.check_schema(portfolio_schema())

    def test_every_extra_in_the_data_is_documented(self) -> None:
        """Each ``x-`` property the real data uses has a row in the generated reference table."""
        documented = {(where, prop) for where, prop, _, _ in extension_fields()}
        assert set() == x_keys(DATA) - documented

    def test_every_row_has_a_type_and_meaning(self) -> None:
        """No row of the table is blank."""
        assert [] == [row for row in extension_fields() if not all(row)]

    def test_required_fields_are_enforced(self) -> None:
        """Removing any required JSON Resume field the extension names is an error naming it."""
        for path in required_fields():
            parts = path.replace("[]", ".0").split(".")
            data = yaml.safe_load((DOCS / "resume.yaml").read_text(encoding="utf-8"))
            parent = data
            for part in parts[:-1]:
                parent = parent[int(part)] if part.isdigit() else parent[part]
            del parent[parts[-1]]
            with pytest.raises(ResumeValidationError) as info:
                Resume.parse(yaml.safe_dump(data, allow_unicode=True).encode(), "r.yaml")
            fields = {e.field: e.message for e in info.value.errors}
            dotted = path.replace("[]", "[0]")
            assert "missing required field" == fields.get(dotted), (path, fields)

    def test_schema_at_follows_refs(self) -> None:
        """The slug definition is reached through ``$ref`` (one source for the slug pattern)."""
        node = schema_at(portfolio_schema(), ("work", "*"))
        assert node is not None
        assert "slug" == node["properties"]["x-slug"]["$ref"].rsplit("/", 1)[1]

    def test_new_property_needs_no_python(self) -> None:
        """A property added to the schema is validated and documented with no code change."""
        schema = portfolio_schema()
        projects = schema["properties"]["projects"]["items"]["properties"]
        changed = {**schema}
        changed["properties"] = {**schema["properties"]}
        changed["properties"]["projects"] = {
            "type": "array",
            "items": {
                **schema["properties"]["projects"]["items"],
                "properties": {
                    **projects,
                    "x-year": {"type": "integer", "x-type": "year", "description": "when"},
                },
            },
        }
        assert ("projects[]", "x-year", "year", "when") in extension_fields(changed)
        bad = {**DATA, "projects": [{**DATA["projects"][0], "x-year": "soon"}]}
        errors = jsonschema.Draft7Validator(changed).iter_errors(bad)
        assert [["projects", 0, "x-year"]] == [list(e.absolute_path) for e in errors]
