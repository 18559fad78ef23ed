"""Workspace discovery and loading: find the models a command names, load them (in parallel when large)."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ictarch import errors
from ictarch._memory import bulk_build, short_lived
from ictarch._packing import pack, unpack
from ictarch.errors import Diagnostic, ModelLoadError
from ictarch.i18n import msg
from ictarch.loading import cache
from ictarch.loading.files import MAIN_FILE, FolderSnapshot, ModelFolder, discover, display_name, reference_root
from ictarch.loading.keys import probe
from ictarch.loading.province import LazyArchitecture, LoadedArchitecture, LoadResult, load_province_files
from ictarch.loading.source_map import SourceMap
from ictarch.models.province import ProvinceArchitecture
from ictarch.models.reference import ReferenceCatalogue


def examples_root() -> Path:
    """The shipped province models."""
    import province_models

    return Path(next(iter(province_models.__path__)))


@dataclass
class Workspace:
    """Everything one run works on: the reference catalogue and the province architectures."""

    catalogue: ReferenceCatalogue
    provinces: list[LoadedArchitecture]
    fingerprint: str | None = None
    """A digest of every input file and the ictarch version, when loaded with a cache; equal
    fingerprints mean identical inputs, so results computed from them may be reused."""
    province_keys: dict[str, str] = field(default_factory=dict)
    """Each province's model-cache key by code (the bytes of its files, the reference files, the code
    that validated it), when loaded with a cache: a province's own results may be reused under it."""
    prepared: dict[str, object] = field(default_factory=dict)
    """What the load's ``prepare`` gave for each province a worker loaded, by code (see :data:`Prepare`)."""

    def province(self, code: str) -> LoadedArchitecture:
        for p in self.provinces:
            if p.code == code:
                return p
        raise KeyError(code)


ProgressCallback = typing.Callable[[int, int], None]
"""Called with (provinces done, provinces in all) as loading proceeds."""

Prepare = typing.Callable[[LoadedArchitecture, ReferenceCatalogue, str | None], object]
"""Work the caller wants done on a province in the worker process that just loaded it (given its model-cache
key, None without a cache), while the other worker loads: its result comes back with the model
(:attr:`Workspace.prepared`). Provinces loaded in this
process (the model cache's, a small input) are not prepared: the caller does their work itself."""

PARALLEL_THRESHOLD_BYTES = 2_000_000
"""Below this much YAML, starting worker processes costs more than it saves."""


def load_workspace(
    paths: Sequence[Path],
    reference: Path | None = None,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
    prepare: Prepare | None = None,
    lazy: bool = False,
    reads_models: bool = True,
    reads_maps: bool = True,
) -> Workspace:
    """Load the catalogue and every province model named by ``paths``; raise all errors at once.

    Province files are independent, so they are parsed in parallel across ``jobs`` processes
    (default: the machine's cores, for large inputs). With ``cache_dir``, validated models are
    reused from a cache keyed by the content of their files, the reference files and the ictarch
    version; ``prepare`` runs in the workers on what they load (:data:`Prepare`). ``lazy``: a model loaded
    by a worker is read here only when first used (:class:`ShippedArchitecture`), for a command that reads few
    of them; else as it arrives, while the workers load the others. ``reads_models=False`` (with ``lazy``): the
    command reads none of the models of the provinces ``prepare`` has done (``reads_maps=False``: nor their source
    maps), so a worker sends what it read them from instead (:class:`Recording`), and one asked for all the same
    is loaded again from that. The cyclic garbage collector is paused while loading (see :mod:`ictarch._memory`).
    """
    with bulk_build():
        catalogue, fingerprint = cache.load_reference(reference or reference_root(), cache_dir)
        mains, diagnostics = discover(paths)
        results, keys, prepared = _load_all(
            mains, catalogue, fingerprint, cache_dir, jobs, progress, prepare, lazy, (reads_models, reads_maps)
        )
    provinces: list[LoadedArchitecture] = []
    for loaded, diags in results:
        diagnostics.extend(diags)
        if loaded is not None:
            provinces.append(loaded)
    codes: dict[str, LoadedArchitecture] = {}
    for p in provinces:
        if p.code in codes:
            diagnostics.append(
                Diagnostic(
                    errors.DUPLICATE_ID,
                    msg("load.code-twice", code=p.code),
                    p.locate(p.code, "code"),
                    related=codes[p.code].locate(p.code, "code"),
                    hint=msg("load.own-code"),
                )
            )
        codes[p.code] = p
    if diagnostics:
        raise ModelLoadError(diagnostics)
    digest = None
    province_keys = {
        loaded.code: key for (loaded, _), key in zip(results, keys, strict=True) if loaded is not None and key
    }
    if cache_dir is not None and None not in keys:
        digest = workspace_fingerprint(fingerprint, [k or "" for k in keys], provinces)
    return Workspace(catalogue, provinces, digest, province_keys, prepared)


