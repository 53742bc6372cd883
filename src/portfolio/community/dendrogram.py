"""Girvan–Newman community detection, a drop-in for networkx's with incremental recomputation."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from portfolio.community import compiled as kernels
from portfolio.community.betweenness import (
    Adjacency,
    batch_sources,
    check_simple_graph,
    csr_graph,
    integer_graph,
    rescale_factor,
    single_source,
)

__all__ = [
    "CompiledBetweenness",
    "IncrementalBetweenness",
    "best_partition",
    "girvan_newman",
]

if TYPE_CHECKING:
    Level: TypeAlias = tuple[set[Hashable], ...]

#: Above this many stored 8-byte words the per-source state (contributions, nodes × edges
#: floats, and distances, nodes × nodes 4-byte integers) is not kept, and every removal
#: recomputes the whole component: 2**24 words are 128 MiB.
STORE_LIMIT = 2**24

#: Below this much work (sources × arcs) one pure-Python search per source beats the
#: vectorised batch, whose cost is dominated by a fixed number of NumPy calls per level.
BATCH_THRESHOLD = 4_000

#: Sources per vectorised batch: small batches keep the working arrays in cache (measured:
#: 16 sources run 1.7x to 4.5x faster per source than one batch of all, at 200 to 800 nodes).
CHUNK = 16


def bfs_order(adjacency: Adjacency, source: int, seen: bytearray) -> list[int]:
    """The nodes reachable from `source`, in breadth-first visiting order; marks them in `seen`.

    Complexity: :math:`O(k)` for a component of :math:`k` nodes and arcs.

    Examples
    --------
    >>> bfs_order([[(2, 0)], [], [(0, 0)]], 0, bytearray(3))
    [0, 2]
    """
    seen[source] = 1
    order = [source]
    for v in order:
        for w, _ in adjacency[v]:
            if not seen[w]:
                seen[w] = 1
                order.append(w)
    return order


class _BetweennessState:
    """What both betweenness states share: the per-source tables and the count of live edges."""

    _alive: NDArray[np.bool_]
    _dist: NDArray[np.int32]
    _contrib: NDArray[np.float64]
    _total: NDArray[np.float64]

    def _allocate(self, n: int, m: int) -> None:
        """Size the tables for ``n`` nodes and ``m`` edges, all edges alive.

        The per-source distances and contributions are kept only while
        :math:`n(n/2 + m) \\le` ``STORE_LIMIT``; otherwise they are empty and every source of a
        component is searched again after each removal.
        """
        self._n, self._m = n, m
        self._alive = np.ones(m, dtype=np.bool_)
        self._edge_count = m
        self._scale = rescale_factor(n, normalized=True)
        self._store = n * (n + 2 * m) <= 2 * STORE_LIMIT
        shape_d, shape_c = ((n, n), (n, m)) if self._store else ((0, 0), (0, 0))
        self._dist = np.full(shape_d, -1, dtype=np.int32)
        self._contrib = np.zeros(shape_c)
        self._total = np.zeros(m)

    @property
    def edge_count(self) -> int:
        """How many edges are not removed yet.

        Complexity: :math:`O(1)`.
        """
        return self._edge_count


class IncrementalBetweenness(_BetweennessState):
    r"""Edge betweenness of a graph that loses edges, recomputed only where it changed.

    The state behind :func:`~portfolio.community.dendrogram.girvan_newman`. Removing edge
    :math:`\{u, v\}` can change betweenness only inside the connected component that held it,
    and inside it only the
    shortest-path trees of sources :math:`s` with :math:`d(s, u) \ne d(s, v)`: for the others
    the edge joins two nodes at the same depth and lies on no shortest path. So each source's
    contribution row is kept, only the affected sources are recomputed, and the component's
    totals are re-added in source order, which keeps them equal to networkx's bit for bit.

    Parameters
    ----------
    g
        A simple undirected graph without self-loops. It is read once and not modified.

    Attributes
    ----------
    nodes
        The nodes, in ``g`` order; the integer index of a node is its position here.
    edges
        The edges, in ``g.edges()`` order; the integer index of an edge is its position here.

    Notes
    -----
    Complexity: memory :math:`O(n^2 + nm)` while :math:`n(n/2 + m) \le` ``STORE_LIMIT``, otherwise
    :math:`O(n + m)` and every source of the component is recomputed on each removal.

    Examples
    --------
    >>> import networkx as nx
    >>> state = IncrementalBetweenness(nx.barbell_graph(3, 0))
    >>> e = state.most_central_edge()
    >>> state.edges[e]
    (2, 3)
    >>> state.remove_edge(e)
    True
    >>> state.level()
    ({0, 1, 2}, {3, 4, 5})
    """

    def __init__(self, g: nx.Graph[Any]) -> None:
        nodes, edges, adjacency = integer_graph(g)
        self.nodes = nodes
        self.edges = edges
        self._adjacency = adjacency
        n, m = len(nodes), len(edges)
        # The same adjacency in compressed sparse row form, for the vectorised batches.
        self._indptr = np.zeros(n + 1, dtype=np.intp)
        self._indptr[1:] = np.cumsum([len(a) for a in adjacency])
        self._neighbour = np.array([w for a in adjacency for w, _ in a], dtype=np.intp)
        self._edge = np.array([e for a in adjacency for _, e in a], dtype=np.intp)
        index = {u: i for i, u in enumerate(nodes)}
        self._tail = np.array([index[u] for u, _ in edges], dtype=np.intp)
        self._head = np.array([index[v] for _, v in edges], dtype=np.intp)
        self._allocate(n, m)
        # Components: a label per node and each label's members in increasing index order.
        self._label = np.full(n, -1, dtype=np.intp)
        self._members: list[list[int]] = []
        # Each component's nodes in the order networkx's ``connected_components`` adds them to
        # its set (breadth-first from the component's first node), so that the sets we yield
        # are built by the same insertions and iterate in the same order as networkx's.
        self._bfs: list[list[int]] = []
        # Components that lost an edge since the last `level`: their order is out of date.
        self._stale: set[int] = set()
        seen = bytearray(n)
        for s in range(n):
            if not seen[s]:
                order = bfs_order(adjacency, s, seen)
                self._label[order] = len(self._members)
                self._members.append(sorted(order))
                self._bfs.append(order)
        for label, members in enumerate(self._members):
            if len(members) > 1:
                self._recompute(label, members)
            elif self._store:  # an isolated node: nothing to count, no search needed
                self._dist[members[0], members[0]] = 0

    def _recompute(self, label: int, sources: list[int]) -> None:
        """Recompute the rows of `sources` and re-add component `label`'s totals in order."""
        members = self._members[label]
        n, m = self._n, self._m
        in_component = self._alive & (self._label[self._tail] == label)
        arcs = 2 * int(np.count_nonzero(in_component))
        acc = np.zeros(m)
        if self._store:
            if len(sources) * arcs > BATCH_THRESHOLD:
                for start in range(0, len(sources), CHUNK):
                    idx = np.array(sources[start : start + CHUNK], dtype=np.intp)
                    dist, rows, edges, values = batch_sources(
                        self._indptr, self._neighbour, self._edge, idx, n
                    )
                    self._dist[idx] = dist
                    self._contrib[idx] = 0.0
                    self._contrib[idx[rows], edges] = values
            else:
                for s in sources:
                    d, row, _ = single_source(self._adjacency, s, n, m)
                    self._dist[s] = d
                    self._contrib[s] = row
            # Re-add in source order: the same additions, in the same order, as networkx.
            for s in members:
                acc += self._contrib[s]
        elif len(members) * arcs > BATCH_THRESHOLD:
            for start in range(0, len(members), CHUNK):
                idx = np.array(members[start : start + CHUNK], dtype=np.intp)
                _, rows, edges, values = batch_sources(
                    self._indptr, self._neighbour, self._edge, idx, n
                )
                order = np.argsort(rows, kind="stable")
                np.add.at(acc, edges[order], values[order])
        else:
            for s in members:
                acc += single_source(self._adjacency, s, n, m)[1]
        self._total[in_component] = acc[in_component]

    def most_central_edge(self) -> int:
        """Index of the edge networkx's ``girvan_newman`` removes next.

        The edge with the highest betweenness after networkx's rescaling; among equal values the
        first in edge order, as Python's ``max`` over networkx's dict picks it.
        Complexity: :math:`O(m)`.
        """
        if self._edge_count == 0:
            raise ValueError("no edges left to remove")
        scaled = self._total * self._scale
        scaled[~self._alive] = -1.0
        return int(np.argmax(scaled))

    def remove_edge(self, e: int) -> bool:
        """Remove edge `e` and update the betweenness; return whether its component split.

        Complexity: :math:`O(k(n + m) + nm)` numeric work for :math:`k` affected sources
        (the :math:`nm` term is vectorised).
        """
        if not 0 <= e < self._m or not self._alive[e]:
            raise ValueError(f"e: edge {e} is not an edge of the graph")
        u, v = int(self._tail[e]), int(self._head[e])
        self._adjacency[u].remove((v, e))
        self._adjacency[v].remove((u, e))
        for a in (u, v):
            lo, hi = self._indptr[a], self._indptr[a + 1]
            at = lo + int(np.flatnonzero(self._edge[lo:hi] == e)[0])
            self._neighbour = np.delete(self._neighbour, at)
            self._edge = np.delete(self._edge, at)
            self._indptr[a + 1 :] -= 1
        self._alive[e] = False
        self._edge_count -= 1
        self._total[e] = 0.0
        label = int(self._label[u])
        self._stale.add(label)
        members = self._members[label]
        if self._store:
            self._contrib[:, e] = 0.0
            idx = np.array(members, dtype=np.intp)
            affected = idx[self._dist[idx, u] != self._dist[idx, v]].tolist()
        else:
            affected = members
        # Split? Search from u; the component stays whole if v is still reachable.
        _, _, reach = single_source(self._adjacency, u, self._n, self._m)
        split = len(reach) < len(members)
        if split:
            part = sorted(reach)
            rest = sorted(set(members).difference(reach))
            new = len(self._members)
            self._members[label] = rest
            self._members.append(part)
            self._label[part] = new
            self._bfs.append(part)
            self._stale.add(new)
        self._recompute_after(label, affected, split)
        return split

    def _recompute_after(self, label: int, affected: list[int], split: bool) -> None:
        if not split:
            self._recompute(label, affected)
            return
        new = len(self._members) - 1
        for lab in (label, new):
            own = self._members[lab]
            self._recompute(lab, own)

    def level(self) -> tuple[set[Hashable], ...]:
        """The current components as node sets, exactly as networkx's ``connected_components``.

        The components come in the same order, and each set is built by the same insertions
        (breadth-first from the component's first node), so it iterates in the same order too.

        Complexity: :math:`O(n \\log n)`, plus :math:`O(n + m)` for each component that lost
        an edge since the last call.
        """
        for label in self._stale:
            first = self._members[label][0]
            self._bfs[label] = bfs_order(self._adjacency, first, bytearray(self._n))
        self._stale.clear()
        nodes = self.nodes
        return tuple({nodes[i] for i in c} for c in sorted(self._bfs, key=lambda c: c[0]))

    def _check(self) -> None:
        """Assert the invariants: adjacency, components and totals match a fresh computation."""
        n, m = self._n, self._m
        alive = set(np.flatnonzero(self._alive).tolist())
        assert len(alive) == self._edge_count
        for v, arcs in enumerate(self._adjacency):
            for w, e in arcs:
                assert e in alive
                assert {v, w} == {int(self._tail[e]), int(self._head[e])}
        assert sum(len(arcs) for arcs in self._adjacency) == 2 * len(alive)
        for v, arcs in enumerate(self._adjacency):
            lo, hi = int(self._indptr[v]), int(self._indptr[v + 1])
            assert [w for w, _ in arcs] == self._neighbour[lo:hi].tolist()
            assert [e for _, e in arcs] == self._edge[lo:hi].tolist()
        seen: set[int] = set()
        fresh = [0.0] * m
        for label, members in enumerate(self._members):
            assert members == sorted(members)
            assert members
            if label not in self._stale:
                assert single_source(self._adjacency, members[0], n, m)[2] == self._bfs[label]
            for s in members:
                dist, row, order = single_source(self._adjacency, s, n, m)
                assert sorted(order) == members
                assert all(int(self._label[i]) == label for i in order)
                if self._store:
                    assert dist == self._dist[s].tolist()
                    assert row == self._contrib[s].tolist()
                for e, c in enumerate(row):
                    if c:
                        fresh[e] += c
            seen.update(members)
        assert seen == set(range(n))
        for e in alive:
            assert fresh[e] == self._total[e], (e, fresh[e], self._total[e])


