"""networkx's own unit tests for girvan_newman and edge betweenness, run against ours.

The test classes are imported from the installed networkx and run with
``nx.community.girvan_newman`` and ``nx.edge_betweenness_centrality`` replaced by
`portfolio.community`'s functions. Left out: networkx's test of sampled sources (``k=``), an
option `edge_betweenness` does not offer, and its weighted-betweenness class (weights are
rejected with a ValueError, tested in test_community.py).
"""

from __future__ import annotations

import inspect
from collections.abc import Hashable
from typing import Any

import networkx as nx
import pytest
from networkx.algorithms.centrality.tests import test_betweenness_centrality as nx_betweenness
from networkx.algorithms.community.tests import test_centrality as nx_centrality

from portfolio.community import edge_betweenness, girvan_newman

NOT_OFFERED = {"test_edge_betweenness_k"}


def ours_edge_betweenness(
    G: nx.Graph[Any], k: None = None, normalized: bool = True, weight: str | None = None
) -> dict[tuple[Hashable, Hashable], float]:
    """networkx's signature, answered by `edge_betweenness` (``k`` must be None)."""
    assert k is None
    return edge_betweenness(G, normalized=normalized, weight=weight)


def methods(cls: type) -> list[str]:
    return [
        name for name, _ in inspect.getmembers(cls, inspect.isfunction) if name.startswith("test")
    ]


@pytest.mark.parametrize("name", methods(nx_centrality.TestGirvanNewman))
def test_networkx_girvan_newman_suite(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Each test of networkx's TestGirvanNewman passes with our girvan_newman."""
    monkeypatch.setattr(nx.community, "girvan_newman", girvan_newman)
    getattr(nx_centrality.TestGirvanNewman(), name)()


@pytest.mark.parametrize(
    "name",
    [n for n in methods(nx_betweenness.TestEdgeBetweennessCentrality) if n not in NOT_OFFERED],
)
def test_networkx_edge_betweenness_suite(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Each test of networkx's TestEdgeBetweennessCentrality passes with our edge_betweenness."""
    monkeypatch.setattr(nx, "edge_betweenness_centrality", ours_edge_betweenness)
    getattr(nx_betweenness.TestEdgeBetweennessCentrality(), name)()


def test_suites_are_not_empty() -> None:
    """The imported classes still hold the tests this module runs."""
    assert len(methods(nx_centrality.TestGirvanNewman)) >= 5
    assert len(methods(nx_betweenness.TestEdgeBetweennessCentrality)) - len(NOT_OFFERED) >= 5
