"""Building the long-lived structures of a run without paying for the cyclic garbage collector.

CPython's cyclic collector rescans every tracked object in the oldest generation each time it
runs a full collection; while a large parsed tree or graph is being built, those rescans grow
with what has been built so far and make the build superlinear. Nothing built here forms
reference cycles worth collecting, so the collector is paused during the build and what was
built is then frozen out of later collections (reference counting still frees it).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_short_lived = 0
"""Depth of :func:`short_lived` blocks: builds inside them are not frozen."""

_by_hand = 0
"""Depth of :func:`collected_by_hand` blocks."""


@contextmanager
def bulk_build() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if not _short_lived:
            gc.freeze()


@contextmanager
def short_lived() -> Iterator[None]:
    """Builds inside are dropped soon after (a roadmap year's model and graph, one side of a diff): not frozen.

    A frozen object is never examined by the collector, so a reference cycle through it is never freed: a
    networkx graph's cached views (``G.degree``) refer back to the graph, and a frozen graph with such a view
    outlives its run. A command that builds many such structures one after another keeps them collectable;
    the collector is still paused while each is built.
    """
    global _short_lived
    _short_lived += 1
    try:
        yield
    finally:
        _short_lived -= 1


def release_frozen() -> None:
    """Let the collector reclaim what earlier builds froze: a long-lived process calls this after each rebuild.

    A one-shot command exits soon after building, so freezing costs it nothing; the language server and the
    live preview rebuild on every change, and without this each rebuild's cycles would stay frozen for good
    (about 2 MB a rebuild of a seed province).
    """
    gc.unfreeze()
    gc.collect()


@contextmanager
def collected_by_hand() -> Iterator[None]:
    """The collector paused while a command works through provinces it reads and drops one at a time (the
    review site's pages), and run by :func:`dropped` when one is dropped.

    Running by itself, it examined the provinces being read again and again as the pages were built: about a
    sixth of ``report``'s CPU at 4 provinces of 10,000 components. A dropped province is a reference cycle (its
    graph's views), freed only by a collection: one per province keeps memory to the provinces held."""
    global _by_hand
    enabled = gc.isenabled()
    gc.disable()
    _by_hand += 1
    try:
        yield
    finally:
        _by_hand -= 1
        if enabled:
            gc.enable()


def dropped() -> None:
    """A province (or as large a structure) was just dropped: inside :func:`collected_by_hand`, collect now."""
    if _by_hand:
        gc.collect()
