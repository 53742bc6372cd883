"""Compiled (numba) kernels for Girvan–Newman: the same floats as networkx, as machine code.

The pure-Python kernel :func:`~portfolio.community.betweenness.single_source` and the NumPy
state :class:`~portfolio.community.dendrogram.IncrementalBetweenness` are the reference; the
functions here do the same floating-point operations in the same order, compiled by numba, and
the tests hold them equal bit for bit. numba is asked for IEEE arithmetic only: no ``fastmath``
(which would let LLVM reorder sums) and no fused multiply-add contraction, which LLVM does not
apply to separate ``*`` and ``+`` unless told to.

Compiled code is cached on disk (``cache=True``): numba writes it to ``__pycache__`` next to this
file, or to a per-user cache directory when that is read-only, so the compile cost is paid once
per machine rather than once per process.

Graphs are passed as arrays: ``indptr``, ``degree``, ``neighbour`` and ``edge`` are a compressed
sparse row adjacency whose node ``v`` has its live arcs at
``indptr[v] : indptr[v] + degree[v]``, in networkx's neighbour order; removing an edge shifts the
later arcs of its two ends one place left, so that order is kept.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

__all__ = [
    "all_sources",
    "brandes",
    "component_orders",
    "initialise",
    "most_central_edge",
    "next_level",
    "remove_edge",
]

# One set of options for every kernel: compile on first call, cache the machine code on disk,
# release the GIL, and keep IEEE semantics (fastmath off).
_jit = njit(cache=True, nogil=True, fastmath=False, error_model="numpy")


@_jit
def brandes(
    indptr: Any,
    degree: Any,
    neighbour: Any,
    edge: Any,
    source: int,
    dist: Any,
    sigma: Any,
    delta: Any,
    order: Any,
    out: Any,
) -> int:  # pragma: no cover - compiled; tested through its callers
    """One source's Brandes search and accumulation, in networkx's floating-point order.

    The index arrays (`indptr`, `degree`, `neighbour`, `edge`, `order`) are ``uint32``.
    `dist` must be ``-1`` on the source's component and is left holding the hop distances;
    `sigma` and `delta` must be ``0`` there and are left ``0``; `order` needs room for one
    node more than the component has. Each edge on a shortest path from `source` gets its
    contribution added to ``out[e]`` (so a zeroed `out` receives exactly the contributions).
    Returns the number of nodes reached; ``order[:count]`` is the visiting order.
    """
    one = np.uint32(1)
    dist[source] = 0
    sigma[source] = 1.0
    order[0] = source
    head = np.uint32(0)
    count = np.uint32(1)
    # Unsigned indices spare numba's negative-index wraparound on every access. The forward
    # loop is branch-free (its branches mispredict): adding 0.0 to a positive sum leaves its
    # bits unchanged, so the masked update gives exactly the floats of networkx's if-statements.
    while head < count:
        v = order[head]
        head += one
        dw = dist[v] + 1
        sv = sigma[v]
        a = indptr[v]
        stop = a + degree[v]
        while a < stop:
            w = neighbour[a]
            a += one
            d = dist[w]
            new = d < 0
            order[count] = w
            count += np.uint32(new)
            dist[w] = dw if new else d
            sigma[w] += sv if (new or d == dw) else 0.0
    i = count
    while i > 0:
        i -= one
        w = order[i]
        dv = dist[w] - 1
        coeff = (1.0 + delta[w]) / sigma[w]
        a = indptr[w]
        stop = a + degree[w]
        while a < stop:
            v = neighbour[a]
            if dist[v] == dv:
                c = sigma[v] * coeff
                out[edge[a]] += c
                delta[v] += c
            a += one
    i = np.uint32(0)
    while i < count:
        w = order[i]
        delta[w] = 0.0
        sigma[w] = 0.0
        i += one
    return int(count)


@_jit
def all_sources(
    indptr: Any, degree: Any, neighbour: Any, edge: Any, m: int
) -> Any:  # pragma: no cover - compiled; tested through edge_betweenness
    """Unscaled edge betweenness of the whole graph: every source's share added in node order."""
    n = degree.shape[0]
    total = np.zeros(m)
    dist = np.full(n, -1, dtype=np.int32)
    sigma = np.zeros(n)
    delta = np.zeros(n)
    order = np.empty(n + 1, dtype=np.uint32)
    for s in range(n):
        count = brandes(indptr, degree, neighbour, edge, s, dist, sigma, delta, order, total)
        for i in range(count):
            dist[order[i]] = -1
    return total