def workspace_fingerprint(reference: str, keys: Sequence[str], provinces: Sequence[LoadedArchitecture]) -> str:
    """The digest of a workspace: its reference files' digest, each province's cache key (the bytes parsed)
    and the names of the files as this run names them, from where it runs (a report's locations)."""
    names = [name for p in provinces for name in (display_name(p.root), *p.file_names())]
    return hashlib.sha256("\n".join([reference, *keys, *names]).encode()).hexdigest()


def parallel_workers(mains: Sequence[Path]) -> int:
    """Worker processes for loading the provinces of ``mains``: the machine's cores (one province each at most) for
    a large model, else 1 (starting processes costs more than a small model's loading)."""
    size = sum(sum(f.stat().st_size for f in m.parent.glob("*.yaml")) if m.name == MAIN_FILE else 0 for m in mains)
    if size <= PARALLEL_THRESHOLD_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, len(mains)))


def _load_all(
    mains: list[Path],
    catalogue: ReferenceCatalogue,
    fingerprint: str,
    cache_dir: Path | None,
    jobs: int | None,
    progress: ProgressCallback | None,
    prepare: Prepare | None = None,
    lazy: bool = False,
    reads: tuple[bool, bool] = (True, True),
) -> tuple[list[LoadResult], list[str | None], dict[str, object]]:
    total = len(mains)
    workers = max(1, min(jobs, total)) if jobs is not None else parallel_workers(mains)
    results: list[LoadResult | None] = [None] * total
    keys: list[str | None] = [None] * total
    done = 0
    prepared: dict[str, object] = {}
    snapshots: list[FolderSnapshot | None] = [None] * total
    if cache_dir is not None:  # cache hits are cheaper here than shipping models back from workers
        cache.sweep(cache_dir)
        for i, main in enumerate(mains):
            key, snapshots[i] = probe(main, fingerprint)
            hit = cache.read_cache(cache_dir, key, main, (catalogue, fingerprint)) if key is not None else None
            if hit is not None:
                results[i], keys[i] = (hit, []), key
                done += 1
                if progress:
                    progress(done, total)
    misses = [i for i in range(total) if results[i] is None]
    workers = max(1, min(workers, len(misses)))
    if workers == 1:
        for i in misses:
            results[i], keys[i] = cache.load_cached(mains[i], catalogue, fingerprint, cache_dir, snapshots[i])
            done += 1
            if progress:
                progress(done, total)
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed  # a pool's modules: only for one

        initargs = (os.getpid(), catalogue, prepare, reads if lazy else (True, True))  # not lazy: read as they come
        with ProcessPoolExecutor(max_workers=workers, initializer=_receive, initargs=initargs) as pool:
            futures = {pool.submit(_load_in_worker, mains[i], fingerprint, cache_dir, snapshots[i]): i for i in misses}
            try:
                for future in as_completed(futures):
                    i = futures[future]
                    shipped, keys[i], extra = future.result()
                    result = results[i] = _unship(shipped, lazy, catalogue)
                    if extra is not None and result[0] is not None:
                        prepared[result[0].code] = extra
                    done += 1
                    if progress:
                        progress(done, total)
            except BaseException:  # stopped (Ctrl-C) or failed: the provinces not begun are dropped
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    return [r for r in results if r is not None], keys, prepared


_worker_catalogue: ReferenceCatalogue | None = None
"""The catalogue a load worker received once, when it started (not once per province)."""
_worker_prepare: Prepare | None = None
_worker_reads: tuple[bool, bool] = (True, True)
"""Whether the command reads the models, and the source maps, of the provinces its workers prepare (see
:func:`load_workspace`)."""

Summary = tuple[str, frozenset[str], tuple[str, ...], int]
"""What a command reads of most provinces without their model: the code, the checks the waivers name, the
``include`` patterns and the number of components."""


