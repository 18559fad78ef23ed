"""The one place that runs Graphviz: DOT text in, SVG, PNG or PDF bytes out, within a time limit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from exporters.gutter import GROUPED_MARK, route
from exporters.style import RENDERED_FORMATS, check_choice
from ictarch.errors import ExportError
from ictarch.i18n import msg

DEFAULT_TIMEOUT = 60.0
"""Seconds a layout may take before it is stopped; collapsed views take about a second."""



RELATION_MARK = 'class="relation"'
"""Edges so marked are left out of the layout and drawn over the placed nodes (see ``exporters.dot``)."""
OVERLAY = 'graph [splines="false", outputorder="edgesfirst"]'


def incomplete() -> ExportError:
    """Graphviz gave no usable drawing."""
    return ExportError(msg("export.graphviz-incomplete"))


def not_drawn() -> ExportError:
    """Diagrams were asked for without a renderer."""
    return ExportError(msg("export.no-renderer"))


def _which(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        raise ExportError(msg("export.graphviz-missing", binary=binary))
    return path


def _run(args: list[str], text: str, timeout: float) -> bytes:
    try:
        done = subprocess.run(args, input=text.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ExportError(msg("export.graphviz-timeout", seconds=f"{timeout:g}")) from None
    except OSError as exc:
        raise ExportError(msg("export.graphviz-cannot-run", program=args[0], error=str(exc.strerror or exc))) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip() or f"exit status {done.returncode}"
        raise ExportError(msg("export.graphviz-failed", message=message))
    return done.stdout


def render(dot_text: str, fmt: str, *, binary: str = "dot", timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Lay out and draw ``dot_text`` with the Graphviz ``binary`` (found on PATH) as ``fmt``.

    When edges are marked ``class="relation"``, the nodes are placed first without them (``dot -Tdot``),
    and ``neato -n2`` then draws every edge as a straight line between the placed nodes.
    """
    check_choice(fmt, RENDERED_FORMATS, "rendered format")
    dot = _which(binary)
    lines = dot_text.splitlines()
    overlay = [line for line in lines if RELATION_MARK in line]
    grouped = [line for line in lines if GROUPED_MARK in line]
    if not overlay and not grouped:
        return _run([dot, f"-T{fmt}"], dot_text, timeout)
    neato = _which(str(Path(binary).with_name("neato")) if Path(binary).name != binary else "neato")
    kept = (line for line in lines if RELATION_MARK not in line and GROUPED_MARK not in line)
    placed = _run([dot, "-Tdot"], "\n".join(kept), timeout)
    text = placed.decode("utf-8").rstrip()
    if not text.endswith("}"):
        raise incomplete()
    routed = [line.replace("xlabel=", "label=").replace("xlp=", "lp=") for line in route(text, grouped)]
    second = "\n".join([text[:-1].rstrip(), f"\t{OVERLAY};", *overlay, *routed, "}"]) + "\n"
    return _run([neato, "-n2", f"-T{fmt}"], second, timeout)