class CompiledBetweenness(_BetweennessState):
    r"""The state of :class:`IncrementalBetweenness`, kept in arrays and updated by compiled code.

    The same algorithm (recompute only the sources an edge removal affects, re-add the totals in
    node order) and the same floats, run by the numba kernels of
    :mod:`portfolio.community.compiled`. It is what
    :func:`~portfolio.community.dendrogram.girvan_newman` uses by default; the tests hold every
    step equal to :class:`IncrementalBetweenness` and to networkx. It takes the same argument,
    ``g``, and numbers nodes and edges the same way, in its ``nodes`` and ``edges`` lists.

    Notes
    -----
    Complexity: as :class:`IncrementalBetweenness`, with ``STORE_LIMIT`` deciding in the same
    way whether the per-source state is kept. Memory :math:`O(n^2 + nm)` when it is.

    Examples
    --------
    >>> import networkx as nx
    >>> state = CompiledBetweenness(nx.barbell_graph(3, 0))
    >>> e = state.most_central_edge()
    >>> state.edges[e]
    (2, 3)
    >>> state.remove_edge(e)
    True
    >>> state.level()
    ({0, 1, 2}, {3, 4, 5})
    >>> state.next_level()
    ({0}, {1, 2}, {3, 4, 5})
    """

    def __init__(self, g: nx.Graph[Any]) -> None:
        nodes, edges, indptr, arcs = csr_graph(g)
        self.nodes = nodes
        self.edges = edges
        n, m = len(nodes), len(edges)
        self._indptr = indptr
        self._degree = np.diff(indptr)
        self._neighbour = arcs[0]
        self._edge = arcs[1]
        # Each edge's first arc is at its tail (the end g.edges() reports first).
        owner = np.repeat(np.arange(n, dtype=np.uint32), self._degree)
        firsts = np.unique(self._edge, return_index=True)[1]
        self._tail: NDArray[np.uint32] = owner[firsts]
        self._head: NDArray[np.uint32] = self._neighbour[firsts]
        self._allocate(n, m)
        self._order = np.empty(n, dtype=np.int64)
        self._starts = np.empty(n + 1, dtype=np.int64)
        count = kernels.component_orders(
            self._indptr, self._degree, self._neighbour, self._order, self._starts
        )
        self._label = np.empty(n, dtype=np.int64)
        for c in range(count):
            self._label[self._order[self._starts[c] : self._starts[c + 1]]] = c
        self._labels = np.array([count], dtype=np.int64)
        kernels.initialise(
            self._indptr,
            self._degree,
            self._neighbour,
            self._edge,
            self._dist,
            self._contrib,
            self._total,
        )

    def most_central_edge(self) -> int:
        """Index of the edge networkx's ``girvan_newman`` removes next.

        The first live edge, in edge order, with the highest scaled betweenness.
        Complexity: :math:`O(m)`.
        """
        if self._edge_count == 0:
            raise ValueError("no edges left to remove")
        return int(kernels.most_central_edge(self._total, self._alive, self._scale))

    def remove_edge(self, e: int) -> bool:
        """Remove edge `e` and update the betweenness; return whether its component split.

        Complexity: :math:`O(k(n + m) + n m)` for :math:`k` affected sources, compiled.
        """
        if not 0 <= e < self._m or not self._alive[e]:
            raise ValueError(f"e: edge {e} is not an edge of the graph")
        self._edge_count -= 1
        return bool(
            kernels.remove_edge(
                e,
                self._indptr,
                self._degree,
                self._neighbour,
                self._edge,
                self._tail,
                self._head,
                self._alive,
                self._label,
                self._labels,
                self._dist,
                self._contrib,
                self._total,
            )
        )

    def _sets(self, count: int) -> tuple[set[Hashable], ...]:
        nodes = self.nodes
        get = nodes.__getitem__
        order = self._order.tolist()
        starts = self._starts[: count + 1].tolist()
        # Built by the same insertions as networkx's sets, so they iterate in the same order.
        return tuple(set(map(get, order[a:b])) for a, b in itertools.pairwise(starts))

    def level(self) -> tuple[set[Hashable], ...]:
        """The current components as node sets, exactly as networkx's ``connected_components``.

        Complexity: :math:`O(n + m)`.
        """
        count = kernels.component_orders(
            self._indptr, self._degree, self._neighbour, self._order, self._starts
        )
        return self._sets(int(count))

    def next_level(self) -> tuple[set[Hashable], ...] | None:
        """Remove most central edges until a component splits, and return the new level.

        One compiled call for the whole level; ``None`` if no edge is left.
        Complexity: as many :meth:`remove_edge` calls as the level takes, plus :math:`O(n + m)`.
        """
        if self._edge_count == 0:
            return None
        count = int(
            kernels.next_level(
                self._indptr,
                self._degree,
                self._neighbour,
                self._edge,
                self._tail,
                self._head,
                self._alive,
                self._label,
                self._labels,
                self._dist,
                self._contrib,
                self._total,
                self._scale,
                self._order,
                self._starts,
            )
        )
        self._edge_count = int(np.count_nonzero(self._alive))
        return self._sets(count)

    def _check(self) -> None:
        """Assert the invariants: adjacency, components and totals match the Python reference."""
        n, m = self._n, self._m
        alive = set(np.flatnonzero(self._alive).tolist())
        assert len(alive) == self._edge_count
        adjacency: list[list[tuple[int, int]]] = []
        for v in range(n):
            lo = int(self._indptr[v])
            hi = lo + int(self._degree[v])
            assert hi <= int(self._indptr[v + 1])
            arcs = list(
                zip(self._neighbour[lo:hi].tolist(), self._edge[lo:hi].tolist(), strict=True)
            )
            for w, e in arcs:
                assert e in alive
                assert {v, w} == {int(self._tail[e]), int(self._head[e])}
            adjacency.append(arcs)
        assert sum(map(len, adjacency)) == 2 * len(alive)
        fresh = [0.0] * m
        for s in range(n):
            dist, row, order = single_source(adjacency, s, n, m)
            assert {int(self._label[i]) for i in order} == {int(self._label[s])}
            if self._store:
                assert dist == self._dist[s].tolist()
                assert row == self._contrib[s].tolist()
            for e, c in enumerate(row):
                if c:
                    fresh[e] += c
        labels = self._label.tolist()
        for v in range(n):
            for w, _ in adjacency[v]:
                assert labels[v] == labels[w]
        assert max(labels, default=-1) < int(self._labels[0])
        for e in range(m):
            assert fresh[e] == self._total[e], (e, fresh[e], self._total[e])


