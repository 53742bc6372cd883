"""Edge betweenness by Brandes' algorithm, bit-for-bit equal to networkx's."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from portfolio.community import compiled as kernels

__all__ = ["csr_graph", "edge_betweenness", "edge_betweenness_reference"]

#: Adjacency in integer form: ``adjacency[v]`` lists ``(w, e)`` pairs, the neighbour's index
#: and the index of the edge ``{v, w}``, in the graph's own neighbour order.
Adjacency = Sequence[Sequence[tuple[int, int]]]


def single_source(
    adjacency: Adjacency, source: int, n: int, m: int
) -> tuple[list[int], list[float], list[int]]:
    """One source's share of edge betweenness, in exactly networkx's floating-point order.

    A breadth-first search from `source` counts shortest paths (``sigma``) and the accumulation
    walks the visiting order backwards, adding each edge's dependency once. The order of every
    floating-point operation matches ``networkx.algorithms.centrality.betweenness``
    (``_single_source_shortest_path_basic`` then ``_accumulate_edges``), so the per-edge
    contributions are the same bits.

    Parameters
    ----------
    adjacency
        ``adjacency[v]`` lists ``(w, e)``: neighbour index and edge index, in neighbour order.
    source
        Index of the source node.
    n, m
        Number of nodes and of edges (sizes of the returned lists).

    Returns
    -------
    tuple
        ``dist`` (hops from `source`, ``-1`` where unreachable), ``row`` (this source's
        contribution to each edge, ``0.0`` off its shortest paths) and ``order`` (the nodes in
        breadth-first visiting order: the source's connected component).

    Notes
    -----
    Complexity: :math:`O(n + m)` time and memory.

    Examples
    --------
    A path 0 - 1 - 2: from node 0, edge 0 lies on two shortest paths and edge 1 on one.

    >>> adjacency = [[(1, 0)], [(0, 0), (2, 1)], [(1, 1)]]
    >>> single_source(adjacency, 0, 3, 2)
    ([0, 1, 2], [2.0, 1.0], [0, 1, 2])
    """
    dist = [-1] * n
    sigma = [0.0] * n
    dist[source] = 0
    sigma[source] = 1.0
    order = [source]
    # Breadth-first search; iterating a list that grows is the FIFO queue.
    for v in order:
        dw = dist[v] + 1
        sv = sigma[v]
        for w, _ in adjacency[v]:
            d = dist[w]
            if d < 0:
                dist[w] = dw
                order.append(w)
                sigma[w] += sv
            elif d == dw:
                sigma[w] += sv
    # Accumulation, last-visited first. A node's predecessors are the neighbours one hop
    # closer; their order within one node does not matter (each edge and each predecessor
    # receives a single term from it), only the order across nodes does.
    row = [0.0] * m
    delta = [0.0] * n
    for w in reversed(order):
        dv = dist[w] - 1
        coeff = (1.0 + delta[w]) / sigma[w]
        for v, e in adjacency[w]:
            if dist[v] == dv:
                c = sigma[v] * coeff
                row[e] = c
                delta[v] += c
    return dist, row, order


def _arcs(
    indptr: NDArray[np.intp], degree: NDArray[np.intp], nodes: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """The arcs of `nodes`, node by node in adjacency order: (count per node, arc indices)."""
    counts = degree[nodes]
    first = np.cumsum(counts) - counts
    return counts, np.repeat(indptr[nodes] - first, counts) + np.arange(int(first[-1] + counts[-1]))


def batch_sources(
    indptr: NDArray[np.intp],
    neighbour: NDArray[np.intp],
    edge: NDArray[np.intp],
    sources: NDArray[np.intp],
    n: int,
) -> tuple[NDArray[np.int32], NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """:func:`single_source` for many sources at once, vectorised level by level.

    Each level's arcs are expanded in breadth-first order (frontier in visiting order, each
    node's arcs in neighbour order), so path counts are added in networkx's order. The arcs
    that reach the next level are kept, sorted by child, last-visited child first; the
    accumulation replays them deepest level first, and ``numpy.add.at`` applies repeated
    indices in array order, so each node's dependency adds its children's terms in networkx's
    order too. The results are the same bits as :func:`single_source`.

    Parameters
    ----------
    indptr, neighbour, edge
        The graph in compressed sparse row form: node ``v``'s arcs are
        ``indptr[v]:indptr[v + 1]``, to ``neighbour[...]`` along edge ``edge[...]``.
    sources
        Source node indices.
    n
        Number of nodes.

    Returns
    -------
    tuple
        ``dist`` (``len(sources)`` × `n`, ``-1`` where unreachable) and the nonzero
        contributions as three flat arrays: row in `sources`, edge index, value.

    Notes
    -----
    Complexity: :math:`O(k(n + m))` for :math:`k` sources, in :math:`O(\text{depth})`
    NumPy calls.

    Examples
    --------
    The path 0 - 1 - 2 from sources 0 and 1:

    >>> indptr = np.array([0, 1, 3, 4])
    >>> neighbour, edge = np.array([1, 0, 2, 1]), np.array([0, 0, 1, 1])
    >>> dist, rows, edges, values = batch_sources(indptr, neighbour, edge, np.array([0, 1]), 3)
    >>> dist.tolist()
    [[0, 1, 2], [1, 0, 1]]
    >>> rows.tolist(), edges.tolist(), values.tolist()
    ([0, 1, 1, 0], [1, 1, 0, 0], [1.0, 1.0, 1.0, 2.0])
    """
    k = len(sources)
    degree = np.diff(indptr)
    # Moving along arc i from flat index row * n + v lands on row * n + neighbour[i].
    shift = neighbour - np.repeat(np.arange(n, dtype=np.intp), degree)
    dist = np.full(k * n, -1, dtype=np.int32)
    sigma = np.zeros(k * n)
    frontier = np.arange(k, dtype=np.intp) * n + sources  # flat (row, node), in visiting order
    dist[frontier] = 0
    sigma[frontier] = 1.0
    first = np.empty(k * n, dtype=np.intp)
    depth = 0
    # Per level, the arcs from a node to its children (shortest-path arcs), ordered by child,
    # last-visited child first: the order in which the accumulation adds them up.
    down: list[tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]] = []
    while True:
        counts, arc = _arcs(indptr, degree, frontier % n)
        parent = np.repeat(frontier, counts)
        target = parent + shift[arc]
        new = dist[target] < 0
        target = target[new]
        if not len(target):
            break
        parent, arc = parent[new], arc[new]
        np.add.at(sigma, target, sigma[parent])
        # The first arc reaching a node discovers it: its position orders the next level.
        position = np.arange(len(target))
        first[target] = len(target)
        np.minimum.at(first, target, position)
        discovered = first[target]
        frontier = target[discovered == position]
        depth += 1
        dist[frontier] = depth
        order = np.argsort(-discovered)
        down.append((parent[order], target[order], arc[order]))
    delta = np.zeros(k * n)
    out_targets, out_edges, out_values = [], [], []
    for parent, target, arc in reversed(down):
        c = sigma[parent] * ((1.0 + delta[target]) / sigma[target])
        np.add.at(delta, parent, c)
        out_targets.append(parent)
        out_edges.append(edge[arc])
        out_values.append(c)
    if not out_targets:
        empty = np.empty(0, dtype=np.intp)
        return dist.reshape(k, n), empty, empty, np.empty(0)
    return (
        dist.reshape(k, n),
        np.concatenate(out_targets) // n,
        np.concatenate(out_edges),
        np.concatenate(out_values),
    )


def rescale_factor(n: int, *, normalized: bool) -> float:
    """The factor networkx multiplies undirected edge betweenness by.

    Examples
    --------
    >>> rescale_factor(5, normalized=True)
    0.05
    >>> rescale_factor(5, normalized=False)
    0.5
    """
    if n < 2:
        return 1.0
    if normalized:
        return 1 / (n * (n - 1))
    return n / (n * 2)


def integer_graph(
    G: nx.Graph[Any],
) -> tuple[list[Hashable], list[tuple[Hashable, Hashable]], list[list[tuple[int, int]]]]:
    """Number the nodes and edges of `G` in its own iteration orders.

    Returns
    -------
    tuple
        ``nodes`` (in ``G`` order), ``edges`` (in ``G.edges()`` order, as networkx orients
        them) and the integer ``adjacency`` that :func:`single_source` takes.

    Examples
    --------
    >>> nodes, edges, adjacency = integer_graph(nx.path_graph(["a", "b", "c"]))
    >>> nodes, edges
    (['a', 'b', 'c'], [('a', 'b'), ('b', 'c')])
    >>> adjacency
    [[(1, 0)], [(0, 0), (2, 1)], [(1, 1)]]
    """
    nodes: list[Hashable] = list(G)
    index = {u: i for i, u in enumerate(nodes)}
    edges: list[tuple[Hashable, Hashable]] = list(G.edges())
    edge_id: dict[tuple[int, int], int] = {}
    for e, (u, v) in enumerate(edges):
        iu, iv = index[u], index[v]
        edge_id[iu, iv] = edge_id[iv, iu] = e
    adjacency = [
        [(index[w], edge_id[iu, index[w]]) for w in G.adj[u]] for iu, u in enumerate(nodes)
    ]
    return nodes, edges, adjacency


def csr_graph(
    g: nx.Graph[Any],
) -> tuple[list[Hashable], list[tuple[Hashable, Hashable]], NDArray[np.uint32], NDArray[np.uint32]]:
    """Number `g`'s nodes and edges in its own orders, with its adjacency as flat arrays.

    Returns
    -------
    tuple
        ``nodes`` (in ``g`` order), ``edges`` (in ``g.edges()`` order, oriented as networkx
        orients them), ``indptr`` (node ``v``'s arcs are ``indptr[v]:indptr[v + 1]``) and
        ``arcs``, a 2 × (2m) array of each arc's neighbour index and edge index, in neighbour
        order. Both arrays are ``uint32``, as the compiled kernels take them. A self-loop is
        one edge with a single arc, as networkx stores it.

    Raises
    ------
    ValueError
        If `g` has :math:`2^{32}` arcs or more, more than 32-bit indices address.

    Notes
    -----
    Complexity: :math:`O(n + m)`.

    Examples
    --------
    >>> nodes, edges, indptr, arcs = csr_graph(nx.path_graph(["a", "b", "c"]))
    >>> nodes, edges, indptr.tolist()
    (['a', 'b', 'c'], [('a', 'b'), ('b', 'c')], [0, 1, 3, 4])
    >>> arcs.tolist()
    [[1, 0, 2, 1], [0, 0, 1, 1]]
    """
    nodes: list[Hashable] = list(g)
    index = {u: i for i, u in enumerate(nodes)}
    edges: list[tuple[Hashable, Hashable]] = []
    ids: dict[tuple[int, int], int] = {}
    flat: list[int] = []
    sizes = [0] * (len(nodes) + 1)
    adj = g.adj
    # g.edges() reports {u, w} at whichever end comes first in node order, so one pass in
    # node order numbers the edges as it does.
    for iu, u in enumerate(nodes):
        around = adj[u]
        sizes[iu + 1] = len(around)
        for w in around:
            iw = index[w]
            if iw >= iu:
                e = ids[iw, iu] = len(edges)
                edges.append((u, w))
            else:
                e = ids[iu, iw]
            flat += (iw, e)
    if len(flat) >= 2**32:
        raise ValueError(f"G: {len(flat) // 2} arcs exceed the 2**32 that 32-bit indices address")
    indptr = np.cumsum(np.array(sizes, dtype=np.int64)).astype(np.uint32)
    arcs = np.array(flat, dtype=np.uint32).reshape(-1, 2).T.copy()
    return nodes, edges, indptr, arcs


def check_simple_graph(G: object, function: str) -> None:
    """Raise a clear error unless `G` is a networkx graph that is not a multigraph."""
    if not isinstance(G, nx.Graph):
        raise TypeError(f"G: {function} expects a networkx graph, got {type(G).__name__}")
    if G.is_multigraph():
        raise nx.NetworkXNotImplemented(
            f"G: {function} does not support multigraphs; "
            "collapse parallel edges first, e.g. nx.Graph(G)"
        )


def edge_betweenness(
    G: nx.Graph[Any], *, normalized: bool = True, weight: str | None = None
) -> dict[tuple[Hashable, Hashable], float]:
    r"""Betweenness centrality of every edge of an undirected graph, by Brandes' algorithm.

    The same values as ``networkx.edge_betweenness_centrality(G, normalized=normalized)``,
    bit for bit: the floating-point operations run in networkx's order, so ties and near-ties
    compare the same way. The keys come in ``G.edges()`` order, oriented as networkx orients them.

    Parameters
    ----------
    G
        An undirected networkx graph. Self-loops are allowed (their betweenness is 0).
        Edge attributes, including ``weight``, are ignored: distances are hop counts.
    normalized
        Divide by :math:`n(n-1)`, the number of ordered node pairs; otherwise divide by 2 so
        that each unordered pair counts once.
    weight
        Must be ``None``. Weighted (Dijkstra) betweenness is not supported, and asking for it
        is an error rather than a silent fallback to hop counts.

    Returns
    -------
    dict
        Edge to betweenness.

    Raises
    ------
    TypeError
        If `G` is not a networkx graph.
    networkx.NetworkXNotImplemented
        If `G` is directed or a multigraph.
    ValueError
        If `weight` is not ``None``.

    Notes
    -----
    The betweenness of an edge :math:`e` is

    .. math:: c_B(e) = \sum_{s \ne t} \frac{\sigma(s, t \mid e)}{\sigma(s, t)}

    where :math:`\sigma(s, t)` counts the shortest :math:`s`-:math:`t` paths and
    :math:`\sigma(s, t \mid e)` those through :math:`e`. Brandes' accumulation computes all of
    it with one breadth-first search per source.

    Complexity: :math:`O(nm)` time, :math:`O(n + m)` memory.

    References
    ----------
    - Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
      Mathematical Sociology* 25(2):163-177. https://doi.org/10.1080/0022250X.2001.9990249

    Examples
    --------
    >>> import networkx as nx
    >>> edge_betweenness(nx.path_graph(4), normalized=False)
    {(0, 1): 3.0, (1, 2): 4.0, (2, 3): 3.0}
    >>> G = nx.karate_club_graph()
    >>> edge_betweenness(G) == nx.edge_betweenness_centrality(G)
    True
    """
    check_simple_graph(G, "edge_betweenness")
    if G.is_directed():
        raise nx.NetworkXNotImplemented(
            "G: edge_betweenness supports undirected graphs only; "
            "use G.to_undirected() or networkx.edge_betweenness_centrality"
        )
    if weight is not None:
        raise ValueError(
            f"weight: weighted edge betweenness is not supported (got {weight!r}); "
            "pass weight=None for hop-count betweenness"
        )
    nodes, edges, indptr, arcs = csr_graph(G)
    degree = np.diff(indptr)
    total = kernels.all_sources(indptr, degree, arcs[0], arcs[1], len(edges))
    scale = rescale_factor(len(nodes), normalized=normalized)
    if scale != 1:
        total *= scale
    return dict(zip(edges, total.tolist(), strict=True))


def edge_betweenness_reference(
    G: nx.Graph[Any], *, normalized: bool = True
) -> dict[tuple[Hashable, Hashable], float]:
    """:func:`edge_betweenness` by the pure-Python kernel: the reference the compiled one equals.

    `G` must be an undirected graph, not a multigraph (not checked).
    Complexity: :math:`O(nm)` time, :math:`O(n + m)` memory.

    Examples
    --------
    >>> edge_betweenness_reference(nx.path_graph(4), normalized=False)
    {(0, 1): 3.0, (1, 2): 4.0, (2, 3): 3.0}
    """
    nodes, edges, adjacency = integer_graph(G)
    n, m = len(nodes), len(edges)
    total = [0.0] * m
    for s in range(n):
        _, row, _ = single_source(adjacency, s, n, m)
        for e, c in enumerate(row):
            if c:
                total[e] += c
    scale = rescale_factor(n, normalized=normalized)
    if scale != 1:
        total = [b * scale for b in total]
    return dict(zip(edges, total, strict=True))
