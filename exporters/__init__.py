"""Exporters: pure functions from the graph (or a view of it) to text or bytes.

One module per format (``dot``, ``mermaid``, ``graphml``, ``archi_csv``, ``archimate``, ``graph_json``), the
view models they draw (``views``), the one style table (``style``), the routes of grouped edges around
placed bands (``gutter``), the YAML writer (``yaml_writer``), the review site (``site``), and ``render``: the
single place that runs the Graphviz ``dot`` binary. Exporters never write files; the CLI does. The ArchiMate
exchange-file reader is in :mod:`ictarch.exchange`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagram:
    """A diagram as text: the view it draws, the text, and the file extension it is saved with."""

    key: str
    text: str
    extension: str
