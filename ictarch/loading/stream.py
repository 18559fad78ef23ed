"""Loading one province at a time, for commands that work on each province alone (``roadmap``, ``validate``,
``diagram national``).

:func:`~ictarch.loading.workspace.load_workspace` holds every province at once, which a command that
replays each province on its own does not need: :class:`ProvinceStream` loads the provinces in the same
order, hands each over as soon as it is loaded and keeps nothing of it, so memory holds one province.
It reports the same problems as :func:`load_workspace`, in the same order (the paths, each province's,
then province codes given twice), once every province has been read: :meth:`ProvinceStream.check`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeAlias, TypeVar

from ictarch import errors
from ictarch._memory import bulk_build, short_lived
from ictarch.errors import Diagnostic, Location, ModelLoadError
from ictarch.i18n import msg
from ictarch.loading import cache
from ictarch.loading.files import discover, reference_root
from ictarch.loading.province import LoadedArchitecture, LoadResult
from ictarch.loading.workspace import parallel_workers
from ictarch.models.reference import ReferenceCatalogue


def load_one(
    main: Path, catalogue: ReferenceCatalogue, fingerprint: str = "", cache_dir: Path | None = None
) -> LoadResult:
    """Load one province as :func:`load_workspace` does (through the cache when there is one), unfrozen: it is
    dropped after its turn, and its cycles must be collectable."""
    with short_lived(), bulk_build():
        result, _ = cache.load_cached(main, catalogue, fingerprint, cache_dir)
    return result


@dataclass(frozen=True)
class Loaded:
    """What the stream keeps of a province loaded in another process: its code, where it is written, NFC notes."""

    code: str
    where: Location | None
    normalized: tuple[str, ...]

    @classmethod
    def of(cls, loaded: LoadedArchitecture) -> Loaded:
        return cls(loaded.code, loaded.locate(loaded.code, "code"), loaded.normalized)


@dataclass
class ProvinceStream:
    """The provinces named by some paths, loaded one at a time (see the module's notes)."""

    catalogue: ReferenceCatalogue
    mains: list[Path]
    cache_dir: Path | None = None
    fingerprint: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """The paths' problems, then each province's as it is read."""
    normalized: list[str] = field(default_factory=list)
    """Files whose text was normalized to NFC, over the provinces read so far."""
    _codes: dict[str, Location | None] = field(default_factory=dict)
    _twice: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def open(
        cls, paths: Sequence[Path], reference: Path | None = None, *, cache_dir: Path | None = None
    ) -> ProvinceStream:
        with bulk_build():
            catalogue, fingerprint = cache.load_reference(reference or reference_root(), cache_dir)
        mains, diagnostics = discover(paths)
        if cache_dir is not None:
            cache.sweep(cache_dir)
        return cls(catalogue, mains, cache_dir, fingerprint, diagnostics)

    def __len__(self) -> int:
        return len(self.mains)

    @property
    def failed(self) -> bool:
        """Whether a problem has been found so far: what is produced from then on will not be shown."""
        return bool(self.diagnostics or self._twice)

    def __iter__(self) -> Iterator[LoadedArchitecture | None]:
        """Each province in turn, None for one that did not load; the caller drops it before the next."""
        for main in self.mains:
            loaded, diags = load_one(main, self.catalogue, self.fingerprint, self.cache_dir)
            self.record(diags, loaded)
            yield loaded

    def record(self, diagnostics: list[Diagnostic], loaded: LoadedArchitecture | Loaded | None) -> None:
        """Note what loading the next province found (for provinces loaded elsewhere, in the stream's order)."""
        self.diagnostics.extend(diagnostics)
        if loaded is None:
            return
        self.normalized.extend(loaded.normalized)
        code = loaded.code
        where = loaded.locate(code, "code") if isinstance(loaded, LoadedArchitecture) else loaded.where
        if code in self._codes:
            self._twice.append(
                Diagnostic(
                    errors.DUPLICATE_ID,
                    msg("load.code-twice", code=code),
                    where,
                    related=self._codes[code],
                    hint=msg("load.own-code"),
                )
            )
        self._codes[code] = where

    def check(self) -> None:
        """Raise every problem found, as :func:`load_workspace` would (call after iterating)."""
        if self.failed:
            raise ModelLoadError([*self.diagnostics, *self._twice])


T = TypeVar("T")

_Outcome: TypeAlias = "tuple[list[Diagnostic], Loaded | None, T | None]"
"""What loading one province gave: its problems, what the stream keeps of it, and what the work returned."""


class _Each(Generic[T]):
    """Load one province and apply the work to it (sent to worker processes: plain data and a picklable work).
    A plain class, not a dataclass: ``validate`` of one small province imports this module, and pays for each
    class it makes."""

    def __init__(
        self,
        catalogue: ReferenceCatalogue,
        fingerprint: str,
        cache_dir: Path | None,
        work: Callable[[LoadedArchitecture, ReferenceCatalogue], T | None],
    ) -> None:
        self.catalogue, self.fingerprint, self.cache_dir, self.work = catalogue, fingerprint, cache_dir, work

    def __call__(self, main: Path) -> _Outcome[T]:
        loaded, diagnostics = load_one(main, self.catalogue, self.fingerprint, self.cache_dir)
        if loaded is None:
            return diagnostics, None, None
        return diagnostics, Loaded.of(loaded), None if diagnostics else self.work(loaded, self.catalogue)


def map_provinces(
    stream: ProvinceStream,
    work: Callable[[LoadedArchitecture, ReferenceCatalogue], T | None],
    advance: Callable[[int, int], None],
) -> list[T]:
    """``work`` applied to each province of ``stream`` in turn, in worker processes for a large model: each
    province is loaded, worked on and dropped, and only what ``work`` returns is kept (memory holds one province
    per process); a None from ``work`` is left out. A province with a problem is not worked on, and
    :meth:`ProvinceStream.check` then raises. ``work`` must be picklable (a module's function, or a partial of
    one)."""
    each = _Each(stream.catalogue, stream.fingerprint, stream.cache_dir, work)
    workers = parallel_workers(stream.mains)
    values: list[T] = []
    with contextlib.ExitStack() as stack:
        pool = None
        if workers == 1:
            outcomes: Iterator[_Outcome[T]] = map(each, stream.mains)
        else:
            from concurrent.futures import ProcessPoolExecutor

            from ictarch._children import pool_worker

            pool = stack.enter_context(
                ProcessPoolExecutor(max_workers=workers, initializer=pool_worker, initargs=(os.getpid(),))
            )
            outcomes = pool.map(each, stream.mains)
        try:
            for i, (diagnostics, loaded, value) in enumerate(outcomes, 1):
                stream.record(diagnostics, loaded)
                if value is not None:
                    values.append(value)
                advance(i, len(stream))
        except BaseException:  # stopped (Ctrl-C) or failed: the provinces not begun are dropped
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            raise
    return values