@_jit
def initialise(
    indptr: Any, degree: Any, neighbour: Any, edge: Any, dist: Any, contrib: Any, total: Any
) -> None:  # pragma: no cover - compiled; tested through CompiledBetweenness
    """Fill the per-source state of a fresh graph: distances, contributions and totals.

    With stored state (``contrib`` has a row per node) each source's contributions go to its
    row and the totals add the rows in node order; without it (``contrib`` has no rows) the
    totals add each source's contributions directly, in the same order.
    """
    n = degree.shape[0]
    sigma = np.zeros(n)
    delta = np.zeros(n)
    order = np.empty(n + 1, dtype=np.uint32)
    if contrib.shape[0] == n:
        for s in range(n):
            brandes(indptr, degree, neighbour, edge, s, dist[s], sigma, delta, order, contrib[s])
        m = total.shape[0]
        for s in range(n):
            row = contrib[s]
            for e in range(m):
                total[e] += row[e]
    else:
        scratch = np.full(n, -1, dtype=np.int32)
        for s in range(n):
            count = brandes(indptr, degree, neighbour, edge, s, scratch, sigma, delta, order, total)
            for i in range(count):
                scratch[order[i]] = -1


@_jit
def most_central_edge(total: Any, alive: Any, scale: float) -> int:  # pragma: no cover
    """The first live edge with the largest scaled total, as ``max`` over networkx's dict."""
    best = -1.0
    chosen = -1
    for e in range(total.shape[0]):
        if alive[e]:
            x = total[e] * scale
            if x > best:
                best = x
                chosen = e
    return chosen


@_jit
def _drop_arc(indptr: Any, degree: Any, neighbour: Any, edge: Any, v: int, e: int) -> None:
    """Remove edge `e` from `v`'s live arcs, keeping the others in order."""  # pragma: no cover
    start = indptr[v]
    stop = start + degree[v]
    a = start
    while edge[a] != e:
        a += 1
    for b in range(a, stop - 1):
        neighbour[b] = neighbour[b + 1]
        edge[b] = edge[b + 1]
    degree[v] -= 1