@dataclass(frozen=True)
class Recording:
    """What a load worker read a province from, sent instead of its model and source map to a command that reads
    neither (a national ``check``): the same province is loaded again from it, here, if they are asked for after
    all. Packing what was read costs a tenth of packing the model and its map (3 ms against 32 ms for a province of
    2,000 components), and the files on disk are not read again: what is loaded is what the worker loaded."""

    packed: bytes
    """:meth:`FolderSnapshot.recorded`, pickled and compressed."""
    main: str
    """The main file's name in the province's folder."""
    catalogue: ReferenceCatalogue | None = None
    """The run's catalogue, attached where the recording arrives (a worker does not send it back)."""


_Shipped = tuple[
    tuple[bytes, Summary, Path, bytes, tuple[str, ...], tuple[str, ...], Recording | None] | None, list[Diagnostic]
]
"""A load result on its way from a worker: the model as :func:`ship_model` packs it, which the main process
reads back in less time than unpickling its objects, and the same model (the cache's round trip), with its
summary; the source map as :func:`pack_source_map` packs it, and the model's file names; or, for a command that
reads no model, empty model and map and the :class:`Recording` to load them from."""


def ship_model(arch: ProvinceArchitecture) -> bytes:
    """A model as a load worker sends it and the command keeps it until read: the JSON the model cache stores,
    compressed (:mod:`ictarch._packing`). The JSON of a generated province of 2,000 components is 2.1 MB, and
    0.19 MB packed (lz4; 0.13 MB by zlib's fastest level): a national ``check`` held 68 MiB of model JSON at
    34 × 2,000, and reads none of it."""
    return pack(arch.model_dump_json(by_alias=True).encode())


def pack_source_map(source_map: SourceMap) -> bytes:
    """A source map as a load worker sends it and the command keeps it until read: pickled and compressed
    (:mod:`ictarch._packing`). Where every entity of a province of 2,000 components stands takes 2.5 MB as
    objects, 1.5 MB pickled and 0.44 MB packed (lz4; 0.30 MB by zlib); a national ``check`` or ``report`` places
    its findings with what the workers located (ICT204's subjects,
    :attr:`~ictarch.checks.spec.CheckSpec.subjects`) and reads no map, and unpickling them all cost the command
    about 1.5 s of CPU at 34 x 2,000 while the workers loaded."""
    return pack(pickle.dumps(source_map, pickle.HIGHEST_PROTOCOL))


class ShippedArchitecture(LazyArchitecture):
    """A province loaded and validated in a load worker, whose model is read here only when a command first
    reads it.

    A national ``check`` (which loads with ``lazy``) reads no model of a province whose results the load
    workers computed (its findings, coverage and ICT204 groups come with it), only its code, waivers and size:
    the summary keeps them. Reading every model back cost the main process some 3 s of CPU at 34 × 2,000
    components, while both load workers were busy, and held every model's objects until the end of the run."""

    def __init__(
        self,
        model: bytes,
        summary: Summary,
        root: Path,
        source_map: SourceMap | bytes,
        normalized: tuple[str, ...],
        files: tuple[str, ...] | None = None,
        recording: Recording | None = None,
    ) -> None:
        """``model``: as :func:`ship_model` packs it; ``source_map``: or as :func:`pack_source_map` packs it, read
        when first used; ``files``: the model's file names (:meth:`file_names` without reading the map);
        ``recording`` (with its catalogue): what the model is loaded from when it is empty, and the map with it when
        that is empty too."""
        super().__init__(*summary, root, SourceMap(), normalized)
        self._map: SourceMap | None = source_map if isinstance(source_map, SourceMap) else None
        self._packed_map = source_map if isinstance(source_map, bytes) else b""
        self._files = files
        self._model = model
        self._recording = recording

    @property
    def source_map(self) -> SourceMap:
        if self._map is None:
            if self._packed_map or self._recording is None:
                self._map = pickle.loads(unpack(self._packed_map))  # a worker packed it
                self._packed_map = b""
            else:  # not sent: loaded again with the model
                loaded = self._reload()
                if self._architecture is None:
                    self._architecture = loaded.architecture  # what the load gave is kept, not loaded again
                self._recording = None
        assert self._map is not None
        return self._map

    @source_map.setter
    def source_map(self, value: SourceMap) -> None:
        self._map, self._packed_map = value, b""

    def file_names(self) -> list[str]:
        if self._map is None and self._files is not None:
            return list(self._files)
        return super().file_names()

    def _read(self) -> ProvinceArchitecture:
        if self._recording is not None:
            return self._reload().architecture
        return ProvinceArchitecture.model_validate_json(unpack(self._model))  # valid: a worker dumped it

    def _reload(self) -> LoadedArchitecture:
        """The province loaded again from what its worker read; its source map kept."""
        recording = self._recording
        assert recording is not None and recording.catalogue is not None, "the recording arrived with the catalogue"
        snapshot = FolderSnapshot.replayed(ModelFolder(self.root), pickle.loads(unpack(recording.packed)))
        loaded, diagnostics = load_province_files(snapshot, recording.main, recording.catalogue, self.root)
        if loaded is None or diagnostics:  # the same bytes loaded without a problem in the worker
            raise RuntimeError(f"{self.root / recording.main}: the files a load worker read did not load again")
        if self._map is None and not self._packed_map:
            self._map = loaded.source_map
        return loaded

    def _forget(self) -> None:
        self._model = b""
        if self._map is not None or self._packed_map:
            self._recording = None


