"""The model cache: keyed by content, JSON only, never stale, safe to delete; parallel loading agrees."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

import ictarch.loading.cache as loader
import ictarch.loading.keys as keys
from ictarch.errors import ModelLoadError
from ictarch.loading import LoadedArchitecture, examples_root, load_workspace
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI_PROVINCE, target)
    return target


def test_second_load_reuses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, cache = _copy(tmp_path), tmp_path / "cache"
    cold = load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    entries = sorted(p.name for p in cache.iterdir())
    assert len(entries) == 4 and all(e.endswith(".json") for e in entries)  # model, head, map; the catalogue
    assert len([e for e in entries if e.endswith(".reference.json")]) == 1
    for e in entries:
        json.loads((cache / e).read_text(encoding="utf-8"))  # JSON, never pickle

    def no_parse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("the cached model should have been used")

    monkeypatch.setattr(loader, "load_province", no_parse)
    monkeypatch.setattr(loader, "load_province_files", no_parse)
    warm = load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    assert warm.provinces[0].architecture == cold.provinces[0].architecture
    for entity, field in (("mini.portal", "status"), ("mini.p.apps", "budget_vnd"), ("mini.lgsp", None)):
        fields = (field,) if field else ()
        assert warm.provinces[0].locate(entity, *fields) == cold.provinces[0].locate(entity, *fields)


def test_a_changed_file_is_loaded_again(tmp_path: Path) -> None:
    model, cache = _copy(tmp_path), tmp_path / "cache"
    load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    frag = model / "components.yaml"
    frag.write_text(frag.read_text(encoding="utf-8").replace("security_level: 3", "security_level: 4"), "utf-8")
    ws = load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    assert ws.provinces[0].architecture.components[0].security_level == 4
    assert len(list(cache.iterdir())) == 7  # the old entry stays harmlessly; it can never match again
    assert len(list(cache.glob("*.reference.json"))) == 1, "the reference files did not change"


def test_changed_reference_or_version_does_not_reuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, cache = _copy(tmp_path), tmp_path / "cache"
    load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    monkeypatch.setattr(keys, "__version__", "99.0")  # the keys are computed there
    load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    assert len(list(cache.iterdir())) == 8  # each version's province entry and catalogue
    assert len(list(cache.glob("*.reference.json"))) == 2


def test_damaged_entry_is_rebuilt(tmp_path: Path) -> None:
    model, cache = _copy(tmp_path), tmp_path / "cache"
    load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    for entry in cache.glob("*.model.json"):
        entry.write_text("{not json", encoding="utf-8")
    ws = load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    assert ws.provinces[0].code == "mini"
    assert ws.provinces[0].architecture.province.code == "mini"  # read from the files: the model is validated
    for entry in cache.glob("*.model.json"):
        json.loads(entry.read_text(encoding="utf-8"))


def test_a_cached_model_is_validated_only_when_first_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, cache = _copy(tmp_path), tmp_path / "cache"
    cold = load_workspace([model], MINI_REFERENCE, cache_dir=cache).provinces[0]
    validated: list[object] = []
    real = loader.ProvinceArchitecture.model_validate_json

    def counted(data: bytes) -> loader.ProvinceArchitecture:
        validated.append(data)
        return real(data)

    monkeypatch.setattr(loader.ProvinceArchitecture, "model_validate_json", counted)
    warm = load_workspace([model], MINI_REFERENCE, cache_dir=cache).provinces[0]
    assert isinstance(warm, loader.CachedArchitecture) and not warm.validated
    assert (warm.code, warm.root, warm.normalized) == (cold.code, cold.root, cold.normalized)
    assert warm.includes() == cold.architecture.include == ("components.yaml",)
    assert warm.waived_checks() == cold.waived_checks()
    assert warm.locate("mini.portal", "status") == cold.locate("mini.portal", "status")
    assert validated == []
    assert warm.architecture == cold.architecture and warm.validated and len(validated) == 1
    assert warm.architecture is warm.architecture and len(validated) == 1  # once
    shipped = pickle.loads(pickle.dumps(warm))  # another process gets the plain province
    assert type(shipped) is LoadedArchitecture and shipped.architecture == cold.architecture


def test_a_cached_model_keeps_what_its_waivers_name(tmp_path: Path) -> None:
    model, cache = _copy(tmp_path), tmp_path / "cache"
    main = model / "province.yaml"
    main.write_text(
        main.read_text(encoding="utf-8")
        + "waivers:\n"
        + "  - {check: ICT204, subject: mini.portal, reason: Đã chấp thuận, approver: Sở KHCN}\n"
        + "  - {check: ICT301, subject: mini.portal, reason: Đã chấp thuận, approver: Sở KHCN}\n",
        encoding="utf-8",
    )
    cold = load_workspace([model], MINI_REFERENCE, cache_dir=cache).provinces[0]
    warm = load_workspace([model], MINI_REFERENCE, cache_dir=cache).provinces[0]
    assert isinstance(warm, loader.CachedArchitecture) and not warm.validated
    assert warm.waived_checks() == cold.waived_checks() == {"ICT204", "ICT301"}


def test_invalid_models_are_never_cached(tmp_path: Path) -> None:
    model, cache = _copy(tmp_path), tmp_path / "cache"
    (model / "components.yaml").write_text("components: [{id: x}]\n", encoding="utf-8")
    with pytest.raises(ModelLoadError):
        load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    stored = [p.name for p in cache.iterdir()] if cache.exists() else []
    assert [name for name in stored if not name.endswith(".reference.json")] == [], "only the (valid) catalogue"


def test_parallel_load_gives_the_same_models_in_the_same_order() -> None:
    serial = load_workspace([examples_root()], jobs=1)
    parallel = load_workspace([examples_root()], jobs=2)
    assert [p.code for p in parallel.provinces] == [p.code for p in serial.provinces]
    for a, b in zip(serial.provinces, parallel.provinces, strict=True):
        assert a.architecture == b.architecture
        assert a.source_map == b.source_map


def test_progress_is_reported_per_province() -> None:
    seen: list[tuple[int, int]] = []
    load_workspace([examples_root()], jobs=1, progress=lambda done, total: seen.append((done, total)))
    n = len(list(examples_root().glob("*/province.yaml")))
    assert n >= 4
    assert seen == [(i, n) for i in range(1, n + 1)]


def test_bulk_positions_are_read_only_when_asked(tmp_path: Path) -> None:
    model, cache = _copy(tmp_path), tmp_path / "cache"
    load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    warm = load_workspace([model], MINI_REFERENCE, cache_dir=cache).provinces[0]
    assert warm.source_map.pending is not None
    assert warm.locate("conforms_to:t.egov.2", "framework") is not None  # province-level: from the head
    assert warm.source_map.pending is not None
    loc = warm.locate("mini.lgsp", "security_level")
    assert warm.source_map.pending is None and loc is not None and loc.line == 11


def test_changed_model_or_check_code_does_not_reuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model class or a check edited without a new version number: nothing validated by the old code is reused."""
    import datetime as dt

    from ictarch import report_cache

    model, cache = _copy(tmp_path), tmp_path / "cache"
    day, when = dt.date(2026, 1, 1), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    report_cache.run_cached(
        load_workspace([model], MINI_REFERENCE, cache_dir=cache), cache, run_date=day, generated_at=when
    )
    assert len(list(cache.iterdir())) == 6  # model, head, map, report, the province's findings; the catalogue
    monkeypatch.setattr(keys, "code_digest", lambda: "edited")  # the keys are computed there
    monkeypatch.setattr(report_cache, "code_digest", lambda: "edited")
    ws = load_workspace([model], MINI_REFERENCE, cache_dir=cache)
    report_cache.run_cached(ws, cache, run_date=day, generated_at=when)
    assert len(list(cache.iterdir())) == 12
    assert len(list(cache.glob("*.reference.json"))) == 2, "the catalogue validated by the old code is not reused"


