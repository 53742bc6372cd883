"""Tests for `portfolio.community`: same betweenness and dendrograms as networkx, faster."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from operator import itemgetter
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import portfolio.community.dendrogram as dendrogram
from portfolio.community import best_partition, edge_betweenness, girvan_newman
from portfolio.community.betweenness import (
    batch_sources,
    csr_graph,
    edge_betweenness_reference,
    integer_graph,
    single_source,
)
from portfolio.community.dendrogram import CompiledBetweenness, IncrementalBetweenness

NAMED_GRAPHS = {
    "karate": nx.karate_club_graph,
    "les_miserables": nx.les_miserables_graph,
    "florentine": nx.florentine_families_graph,
    "davis": nx.davis_southern_women_graph,
}


@st.composite
def graphs(draw: st.DrawFn, max_nodes: int = 14) -> nx.Graph[Any]:
    """Small random simple graphs, possibly disconnected, with shuffled insertion order."""
    n = draw(st.integers(min_value=0, max_value=max_nodes))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    G: nx.Graph[Any] = nx.Graph()
    G.add_nodes_from(draw(st.permutations(range(n))))
    G.add_edges_from(edges)
    return G


def levels_of(G: nx.Graph[Any]) -> list[tuple[set[Hashable], ...]]:
    """The compiled path's dendrogram, checked equal to the pure-Python reference path's.

    Equal including each set's iteration order, so every test that compares with networkx also
    holds the compiled kernels to the reference.
    """
    levels = list(girvan_newman(G))
    g = G.copy().to_undirected()
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    if g.number_of_edges():
        reference = list(dendrogram._levels_reference(g))
        assert [[list(c) for c in level] for level in reference] == [
            [list(c) for c in level] for level in levels
        ]
    return levels


def betweenness_of(G: nx.Graph[Any], *, normalized: bool = True) -> dict[Any, float]:
    """The compiled `edge_betweenness`, checked equal (keys, order, bits) to the Python one."""
    actual = edge_betweenness(G, normalized=normalized)
    reference = edge_betweenness_reference(G, normalized=normalized)
    assert list(reference.items()) == list(actual.items())
    return actual


Hook = Callable[["nx.Graph[Any]"], tuple[Hashable, ...]]


def heaviest(g: nx.Graph[Any]) -> tuple[Hashable, ...]:
    """networkx's documented example hook: the edge with the largest weight."""
    u, v, _ = max(g.edges(data="weight"), key=itemgetter(2))
    return (u, v)


def weighted_betweenness(g: nx.Graph[Any]) -> tuple[Hashable, ...]:
    """A hook ranking edges by weighted (Dijkstra) betweenness."""
    betweenness: dict[tuple[Hashable, Hashable], float]
    betweenness = nx.edge_betweenness_centrality(g, weight="weight")
    return max(betweenness, key=lambda e: betweenness[e])


def weighted_karate() -> nx.Graph[Any]:
    """The karate club, whose edges carry networkx's ``weight`` attribute."""
    G: nx.Graph[Any] = nx.karate_club_graph()
    assert all("weight" in d for _, _, d in G.edges(data=True))
    return G