def girvan_newman(
    G: nx.Graph[Any],
    most_valuable_edge: Callable[[nx.Graph[Any]], tuple[Hashable, ...]] | None = None,
) -> Iterator[tuple[set[Hashable], ...]]:
    r"""Communities by repeatedly removing the most central edge (Girvan & Newman).

    A drop-in for ``networkx.algorithms.community.girvan_newman``: the same iterator of levels
    (tuples of node sets, coarse to fine), in the same order and with the same tie-breaking,
    so the output is identical. With the default hook it recomputes betweenness only where an
    edge removal can change it; see :doc:`/samples/community/design`.

    Parameters
    ----------
    G
        A networkx graph: undirected or directed (directed graphs are made undirected, as
        networkx does). Self-loops are dropped. Edge weights are ignored, as in networkx's
        default: betweenness counts hops.
    most_valuable_edge
        ``None`` for the highest edge betweenness (the fast path), or a function that takes the
        working networkx graph and returns the edge to remove, exactly as networkx calls it.
        With a custom function the loop runs on a networkx graph, as networkx's does, and only
        the bookkeeping of components is incremental: the function's own cost dominates.

    Returns
    -------
    collections.abc.Iterator of tuple of set
        One tuple of communities per level of the dendrogram; each level has one community
        more than the one before, down to single nodes.

    Raises
    ------
    TypeError
        If `G` is not a networkx graph or `most_valuable_edge` is not callable.
    networkx.NetworkXNotImplemented
        If `G` is a multigraph.

    Notes
    -----
    A graph with no edges yields its connected components once; a graph whose only edges are
    self-loops yields nothing. Both as networkx does.

    References
    ----------
    - Girvan, M. and Newman, M. E. J. (2002). Community structure in social and biological
      networks. *PNAS* 99(12):7821-7826. https://doi.org/10.1073/pnas.122653799
    - Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
      Mathematical Sociology* 25(2):163-177. https://doi.org/10.1080/0022250X.2001.9990249

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.karate_club_graph()
    >>> first = next(girvan_newman(G))
    >>> [sorted(c) for c in first]  # doctest: +NORMALIZE_WHITESPACE
    [[0, 1, 3, 4, 5, 6, 7, 10, 11, 12, 13, 16, 17, 19, 21],
     [2, 8, 9, 14, 15, 18, 20, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]]
    >>> list(girvan_newman(G)) == list(nx.community.girvan_newman(G))
    True
    """
    check_simple_graph(G, "girvan_newman")
    if most_valuable_edge is not None and not callable(most_valuable_edge):
        raise TypeError(
            "most_valuable_edge: expected None or a function of the graph, "
            f"got {type(most_valuable_edge).__name__}"
        )
    if G.number_of_edges() == 0:
        return iter((tuple(nx.connected_components(G)),))
    # Same working copy as networkx: its neighbour order decides the ties.
    g = G.copy().to_undirected()
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    if most_valuable_edge is None:
        return _levels(g)
    return _levels_with_hook(g, most_valuable_edge)