def test_a_snapshot_replayed_answers_as_when_recorded_and_never_reads_the_disk(tmp_path: Path) -> None:
    from ictarch.loading.files import FolderSnapshot, ModelFolder

    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("b: 2\n", encoding="utf-8")
    recording = FolderSnapshot(ModelFolder(tmp_path))
    assert recording.read("a.yaml") == b"a: 1\n"
    assert [rel for rel, _ in recording.glob("*.yaml")] == ["a.yaml", "b.yaml"]
    assert recording.irregular("b.yaml") is None
    (tmp_path / "a.yaml").write_text("a: changed\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("c: 3\n", encoding="utf-8")
    assert recording.read("a.yaml") == b"a: 1\n" and len(recording.glob("*.yaml")) == 2, "each asked once"
    replay = FolderSnapshot.replayed(ModelFolder(tmp_path), pickle.loads(pickle.dumps(recording.recorded())))
    assert replay.read("a.yaml") == b"a: 1\n"
    assert [rel for rel, _ in replay.glob("*.yaml")] == ["a.yaml", "b.yaml"]
    assert replay.irregular("b.yaml") is None
    assert replay.name("a.yaml") == recording.name("a.yaml")
    with pytest.raises(FileNotFoundError):
        replay.read("b.yaml")  # never read when recorded: not read now either
    assert replay.glob("*.yml") == []
