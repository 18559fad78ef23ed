"""The reference catalogue in the model cache: a warm run reads it back instead of parsing and cross-checking
the reference files again, and gets the same catalogue; a changed reference file, a changed ictarch or a
damaged entry is never served."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.loading import cache, keys, load_catalogue, reference_root
from ictarch.loading.workspace import load_workspace
from tests.conftest import MINI_PROVINCE, MINI_REFERENCE

ENTRY = "*.reference.json"


def _no_parse(*_args: object) -> None:
    raise AssertionError("the reference files were parsed again")


@pytest.mark.parametrize("root", [MINI_REFERENCE, reference_root()], ids=["mini", "shipped"])
def test_a_warm_load_reads_the_same_catalogue_back_without_parsing(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh, _ = load_catalogue(root)
    cold, digest = cache.load_reference(root, tmp_path)
    assert len(list(tmp_path.glob(ENTRY))) == 1 and cold.files == fresh.files
    monkeypatch.setattr(cache, "load_catalogue", _no_parse)
    warm, again = cache.load_reference(root, tmp_path)
    assert again == digest == keys.files_digest(sorted(root.glob("*.yaml")))
    assert warm.files == fresh.files
    assert list(warm.documents) == list(fresh.documents) and list(warm.components) == list(fresh.components)
    assert warm.component_layer == fresh.component_layer and warm.crosswalks == fresh.crosswalks


def test_without_a_cache_nothing_is_stored_and_the_digest_is_empty(tmp_path: Path) -> None:
    catalogue, digest = cache.load_reference(MINI_REFERENCE, None)
    assert digest == "" and catalogue.files == load_catalogue(MINI_REFERENCE)[0].files


def test_a_changed_reference_file_is_read_again(tmp_path: Path) -> None:
    root = tmp_path / "reference"
    shutil.copytree(MINI_REFERENCE, root)
    first, digest = cache.load_reference(root, tmp_path / "cache")
    text = (root / "mini.yaml").read_text(encoding="utf-8")
    (root / "mini.yaml").write_text(text.replace("Test reference framework", "Changed framework"), encoding="utf-8")
    second, changed = cache.load_reference(root, tmp_path / "cache")
    assert changed != digest and len(list((tmp_path / "cache").glob(ENTRY))) == 2
    assert second.documents["doc.ref"].title.en == "Changed framework"
    assert first.documents["doc.ref"].title.en == "Test reference framework"


def test_a_new_ictarch_code_does_not_read_an_older_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.load_reference(MINI_REFERENCE, tmp_path)
    monkeypatch.setattr(keys, "code_digest", lambda: "other code")  # the keys are computed there
    cache.load_reference(MINI_REFERENCE, tmp_path)
    assert len(list(tmp_path.glob(ENTRY))) == 2


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"a": 1}', b'[{"frameworks": 3}]', b"[1, 2]"])
def test_a_damaged_entry_is_rebuilt(damage: bytes, tmp_path: Path) -> None:
    expected, _ = cache.load_reference(MINI_REFERENCE, tmp_path)
    (entry,) = tmp_path.glob(ENTRY)
    entry.write_bytes(damage)
    catalogue, _ = cache.load_reference(MINI_REFERENCE, tmp_path)
    assert catalogue.files == expected.files
    assert entry.read_bytes() != damage, "written again"


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    catalogue, digest = cache.load_reference(MINI_REFERENCE, blocked / "cache")
    assert digest and catalogue.files == load_catalogue(MINI_REFERENCE)[0].files


def test_a_reference_with_errors_is_reported_and_not_stored(tmp_path: Path) -> None:
    root = tmp_path / "reference"
    shutil.copytree(MINI_REFERENCE, root)
    (root / "broken.yaml").write_text("frameworks: [\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        main, ["--reference", str(root), "validate", str(MINI_PROVINCE)], env={"ICTARCH_CACHE_DIR": str(tmp_path / "c")}
    )
    assert result.exit_code == 2 and "broken.yaml" in result.output
    assert not list((tmp_path / "c").glob(ENTRY))


def test_a_warm_workspace_load_gives_what_a_cold_one_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_workspace([MINI_PROVINCE], MINI_REFERENCE, cache_dir=tmp_path)
    monkeypatch.setattr(cache, "load_catalogue", _no_parse)
    warm = load_workspace([MINI_PROVINCE], MINI_REFERENCE, cache_dir=tmp_path)
    assert warm.catalogue.files == cold.catalogue.files and warm.fingerprint == cold.fingerprint is not None
    assert [p.architecture for p in warm.provinces] == [p.architecture for p in cold.provinces]