class TestEdgeBetweenness:
    """Tests for `edge_betweenness`."""

    @pytest.mark.parametrize("name", sorted(NAMED_GRAPHS))
    @pytest.mark.parametrize("normalized", [True, False])
    def test_equals_networkx_on_shipped_graphs(self, name: str, normalized: bool) -> None:
        """Keys, key order and every float equal networkx's on the graphs networkx ships."""
        G = NAMED_GRAPHS[name]()
        expected = nx.edge_betweenness_centrality(G, normalized=normalized)
        actual = betweenness_of(G, normalized=normalized)
        assert list(expected.items()) == list(actual.items())

    @given(graphs())
    def test_equals_networkx_on_random_graphs(self, G: nx.Graph[Any]) -> None:
        """Random small graphs (disconnected, isolated nodes included) match bit for bit."""
        assert list(nx.edge_betweenness_centrality(G).items()) == list(betweenness_of(G).items())

    def test_self_loops_have_zero_betweenness(self) -> None:
        """A self-loop is reported, like networkx does, with betweenness 0."""
        G = nx.path_graph(3)
        G.add_edge(1, 1)
        assert nx.edge_betweenness_centrality(G) == betweenness_of(G)
        assert 0.0 == edge_betweenness(G)[1, 1]

    def test_empty_graph(self) -> None:
        """A graph without nodes has no edges to report."""
        assert {} == edge_betweenness(nx.Graph())

    def test_rejects_directed_graphs(self) -> None:
        """Directed graphs raise an error naming G."""
        with pytest.raises(nx.NetworkXNotImplemented, match=r"^G: .*undirected"):
            edge_betweenness(nx.DiGraph([(0, 1)]))

    def test_rejects_multigraphs(self) -> None:
        """Multigraphs raise an error naming G."""
        with pytest.raises(nx.NetworkXNotImplemented, match=r"^G: .*multigraphs"):
            edge_betweenness(nx.MultiGraph([(0, 1), (0, 1)]))

    def test_rejects_weights(self) -> None:
        """Asking for weighted betweenness raises an error naming weight."""
        with pytest.raises(ValueError, match=r"^weight: "):
            edge_betweenness(nx.path_graph(3), weight="weight")

    def test_ignores_weight_attributes(self) -> None:
        """Weight attributes on edges do not change the hop-count result, as in networkx."""
        G = nx.path_graph(4)
        nx.set_edge_attributes(G, {(0, 1): 5.0, (1, 2): 0.5, (2, 3): 2.0}, "weight")
        assert nx.edge_betweenness_centrality(G) == betweenness_of(G)

    def test_rejects_non_graphs(self) -> None:
        """Anything but a networkx graph raises a TypeError naming G."""
        with pytest.raises(TypeError, match=r"^G: "):
            edge_betweenness([(0, 1)])  # type: ignore[arg-type]


class TestBatchSources:
    """Tests for the vectorised `batch_sources` kernel."""

    @given(graphs(max_nodes=12), st.data())
    def test_same_bits_as_single_source(self, G: nx.Graph[Any], data: st.DataObject) -> None:
        """Distances and every contribution equal the one-source kernel's."""
        nodes, edges, adjacency = integer_graph(G)
        n, m = len(nodes), len(edges)
        if n == 0:
            return
        sources = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n))
        indptr = np.zeros(n + 1, dtype=np.intp)
        indptr[1:] = np.cumsum([len(a) for a in adjacency])
        neighbour = np.array([w for a in adjacency for w, _ in a], dtype=np.intp)
        edge = np.array([e for a in adjacency for _, e in a], dtype=np.intp)
        dist, rows, es, values = batch_sources(indptr, neighbour, edge, np.array(sources), n)
        contrib = np.zeros((len(sources), m))
        contrib[rows, es] = values
        for i, s in enumerate(sources):
            d, row, _ = single_source(adjacency, s, n, m)
            assert d == dist[i].tolist()
            assert row == contrib[i].tolist()


class TestCsrGraph:
    """Tests for `csr_graph`, the array form the compiled kernels read."""

    @given(graphs(), st.lists(st.integers(0, 13), max_size=3))
    def test_same_numbering_as_integer_graph(self, G: nx.Graph[Any], loops: list[int]) -> None:
        """Nodes, edges and every node's (neighbour, edge) arcs equal the Python adjacency's."""
        G.add_edges_from((v, v) for v in loops if v in G)
        nodes, edges, adjacency = integer_graph(G)
        nodes2, edges2, indptr, arcs = csr_graph(G)
        assert (nodes, edges) == (nodes2, edges2)
        assert list(G.edges()) == edges2
        flat = list(zip(arcs[0].tolist(), arcs[1].tolist(), strict=True))
        bounds = indptr.tolist()
        assert [flat[a:b] for a, b in itertools.pairwise(bounds)] == adjacency


