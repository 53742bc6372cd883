"""The extension's package: every part registered, one honest metadata dict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import portfolio
import portfolio.sphinxext as ext
from portfolio.sphinxext import DIRECTIVES, ENV_VERSION, setup


class Recorder:
    """Stands in for the Sphinx application: records what the extension registers."""

    def __init__(self) -> None:
        self.config: list[str] = []
        self.directives: dict[str, type] = {}
        self.events: list[str] = []
        self.domains: list[str] = []
        self.nodes: list[str] = []
        self.math: list[str] = []

    def add_config_value(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.config.append(name)

    def add_directive(self, name: str, cls: type) -> None:
        self.directives[name] = cls

    def connect(self, event: str, handler: Callable[..., Any]) -> None:
        self.events.append(event)

    def add_domain(self, domain: type) -> None:
        self.domains.append(domain.name)  # type: ignore[attr-defined]

    def add_node(self, node: type, **kwargs: Any) -> None:
        self.nodes.append(node.__name__)

    def add_html_math_renderer(self, name: str, *args: Any) -> None:
        self.math.append(name)


def test_setup_registers_every_part() -> None:
    """Config values, domain, node, every directive, the hooks and the math renderer."""
    app = Recorder()
    meta = setup(app)  # type: ignore[arg-type]
    assert {
        "version": portfolio.__version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    } == meta
    assert ["resume_data", "resume_public_contact", "resume_paper"] == app.config
    assert DIRECTIVES == app.directives
    assert ["resume"] == app.domains
    assert ["resume_link"] == app.nodes
    assert ["mathml"] == app.math
    assert {
        "config-inited",
        "builder-inited",
        "doctree-resolved",
        "html-page-context",
        "build-finished",
    } == set(app.events)


def test_directives_cover_every_resume_directive() -> None:
    """DIRECTIVES names every resume-* directive, the two schema tables included."""
    assert all(name.startswith("resume-") for name in DIRECTIVES)
    assert {"resume-schema-fields", "resume-schema-required", "resume-cards"} <= set(DIRECTIVES)


@pytest.mark.parametrize("flag", ["parallel_read_safe", "parallel_write_safe"])
def test_one_unsafe_part_makes_the_package_unsafe(
    monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    """The package claims parallel safety only if every part does (a missing flag is unsafe)."""

    def unsafe(app: Any) -> dict[str, Any]:
        other = "parallel_write_safe" if flag == "parallel_read_safe" else "parallel_read_safe"
        return {other: True}

    monkeypatch.setattr(ext, "_FEATURES", (*ext._FEATURES, unsafe))
    meta = setup(Recorder())  # type: ignore[arg-type]
    assert meta[flag] is False
    assert all(v is True for k, v in meta.items() if k.startswith("parallel") and k != flag)