def _receive(
    parent: int, catalogue: ReferenceCatalogue, prepare: Prepare | None, reads: tuple[bool, bool] = (True, True)
) -> None:
    global _worker_catalogue, _worker_prepare, _worker_reads
    from ictarch._children import pool_worker

    pool_worker(parent)
    gc.disable()  # as in the command while it loads (ictarch._memory); each province's cycles are freed after it
    gc.freeze()  # what the worker inherited is not looked at again by those collections
    _worker_catalogue = catalogue
    _worker_prepare = prepare
    _worker_reads = reads


def _load_in_worker(
    main: Path, fingerprint: str, cache_dir: Path | None, snapshot: FolderSnapshot | None
) -> tuple[_Shipped, str | None, object]:
    """One province loaded (and prepared) in a load worker, as it travels back.

    The worker keeps nothing of the province, but a province's graph holds reference cycles (networkx's cached
    views refer back to their graph, and a view keeps the graph it views): with the collector paused, and the
    graph frozen as :func:`~ictarch._memory.bulk_build` freezes a command's long-lived structures, a worker kept
    every province it loaded (some 450 MiB each at 34 x 2,000 components). So nothing is frozen here, the graph
    is emptied once the province's checks are done (:meth:`~ictarch.graph.ArchGraph.release`: reference counting
    then frees the province), and what cycles are left of the province before are collected first, once its result
    has gone. The youngest generation holds all of them (the collector runs only here), and collecting it alone
    looks at nothing the worker keeps: 0.2 s in all at 34 x 2,000, against 1.0 s for full collections.
    """
    gc.collect(0)
    with short_lived():
        return _load_and_ship(main, fingerprint, cache_dir, snapshot)


def _load_and_ship(
    main: Path, fingerprint: str, cache_dir: Path | None, snapshot: FolderSnapshot | None
) -> tuple[_Shipped, str | None, object]:
    assert _worker_catalogue is not None, "the pool's initializer gives each worker the catalogue"
    reads_models, reads_maps = _worker_reads
    if snapshot is None and not reads_models:
        snapshot = FolderSnapshot(ModelFolder(main.parent))  # what the load reads is kept: it may be sent instead
    (loaded, diagnostics), key = cache.load_cached(
        main,
        _worker_catalogue,
        fingerprint,
        cache_dir,
        snapshot,
        lazy_map=True,  # the province is dropped once checked
    )
    if loaded is None:
        return (None, diagnostics), key, None
    extra = _worker_prepare(loaded, _worker_catalogue, key) if _worker_prepare is not None and not diagnostics else None
    arch = loaded.architecture
    summary = (arch.province.code, loaded.waived_checks(), loaded.includes(), len(arch.components))
    files = tuple(loaded.file_names())
    recording: Recording | None = None
    if extra is not None and not reads_models and snapshot is not None:
        model, packed = b"", pack_source_map(loaded.source_map) if reads_maps else b""
        recording = Recording(pack(pickle.dumps(snapshot.recorded(), pickle.HIGHEST_PROTOCOL)), main.name)
    else:  # a province the command checks itself (its checks failed here), or a command that reads the models
        model, packed = ship_model(arch), pack_source_map(loaded.source_map)
    return ((model, summary, loaded.root, packed, loaded.normalized, files, recording), diagnostics), key, extra


def _unship(shipped: _Shipped, lazy: bool, catalogue: ReferenceCatalogue) -> LoadResult:
    parts, diagnostics = shipped
    if parts is None:
        return None, diagnostics
    model, summary, root, packed, normalized, files, recording = parts
    if recording is not None:
        recording = replace(recording, catalogue=catalogue)
    loaded = ShippedArchitecture(model, summary, root, packed, normalized, files, recording)
    if not lazy:
        _ = loaded.architecture  # read now, while the workers load the other provinces
    return loaded, diagnostics


# --------------------------------------------------------------------------- cache
