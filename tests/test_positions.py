"""Positions are what they were before the loader was made faster: every key's and list item's line and column
(as a plain walk of the composed YAML gives them), and every entity's entry of the source map (as the former
scan of each document computed it), on every shipped model, the fixtures, a generated national model and
hand-written corner cases (merge keys, duplicate keys, keys that are not text, decomposed text).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from ictarch.loading import examples_root
from ictarch.loading.catalogue import load_catalogue, reference_root
from ictarch.loading.province import load_province
from ictarch.loading.source_map import SourceMap
from ictarch.loading.yaml_doc import PathKey, YamlDocument, format_path, parse_yaml
from tests.conftest import ROOT

# --------------------------------------------------------------------------- the former computations (oracles)


def _walk(node: yaml.Node, path: PathKey, out: dict[PathKey, tuple[int, int]]) -> None:
    """Positions as a plain recursive walk finds them: each key where it is written, the first of a repeated key."""
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[(*path, i)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _walk(item, (*path, i), out)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = unicodedata.normalize("NFC", key_node.value)
            if key in seen:
                continue
            seen.add(key)
            out[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, (*path, key), out)


def _plain_positions(text: str) -> dict[PathKey, tuple[int, int]] | None:
    """The walk's positions, or None for a document whose keys are not all plain text (or that has merge keys)."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    if node is None:
        return None
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            if any(not isinstance(k, yaml.ScalarNode) or k.tag != "tag:yaml.org,2002:str" for k, _ in n.value):
                return None
            stack.extend(v for _, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    out: dict[PathKey, tuple[int, int]] = {}
    _walk(node, (), out)
    out[()] = (node.start_mark.line + 1, node.start_mark.column + 1)  # the document's own, recorded last
    return out


def _former_source_map(documents: list[YamlDocument], entities: dict[str, tuple[int, PathKey]]) -> SourceMap:
    """``SourceMap.from_documents`` as it was written first: one scan of each document per depth of entities."""
    smap = SourceMap(files=[d.file for d in documents])
    owners: dict[int, dict[int, dict[PathKey, str]]] = {}
    for entity_id, (doc_index, path) in entities.items():
        owners.setdefault(doc_index, {}).setdefault(len(path), {})[path] = entity_id
        smap.paths[entity_id] = format_path(path)
    for doc_index, by_depth in owners.items():
        for depth, owner in sorted(by_depth.items(), reverse=True):
            for path, (line, column) in documents[doc_index].positions.items():
                n = len(path)
                if n < depth or n > depth + 2:
                    continue
                found = owner.get(path[:depth])
                if found is None:
                    continue
                if n == depth:
                    key = found
                elif n == depth + 1:
                    key = f"{found}/{path[depth]}"
                else:
                    key = f"{found}/{path[depth]}/{path[depth + 1]}"
                smap.positions.setdefault(key, (doc_index, line, column))
    return smap


# --------------------------------------------------------------------------- the models


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.national import generate

    out = tmp_path_factory.mktemp("national")
    generate(out, provinces=3, components=60, seed=7)
    return out


def _yaml_files(*roots: Path) -> Iterator[Path]:
    for root in roots:
        yield from sorted(p for p in root.rglob("*.yaml") if p.is_file())


def test_every_position_is_where_a_plain_walk_finds_it(national: Path) -> None:
    files = list(_yaml_files(examples_root(), ROOT / "tests" / "fixtures", national))
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            expected = _plain_positions(text)
        except yaml.YAMLError:
            continue  # fixtures of broken YAML: their diagnostics are tested elsewhere
        doc, _ = parse_yaml(text, str(path))
        if expected is None or doc is None:
            continue
        assert doc.positions == expected, path
        assert list(doc.positions) == list(expected), path  # in the document's order, too
        compared += 1
    assert compared >= 20


CORNERS = [
    "a: 1\nb:\n  - x\n  - {c: 2, d: [3, 4]}\n",
    "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n",  # a merge key: positions of the merged mapping
    "a: 1\nb: 2\na: 3\n",  # a duplicate key: the first occurrence is kept
    "? [1, 2]\n: list\n1: one\n'1': text\n",  # keys that are not text
    "? {a: 1}\n: m\na: 2\na: 3\n",  # a key inside a complex key, then a repeated key
    "ten: 'Nha\u0300 Trang'\nsai: ho\u0301a\n",  # decomposed text, read composed
    "- yes\n- 0o17\n- 1:30\n- 2026-02-30\n- ~\n- ''\n",  # YAML 1.1 values and an invalid date
]


@pytest.mark.parametrize("text", CORNERS)
def test_corner_cases_parse_as_the_constructor_reads_them(text: str) -> None:
    doc, diagnostics = parse_yaml(text, "corner.yaml")
    assert doc is not None
    expected = _plain_positions(text)
    if expected is not None and "<<" not in text:
        assert doc.positions == expected
    if not diagnostics and not doc.normalized:
        assert doc.data == yaml.load(text, Loader=yaml.CSafeLoader)


def test_a_repeated_key_points_at_its_first_occurrence() -> None:
    _, diagnostics = parse_yaml("? {a: 1}\n: m\na: 2\nb: 0\na: 3\n", "dup.yaml")
    (dup,) = [d for d in diagnostics if d.related is not None]
    assert (dup.location.line, dup.related.line) == (5, 3)  # type: ignore[union-attr]
    _, diagnostics = parse_yaml("1: x\n'1': y\n", "dup.yaml")
    (dup,) = [d for d in diagnostics if d.related is not None]
    assert (dup.location.line, dup.related.line) == (2, 1)  # type: ignore[union-attr]


def _entities_of(documents: Sequence[YamlDocument], smap: SourceMap) -> dict[str, tuple[int, PathKey]]:
    """The entity table a source map was built from, read back from its paths."""
    out: dict[str, tuple[int, PathKey]] = {}
    positions, paths = smap.expanded()
    for entity, text in paths.items():
        index, _line, _col = positions[entity]
        parts: list[str | int] = []
        for piece in text.replace("[", ".[").split("."):
            if piece:
                parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
        out[entity] = (int(index), tuple(parts))
    return out


def test_every_source_map_entry_is_the_former_scans(national: Path) -> None:
    catalogue, _ = load_catalogue(reference_root())
    mains = sorted(examples_root().glob("*/province.yaml")) + sorted(national.glob("*/province.yaml"))
    assert mains
    for main in mains:
        loaded, diagnostics = load_province(main, catalogue)
        assert loaded is not None, diagnostics
        smap = loaded.source_map
        documents: list[Any] = []
        for name in smap.files:
            doc, _ = parse_yaml(Path(name).read_text(encoding="utf-8"), name)
            documents.append(doc)
        former = _former_source_map(documents, _entities_of(documents, smap))
        positions, paths = smap.expanded()
        assert smap.packed and smap.positions, main  # the bulk is packed, the rest is not
        assert positions == former.positions, main
        assert list(smap.positions) == [k for k in former.positions if k in smap.positions], main
        for entity, text in smap.packed.items():  # a packed entity's items in the former order
            mine = [f"{entity}/{item.partition('=')[0]}".rstrip("/") for item in text.partition("|")[2][1:].split(";")]
            assert mine == [k for k in former.positions if k == entity or k.startswith(f"{entity}/")], entity
        assert paths == former.paths, main


def test_packed_entities_are_located_as_spread_out_ones(national: Path) -> None:
    catalogue, _ = load_catalogue(reference_root())
    for main in sorted(examples_root().glob("*/province.yaml")) + sorted(national.glob("*/province.yaml"))[:2]:
        loaded, diagnostics = load_province(main, catalogue)
        assert loaded is not None, diagnostics
        smap = loaded.source_map
        positions, paths = smap.expanded()
        spread = SourceMap(files=smap.files, positions=positions, paths=paths)
        assert len(smap.packed) > 10
        for entity in smap.entities():
            for fields in [(), ("id",), ("name",), ("name", "vi"), ("realizes", 0), ("realizes", 9), ("nothing",)]:
                assert smap.locate(entity, *fields) == spread.locate(entity, *fields), (entity, fields)
        assert smap.locate("no such entity") is None


def test_a_lazy_source_map_locates_stores_and_travels_as_the_packed_one(national: Path, tmp_path: Path) -> None:
    """A load worker's map packs nothing until it is stored or sent (``lazy_map``): every entity, every field
    asked of it (a list index as a number or as text, fields that are not there), its entities, its pickle, its
    cache entry and its equality are those of the map packed at once."""
    import pickle

    from ictarch.loading.cache import load_cached
    from ictarch.loading.files import ModelFolder
    from ictarch.loading.province import load_province_files

    catalogue, _ = load_catalogue(reference_root())
    mains = sorted(examples_root().glob("*/province.yaml"))[:3] + sorted(national.glob("*/province.yaml"))[:2]
    asked = [(), ("id",), ("name",), ("name", "vi"), ("realizes", 0), ("realizes", "0"), ("realizes", "00")]
    asked += [("realizes", 9), ("nothing",), ("nothing", 0), ("funds", 0, "x"), ("name", "vi", "deeper")]
    for main in mains:
        (eager, _), (lazy, _) = (
            load_province_files(ModelFolder(main.parent), main.name, catalogue, main.parent, lazy_map=lazy_map)
            for lazy_map in (False, True)
        )
        assert eager is not None and lazy is not None
        packed, live = eager.source_map, lazy.source_map
        assert live.live is not None and not live.packed, "nothing packed yet"
        assert live.entities() == packed.entities()
        for entity in [*packed.entities(), "no such entity"]:
            for fields in asked:
                assert live.locate(entity, *fields) == packed.locate(entity, *fields), (main, entity, fields)
        assert live.live is not None, "locating packs nothing"
        travelled = pickle.loads(pickle.dumps(live))
        assert travelled.live is None and travelled.packed == packed.packed and travelled == packed
        assert live.live is None and live.packed == packed.packed, "sent: packed once, for good"
    main = mains[-1]
    entries = []
    for lazy_map in (False, True):
        cache_dir = tmp_path / f"cache-{lazy_map}"
        (loaded, _), key = load_cached(main, catalogue, "fp", cache_dir, lazy_map=lazy_map)
        assert loaded is not None and key is not None
        entries.append(sorted((p.name, p.read_bytes()) for p in cache_dir.iterdir()))
    assert entries[0] == entries[1], "the cache entry of a lazy map is that of a packed one"


def test_the_loader_and_its_resolver_cache_are_freed_without_the_collector() -> None:
    """The resolver's cache refers back to its loader; dispose() breaks that cycle, so a load worker, whose
    collector is paused, frees each loader (and the texts its cache holds) by reference counting."""
    import gc
    import weakref

    from ictarch.loading.yaml_doc import _Loader

    gc.disable()
    try:
        loader = _Loader("a: yes\nb: [x, 1]\n")
        assert loader.get_single_node() is not None
        assert loader.resolve(yaml.ScalarNode, "yes", (True, False)) == "tag:yaml.org,2002:bool"
        gone = weakref.ref(loader)
        loader.dispose()
        del loader
        assert gone() is None
    finally:
        gc.enable()
