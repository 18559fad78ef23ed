"""The ictarch command line: the entry point (``ictarch = "cli:main"``).

Each command lives in its own module of :mod:`ictarch.cli`; importing them registers them on the
group. The command line is the only place that prints, reads the environment, writes files and exits.

Exit codes: 0 clean, 1 findings at or above the failure threshold, 2 invalid input, usage or
configuration error, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

from ictarch.cli import (  # noqa: F401  (each import registers its commands)
    catalogue,
    check,
    diagram,
    diff,
    exchange,
    export,
    frameworks,
    impact,
    lsp,
    merge,
    report,
    roadmap,
    scaffold,
    schema,
    serve,
    show,
    validate,
)
from ictarch.cli.base import main
from ictarch.cli.diagram import VIEWS

__all__ = ["VIEWS", "main"]

if __name__ == "__main__":  # pragma: no cover
    main()