class TestCompiledBetweenness:
    """The compiled state, stepped side by side with the pure-Python reference state."""

    @staticmethod
    def lockstep(G: nx.Graph[Any]) -> None:
        """Remove edge after edge from both states; everything must stay equal, bit for bit."""
        fast, slow = CompiledBetweenness(G), IncrementalBetweenness(G)
        fast._check()
        assert fast.level() == slow.level()
        while slow.edge_count:
            assert fast.edge_count == slow.edge_count
            e = slow.most_central_edge()
            assert e == fast.most_central_edge()
            assert slow.remove_edge(e) == fast.remove_edge(e)
            fast._check()
            assert fast._total.tolist() == slow._total.tolist()
            if slow._store:
                assert fast._dist.tolist() == slow._dist.tolist()
                assert fast._contrib.tolist() == slow._contrib.tolist()
            assert [list(c) for c in fast.level()] == [list(c) for c in slow.level()]
        assert fast.edge_count == 0
        with pytest.raises(ValueError, match="no edges left"):
            fast.most_central_edge()

    @pytest.mark.parametrize("store_limit", [2**24, 0])
    @settings(max_examples=40)
    @given(G=graphs(max_nodes=12))
    def test_lockstep_with_reference(self, store_limit: int, G: nx.Graph[Any]) -> None:
        """Random graphs, with and without stored per-source state: the same at every step."""
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(dendrogram, "STORE_LIMIT", store_limit)
            self.lockstep(G)

    @pytest.mark.parametrize("store_limit", [2**24, 0])
    @pytest.mark.parametrize("seed", range(3))
    def test_lockstep_on_seeded_graphs(self, store_limit: int, seed: int) -> None:
        """Larger random graphs (several components after a while) stay equal throughout."""
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(dendrogram, "STORE_LIMIT", store_limit)
            self.lockstep(nx.gnm_random_graph(26, 55, seed=seed))

    @given(graphs(max_nodes=12))
    def test_next_level_equals_stepping(self, G: nx.Graph[Any]) -> None:
        """One compiled call per level gives the level that removing edges one by one gives."""
        fast, stepped = CompiledBetweenness(G), CompiledBetweenness(G)
        while fast.edge_count:
            level = fast.next_level()
            while not stepped.remove_edge(stepped.most_central_edge()):
                pass
            assert level is not None
            assert [list(c) for c in level] == [list(c) for c in stepped.level()]
            assert fast.edge_count == stepped.edge_count
            fast._check()
        assert fast.next_level() is None

    def test_rejects_removed_or_unknown_edge(self) -> None:
        """Removing an edge twice, or one that never existed, raises an error naming e."""
        state = CompiledBetweenness(nx.path_graph(3))
        state.remove_edge(0)
        with pytest.raises(ValueError, match=r"^e: "):
            state.remove_edge(0)
        with pytest.raises(ValueError, match=r"^e: "):
            state.remove_edge(2)
        with pytest.raises(ValueError, match=r"^e: "):
            state.remove_edge(-1)
        state._check()