def _levels(g: nx.Graph[Any]) -> Iterator[Level]:
    state = CompiledBetweenness(g)
    while (level := state.next_level()) is not None:
        yield level


def _levels_reference(g: nx.Graph[Any]) -> Iterator[Level]:
    """The levels by :class:`IncrementalBetweenness`: the reference the compiled path equals."""
    state = IncrementalBetweenness(g)
    while state.edge_count > 0:
        while not state.remove_edge(state.most_central_edge()):
            pass
        yield state.level()


def _levels_with_hook(
    g: nx.Graph[Any], hook: Callable[[nx.Graph[Any]], tuple[Hashable, ...]]
) -> Iterator[Level]:
    while g.number_of_edges() > 0:
        while True:
            edge = hook(g)
            g.remove_edge(*edge)
            if not nx.has_path(g, edge[0], edge[1]):
                break
        # The same call networkx makes, so the sets are built and iterate the same way.
        yield tuple(nx.connected_components(g))


def best_partition(G: nx.Graph[Any]) -> tuple[tuple[set[Hashable], ...], float]:
    r"""The level of the Girvan–Newman dendrogram with the highest modularity.

    Parameters
    ----------
    G
        As for :func:`~portfolio.community.dendrogram.girvan_newman`.

    Returns
    -------
    level : tuple of set
        The level, as :func:`~portfolio.community.dendrogram.girvan_newman` yields it. Among equal
        modularities the coarsest level wins. Only the levels the iterator yields compete, not
        the unsplit input.
    modularity : float
        Its modularity, computed by ``networkx.community.modularity`` on `G`.

    Raises
    ------
    ValueError
        If `G` has no edges other than self-loops: modularity is then undefined.

    Notes
    -----
    Modularity (Newman and Girvan) of a partition into communities :math:`c`:

    .. math:: Q = \sum_c \left( \frac{L_c}{m} - \left( \frac{d_c}{2m} \right)^2 \right)

    with :math:`L_c` the edges inside :math:`c`, :math:`d_c` the total degree of its nodes and
    :math:`m` the number of edges. As in ``networkx.community.modularity``'s default, an edge
    with a ``weight`` attribute counts as that weight (1 without one) in all three. The
    dendrogram itself ignores weights, so on a weighted graph, such as networkx's karate club,
    the unweighted splits are ranked by weighted modularity; pass a copy without weights for
    the unweighted ranking.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(5, 0)
    >>> level, q = best_partition(G)
    >>> [sorted(c) for c in level], round(q, 4)
    ([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]], 0.4524)
    """
    check_simple_graph(G, "best_partition")
    if G.number_of_edges() == nx.number_of_selfloops(G):
        raise ValueError("G: modularity is undefined for a graph with no edges (self-loops aside)")
    best: tuple[Level, float] | None = None
    for level in girvan_newman(G):
        q = float(nx.community.modularity(G, level))
        if best is None or q > best[1]:
            best = (level, q)
    assert best is not None  # a graph with an edge yields at least one level
    return best
