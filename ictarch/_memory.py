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


@contextmanager
def bulk_build() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def release_frozen() -> None:
    """Let the collector reclaim what earlier builds froze: a long-lived process calls this after each rebuild.

    A one-shot command exits soon after building, so freezing costs it nothing; the language server and the
    live preview rebuild on every change, and without this each rebuild's cycles would stay frozen for good
    (about 2 MB a rebuild of a seed province).
    """
    gc.unfreeze()
    gc.collect()
