"""ictarch: architecture-as-code for provincial smart-city ICT architectures in Vietnam.

The public API: load models, build the graph, run the checks. Everything else is internal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ictarch.version import __version__

__all__ = [
    "ArchGraph",
    "Report",
    "Workspace",
    "__version__",
    "build_graph",
    "load_workspace",
    "run",
]

if TYPE_CHECKING:
    from ictarch.findings import Report
    from ictarch.graph import ArchGraph, build_graph
    from ictarch.loading import Workspace, load_workspace
    from ictarch.runner import run


def __getattr__(name: str) -> Any:
    """Import lazily: ``import ictarch`` stays cheap, and the modules that read ``__version__`` can import it."""
    if name in ("ArchGraph", "build_graph"):
        from ictarch import graph

        return getattr(graph, name)
    if name in ("Workspace", "load_workspace"):
        from ictarch import loading

        return getattr(loading, name)
    if name == "Report":
        from ictarch.findings import Report

        return Report
    if name == "run":
        from ictarch.runner import run

        return run
    raise AttributeError(f"module 'ictarch' has no attribute {name!r}")