class TestIncrementalBetweenness:
    """Tests for the incremental state behind `girvan_newman`."""

    @pytest.mark.parametrize(
        ("store_limit", "batch_threshold"), [(2**24, 0), (0, 0), (2**24, 10**9)]
    )
    def test_invariants_hold_after_every_removal(
        self, monkeypatch: pytest.MonkeyPatch, store_limit: int, batch_threshold: int
    ) -> None:
        """Stored rows, distances, totals and components equal a fresh computation throughout."""
        monkeypatch.setattr(dendrogram, "STORE_LIMIT", store_limit)
        monkeypatch.setattr(dendrogram, "BATCH_THRESHOLD", batch_threshold)
        for seed in range(3):
            state = IncrementalBetweenness(nx.gnm_random_graph(24, 50, seed=seed))
            state._check()
            while state.edge_count:
                state.remove_edge(state.most_central_edge())
                state._check()

    def test_totals_are_networkx_values(self) -> None:
        """The scaled totals are exactly networkx's edge betweenness of the current graph."""
        G = nx.karate_club_graph()
        state = IncrementalBetweenness(G)
        g = G.copy()
        for _ in range(10):
            e = state.most_central_edge()
            state.remove_edge(e)
            g.remove_edge(*state.edges[e])
        expected = nx.edge_betweenness_centrality(g)
        actual = {
            state.edges[e]: float(state._total[e] * state._scale)
            for e in np.flatnonzero(state._alive).tolist()
        }
        assert expected == actual

    def test_stored_state_stays_within_store_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Many isolated nodes and few edges do not make the n × n distance table exceed it."""
        monkeypatch.setattr(dendrogram, "STORE_LIMIT", 2**16)
        G = nx.empty_graph(1000)
        nx.add_path(G, range(12))
        state = IncrementalBetweenness(G)
        assert state._dist.nbytes + state._contrib.nbytes <= 8 * dendrogram.STORE_LIMIT
        state._check()
        state.remove_edge(state.most_central_edge())
        state._check()

    @pytest.mark.parametrize("cls", [IncrementalBetweenness, CompiledBetweenness])
    def test_isolated_nodes_keep_their_distance_rows(
        self, cls: type[IncrementalBetweenness | CompiledBetweenness]
    ) -> None:
        """An isolated node's stored distances are 0 to itself and unreachable elsewhere (no
        search beyond itself), in both states."""
        G = nx.path_graph(3)
        G.add_nodes_from([3, 4])
        state = cls(G)
        assert [[-1, -1, -1, 0, -1], [-1, -1, -1, -1, 0]] == state._dist[3:].tolist()
        state._check()

    def test_rejects_removed_edge(self) -> None:
        """Removing an edge twice raises an error naming e."""
        state = IncrementalBetweenness(nx.path_graph(3))
        state.remove_edge(0)
        with pytest.raises(ValueError, match=r"^e: "):
            state.remove_edge(0)


class TestGirvanNewman:
    """Tests for `girvan_newman`."""

    @pytest.mark.parametrize(
        "name",
        [
            pytest.param(name, marks=pytest.mark.slow) if name == "les_miserables" else name
            for name in sorted(NAMED_GRAPHS)
        ],
    )
    def test_identical_to_networkx_on_shipped_graphs(self, name: str) -> None:
        """Every level, in order, equals networkx's on the graphs networkx ships."""
        G = NAMED_GRAPHS[name]()
        assert list(nx.community.girvan_newman(G)) == levels_of(G)

    @pytest.mark.parametrize("seed", range(8))
    def test_identical_to_networkx_on_seeded_random_graphs(self, seed: int) -> None:
        """Seeded random graphs of average degree 4 to 8 give networkx's dendrogram."""
        G = nx.gnm_random_graph(30, 60 + 8 * seed, seed=seed)
        assert list(nx.community.girvan_newman(G)) == levels_of(G)

    @pytest.mark.parametrize(
        "G",
        [
            nx.grid_2d_graph(4, 5),
            nx.complete_graph(7),
            nx.cycle_graph(9),
            nx.hypercube_graph(4),
            nx.balanced_tree(2, 4),
            nx.petersen_graph(),
        ],
        ids=["grid", "complete", "cycle", "hypercube", "tree", "petersen"],
    )
    def test_identical_to_networkx_on_tie_heavy_graphs(self, G: nx.Graph[Any]) -> None:
        """Symmetric graphs, where many edges tie for the maximum, break ties as networkx does."""
        assert list(nx.community.girvan_newman(G)) == levels_of(G)

    @settings(max_examples=60)
    @given(graphs())
    def test_identical_to_networkx_on_random_graphs(self, G: nx.Graph[Any]) -> None:
        """Any small graph, in any insertion order, gives networkx's levels."""
        assert list(nx.community.girvan_newman(G)) == levels_of(G)

    @given(graphs())
    def test_levels_are_partitions_gaining_one_community(self, G: nx.Graph[Any]) -> None:
        """Every level partitions the nodes and has one community more than the one before."""
        levels = levels_of(G)
        for level in levels:
            assert set(G) == set().union(*level)
            assert len(G) == sum(len(c) for c in level)
        sizes = [len(level) for level in levels]
        assert list(range(nx.number_connected_components(G) + 1, len(G) + 1)) == sizes or (
            G.number_of_edges() == 0 and [nx.number_connected_components(G)] == sizes
        )

    def test_karate_first_split_misplaces_nodes_2_and_8(self) -> None:
        """Against the `club` attribute, the first split misplaces exactly nodes 2 and 8."""
        G = nx.karate_club_graph()
        first = next(girvan_newman(G))
        hi = next(c for c in first if 0 in c)
        misplaced = {v for v in G if (v in hi) != (G.nodes[v]["club"] == "Mr. Hi")}
        assert {2, 8} == misplaced

    def test_directed_input_is_made_undirected(self) -> None:
        """A directed graph gives the same levels as networkx, which makes it undirected."""
        G = nx.gnm_random_graph(20, 45, seed=3, directed=True)
        assert list(nx.community.girvan_newman(G)) == levels_of(G)

    def test_custom_hook_matches_networkx(self) -> None:
        """A custom most_valuable_edge gets networkx's graph and gives networkx's levels."""

        def heaviest(g: nx.Graph[Any]) -> tuple[Hashable, ...]:
            u, v, _ = max(g.edges(data="weight"), key=lambda t: t[2])
            return (u, v)

        G = nx.gnm_random_graph(25, 60, seed=5)
        rng = np.random.default_rng(5)
        nx.set_edge_attributes(G, {e: float(rng.random()) for e in G.edges()}, "weight")
        expected = list(nx.community.girvan_newman(G, most_valuable_edge=heaviest))
        assert expected == list(girvan_newman(G, most_valuable_edge=heaviest))

    def test_graph_without_edges_yields_its_components_once(self) -> None:
        """Isolated nodes only: one level, the components, as networkx yields."""
        G = nx.empty_graph(3)
        assert list(nx.community.girvan_newman(G)) == levels_of(G)
        assert [({0}, {1}, {2})] == levels_of(G)

    def test_empty_graph(self) -> None:
        """A graph without nodes yields one empty level, as networkx does."""
        assert [()] == levels_of(nx.Graph())

    def test_self_loops_only_yield_nothing(self) -> None:
        """A graph whose only edges are self-loops yields no level, as networkx does."""
        G = nx.Graph([(0, 0), (1, 1)])
        assert list(nx.community.girvan_newman(G)) == levels_of(G)
        assert [] == levels_of(G)

    def test_self_loops_are_ignored(self) -> None:
        """Self-loops next to real edges do not change the levels."""
        G = nx.karate_club_graph()
        G.add_edges_from([(0, 0), (5, 5)])
        assert list(nx.community.girvan_newman(G)) == levels_of(G)

    def test_disconnected_input_with_isolated_node(self) -> None:
        """Several components and an isolated node give networkx's levels."""
        G = nx.disjoint_union(nx.barbell_graph(4, 1), nx.cycle_graph(5))
        G.add_node("alone")
        assert list(nx.community.girvan_newman(G)) == levels_of(G)

    @pytest.mark.parametrize("hook", [None, heaviest, weighted_betweenness])
    def test_sets_iterate_in_networkx_order(self, hook: Hook | None) -> None:
        """Each community set lists its nodes in networkx's order, not just the same nodes."""
        G = weighted_karate()
        G = nx.relabel_nodes(G, {v: f"member {v}" for v in G})
        expected = [[list(c) for c in level] for level in nx.community.girvan_newman(G, hook)]
        actual = [[list(c) for c in level] for level in girvan_newman(G, hook)]
        assert expected == actual

    @pytest.mark.parametrize("hook", [None, heaviest, weighted_betweenness])
    @settings(max_examples=40)
    @given(data=st.data())
    def test_mixed_labels_attributes_and_insertion_order(
        self, hook: Hook | None, data: st.DataObject
    ) -> None:
        """Mixed non-comparable labels, attributes, any insertion order: networkx's levels."""
        G = data.draw(graphs(max_nodes=12))
        labels: list[Hashable] = ["a", ("t", 1), 2.5, frozenset({3}), "b", -7, (0,), "c"]
        mapping = {v: labels[v] if v < len(labels) else (v, str(v)) for v in G}
        H: nx.Graph[Any] = nx.Graph(name="mixed")
        H.add_nodes_from((mapping[v], {"club": v % 2}) for v in G)
        edges = data.draw(st.permutations(list(G.edges())))
        flips = data.draw(st.lists(st.booleans(), min_size=len(edges), max_size=len(edges)))
        for (u, v), flip in zip(edges, flips, strict=True):
            a, b = (mapping[v], mapping[u]) if flip else (mapping[u], mapping[v])
            H.add_edge(a, b, weight=data.draw(st.integers(1, 5)), colour="red")
        expected = list(nx.community.girvan_newman(H, hook))
        actual = list(girvan_newman(H, hook))
        assert [[list(c) for c in level] for level in expected] == [
            [list(c) for c in level] for level in actual
        ]

    def test_does_not_mutate_input(self) -> None:
        """The whole dendrogram leaves the graph's nodes, edges and attributes as they were."""
        G = weighted_karate()
        G.add_edge(0, 0)
        before = (list(G.nodes(data=True)), list(G.edges(data=True)), dict(G.graph))
        list(girvan_newman(G))
        list(girvan_newman(G, heaviest))
        best_partition(G)
        edge_betweenness(G)
        assert before == (list(G.nodes(data=True)), list(G.edges(data=True)), dict(G.graph))

    def test_mostly_isolated_nodes(self) -> None:
        """A large graph of isolated nodes around two small components gives networkx's levels."""
        G = nx.empty_graph(300)
        nx.add_path(G, [299, 7, 150, 2, 200])
        nx.add_cycle(G, [5, 240, 40, 180])
        assert list(nx.community.girvan_newman(G)) == levels_of(G)

    def test_is_lazy(self) -> None:
        """The first level removes only the edges networkx removes for it, not the whole graph."""
        created: list[CompiledBetweenness] = []

        class Recording(CompiledBetweenness):
            def __init__(self, g: nx.Graph[Any]) -> None:
                super().__init__(g)
                created.append(self)

        G = nx.karate_club_graph()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(dendrogram, "CompiledBetweenness", Recording)
            levels = girvan_newman(G)
            assert [] == created
            next(levels)
        g = G.copy()
        expected = 0
        while nx.is_connected(g):
            betweenness: dict[tuple[int, int], float] = nx.edge_betweenness_centrality(g)
            g.remove_edge(*max(betweenness, key=lambda e: betweenness[e]))
            expected += 1
        (state,) = created
        assert expected == G.number_of_edges() - state.edge_count
        assert expected < G.number_of_edges()

    def test_rejects_multigraphs(self) -> None:
        """Multigraphs raise an error naming G, before any level is computed."""
        with pytest.raises(nx.NetworkXNotImplemented, match=r"^G: .*multigraphs"):
            girvan_newman(nx.MultiGraph([(0, 1)]))

    def test_rejects_non_callable_hook(self) -> None:
        """A most_valuable_edge that is not callable raises an error naming it."""
        with pytest.raises(TypeError, match=r"^most_valuable_edge: "):
            girvan_newman(nx.path_graph(3), most_valuable_edge=(0, 1))  # type: ignore[arg-type]


class TestBestPartition:
    """Tests for `best_partition`."""

    def test_karate_matches_networkx_best_level(self) -> None:
        """The chosen level and modularity are the best of networkx's own dendrogram."""
        G = nx.karate_club_graph()
        scored = [
            (nx.community.modularity(G, level), level) for level in nx.community.girvan_newman(G)
        ]
        q, level = max(scored, key=lambda t: t[0])
        assert (level, q) == best_partition(G)

    def test_barbell_splits_in_two(self) -> None:
        """Two cliques joined by one edge are the two communities."""
        level, _ = best_partition(nx.barbell_graph(5, 0))
        assert (set(range(5)), set(range(5, 10))) == level

    def test_rejects_graph_without_edges(self) -> None:
        """Modularity is undefined without edges: a ValueError naming G."""
        with pytest.raises(ValueError, match=r"^G: "):
            best_partition(nx.Graph([(0, 0)]))
