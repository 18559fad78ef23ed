"""Province YAML → exchange XML → YAML loses nothing, on generated models (hypothesis)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings

from exporters.archimate import exchange_model, to_archimate_xml
from exporters.yaml_writer import dump_province_yaml
from ictarch.exchange.reader import import_exchange
from ictarch.graph import build_graph
from ictarch.loading import LoadedArchitecture, Workspace, load_catalogue, load_province
from ictarch.models.reference import ReferenceCatalogue
from tests.exporters.strategies import province_models

FIXTURES = Path(__file__).parent / "fixtures"
CATALOGUE: ReferenceCatalogue = load_catalogue(FIXTURES / "reference")[0]


def _load(folder: Path, text: str) -> LoadedArchitecture:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "province.yaml").write_text(text, encoding="utf-8")
    loaded, diagnostics = load_province(folder / "province.yaml", CATALOGUE)
    assert loaded is not None, "\n".join(d.render() for d in diagnostics)
    return loaded


def round_trip(original: LoadedArchitecture, folder: Path) -> tuple[LoadedArchitecture, str]:
    graph = build_graph(Workspace(CATALOGUE, [original]))
    xml = to_archimate_xml(exchange_model(graph, original.code))
    result = import_exchange(xml.encode("utf-8"), "model.xml")
    assert result.report == ()
    return _load(folder, dump_province_yaml(result.data)), xml


def _dump(loaded: LoadedArchitecture) -> dict[str, Any]:
    return loaded.architecture.model_dump(exclude={"include"})


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(model=province_models())
def test_yaml_to_exchange_to_yaml_loses_nothing(model: dict[str, Any], tmp_path_factory: Any) -> None:
    base = tmp_path_factory.mktemp("rt")
    text = "ictarch: 1\n" + yaml.safe_dump(model, allow_unicode=True, sort_keys=False)
    original = _load(base / "in", text)
    again, xml = round_trip(original, base / "out")
    assert _dump(again) == _dump(original), xml


def test_the_fixture_provinces_round_trip(tmp_path: Path) -> None:
    for code in ("alpha", "beta"):
        main = FIXTURES / "provinces" / code / "province.yaml"
        original, diagnostics = load_province(main, CATALOGUE)
        assert original is not None, diagnostics
        again, _xml = round_trip(original, tmp_path / code)
        assert _dump(again) == _dump(original)
