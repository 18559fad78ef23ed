"""The ictarch version, on its own so that every stage can read it without importing the public API; with the
digest of the code that produced a cached result."""

from __future__ import annotations

import functools
from pathlib import Path

__version__ = "0.1.0"


@functools.cache
def code_digest() -> str:
    """A digest of ictarch's own source: the code that validated an entry or ran the checks of a report.

    A model class or a check changed during development (a field added, a validator changed) without a
    new version number must not be served results of the old code. Read once per run (a few ms).
    """
    import hashlib  # here: the command line's start-up does not need it

    root = Path(__file__).resolve().parent  # the ictarch package
    digest = hashlib.sha256()
    for source in sorted(root.rglob("*.py")):
        digest.update(source.relative_to(root).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()
