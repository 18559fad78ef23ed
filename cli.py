"""The ictarch command line: the entry point (``ictarch = "cli:main"``).

Each command lives in its own module of :mod:`ictarch.cli`, imported only when the command runs
(:mod:`ictarch.cli.commands` says which module defines which command). The command line is the only
place that prints, reads the environment, writes files and exits.

Exit codes: 0 clean, 1 findings at or above the failure threshold, 2 invalid input, usage or
configuration error, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ictarch.cli.base import main

if TYPE_CHECKING:
    from ictarch.cli.diagram import VIEWS

__all__ = ["VIEWS", "main"]


def __getattr__(name: str) -> Any:
    """``VIEWS``, the diagram command's views, from its module when asked for (the command line does not need it)."""
    if name == "VIEWS":
        from ictarch.cli.diagram import VIEWS

        return VIEWS
    raise AttributeError(f"module 'cli' has no attribute {name!r}")


if __name__ == "__main__":  # pragma: no cover
    main()