@_jit
def remove_edge(
    e: int,
    indptr: Any,
    degree: Any,
    neighbour: Any,
    edge: Any,
    tail: Any,
    head: Any,
    alive: Any,
    label: Any,
    labels: Any,
    dist: Any,
    contrib: Any,
    total: Any,
) -> bool:  # pragma: no cover - compiled; tested through CompiledBetweenness
    """Remove edge `e`, update the state, and return whether its component split.

    Only the component that held `e` changes. With stored state, only its sources ``s`` with
    ``d(s, u) != d(s, v)`` are searched again (all of them on a split), the edges whose
    contribution changed are marked, and each marked edge's total is re-added over the
    component's sources in node order. Without stored state every source of the component is
    searched and the totals re-added directly. A split gives the part reachable from ``tail[e]``
    the next free label, ``labels[0]``.
    """
    n = degree.shape[0]
    m = total.shape[0]
    u = tail[e]
    v = head[e]
    _drop_arc(indptr, degree, neighbour, edge, u, e)
    _drop_arc(indptr, degree, neighbour, edge, v, e)
    alive[e] = False
    total[e] = 0.0
    old = label[u]
    members = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        if label[i] == old:
            members[k] = i
            k += 1
    edges = np.empty(m, dtype=np.int64)
    ce = 0
    for j in range(m):
        if alive[j] and label[tail[j]] == old:
            edges[ce] = j
            ce += 1
    # Does v stay reachable from u?
    order = np.empty(n + 1, dtype=np.uint32)
    seen = np.zeros(n, dtype=np.bool_)
    seen[u] = True
    order[0] = u
    head_ = 0
    count = 1
    while head_ < count:
        x = order[head_]
        head_ += 1
        start = indptr[x]
        for a in range(start, start + degree[x]):
            w = neighbour[a]
            if not seen[w]:
                seen[w] = True
                order[count] = w
                count += 1
    split = not seen[v]
    if split:
        new = labels[0]
        labels[0] += 1
        for i in range(count):
            label[order[i]] = new
    sigma = np.zeros(n)
    delta = np.zeros(n)
    if contrib.shape[0] == n:
        row = np.zeros(m)
        dirty = np.zeros(m, dtype=np.bool_)
        for i in range(k):
            s = members[i]
            contrib[s, e] = 0.0
            if not split and dist[s, u] == dist[s, v]:
                continue
            drow = dist[s]
            for j in range(k):
                drow[members[j]] = -1
            brandes(indptr, degree, neighbour, edge, s, drow, sigma, delta, order, row)
            crow = contrib[s]
            for t in range(ce):
                j = edges[t]
                x = row[j]
                if crow[j] != x:
                    crow[j] = x
                    dirty[j] = True
                row[j] = 0.0
        marked = np.empty(ce, dtype=np.int64)
        nd = 0
        for t in range(ce):
            j = edges[t]
            if dirty[j]:
                marked[nd] = j
                nd += 1
        acc = np.zeros(nd)
        for i in range(k):
            crow = contrib[members[i]]
            for t in range(nd):
                acc[t] += crow[marked[t]]
        for t in range(nd):
            total[marked[t]] = acc[t]
    else:
        for t in range(ce):
            total[edges[t]] = 0.0
        scratch = np.full(n, -1, dtype=np.int32)
        for i in range(k):
            count = brandes(
                indptr, degree, neighbour, edge, members[i], scratch, sigma, delta, order, total
            )
            for j in range(count):
                scratch[order[j]] = -1
    return split


@_jit
def component_orders(
    indptr: Any, degree: Any, neighbour: Any, order: Any, starts: Any
) -> int:  # pragma: no cover - compiled; tested through CompiledBetweenness
    """The components as networkx's ``connected_components`` finds and fills them.

    Components in order of their first node, each in breadth-first order from that node:
    component ``c`` is ``order[starts[c] : starts[c + 1]]``. Returns the number of components.
    """
    n = degree.shape[0]
    seen = np.zeros(n, dtype=np.bool_)
    pos = 0
    c = 0
    for r in range(n):
        if seen[r]:
            continue
        starts[c] = pos
        c += 1
        seen[r] = True
        order[pos] = r
        head = pos
        pos += 1
        while head < pos:
            x = order[head]
            head += 1
            start = indptr[x]
            for a in range(start, start + degree[x]):
                w = neighbour[a]
                if not seen[w]:
                    seen[w] = True
                    order[pos] = w
                    pos += 1
    starts[c] = n
    return c


@_jit
def next_level(
    indptr: Any,
    degree: Any,
    neighbour: Any,
    edge: Any,
    tail: Any,
    head: Any,
    alive: Any,
    label: Any,
    labels: Any,
    dist: Any,
    contrib: Any,
    total: Any,
    scale: float,
    order: Any,
    starts: Any,
) -> int:  # pragma: no cover - compiled; tested through CompiledBetweenness
    """Remove most central edges until a component splits; then list the components.

    Returns the number of components, laid out in `order` and `starts` as
    :func:`component_orders` lays them out, or ``-1`` if no edge was left.
    """
    while True:
        e = most_central_edge(total, alive, scale)
        if e < 0:
            return -1
        if remove_edge(
            e,
            indptr,
            degree,
            neighbour,
            edge,
            tail,
            head,
            alive,
            label,
            labels,
            dist,
            contrib,
            total,
        ):
            break
    return component_orders(indptr, degree, neighbour, order, starts)
