"""Girvan–Newman community detection: a faster drop-in for networkx's, with the same output.

Examples
--------
>>> import networkx as nx
>>> from portfolio.community import girvan_newman
>>> G = nx.barbell_graph(3, 0)
>>> next(girvan_newman(G))
({0, 1, 2}, {3, 4, 5})
"""

from __future__ import annotations

from portfolio.community.betweenness import edge_betweenness
from portfolio.community.dendrogram import best_partition, girvan_newman

__all__ = ["best_partition", "edge_betweenness", "girvan_newman"]
