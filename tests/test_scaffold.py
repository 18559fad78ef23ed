"""`ictarch init` writes a model that validates and lists every requirement of the framework."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from cli import main
from ictarch.loading import load_catalogue, load_workspace
from ictarch.models.reference import LayerKind, Obligation
from ictarch.scaffold import scaffold_province
from tests.conftest import MINI_REFERENCE


def test_every_requirement_of_the_shipped_829_appears_as_todo(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", "tinh-moi", "--name-vi", "Tỉnh Mới", "-o", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "m" / "province.yaml").read_text(encoding="utf-8")
    cat, _ = load_catalogue()
    fw = cat.frameworks["vn.ictrf.1.0"]
    required = [lay.id for lay in fw.layers if lay.coverage_required] + [
        c.id for lay in fw.layers for c in lay.components if c.obligation == Obligation.MANDATORY
    ]
    assert {"ictrf.L1", "ictrf.L6", "ictrf.X.SEC", "ictrf.X.OM", "ictrf.C.IOC"} <= set(required)
    for ref_id in required:
        assert f"# TODO({ref_id})" in text
    assert "ictrf.X.POS" not in text  # not required by the framework
    ws = load_workspace([tmp_path / "m"])
    (p,) = ws.provinces
    assert p.code == "tinh-moi" and p.architecture.province.name.vi == "Tỉnh Mới"
    declared = [c.framework for c in p.architecture.conforms_to]
    assert declared[0] == "vn.ictrf.1.0"
    assert not cat.frameworks[declared[1]].superseded_by  # the current e-government architecture


def test_uncommenting_a_todo_gives_a_valid_component(tmp_path: Path) -> None:
    cat, _ = load_catalogue(MINI_REFERENCE)
    text = scaffold_province(cat, "mini2", "t.ict", "t.egov.2", schema_path=None)
    required = [ln for ln in text.splitlines() if ln.startswith("# TODO(")]
    assert [ln.split(")")[0][7:] for ln in required] == ["t.L1", "t.L2.integration", "t.X.SEC"]
    block = text.split("# TODO(t.L2.integration)")[1].split("# TODO(")[0]
    entry = "\n".join(ln[1:] for ln in block.splitlines()[1:])
    data = yaml.safe_load(text)
    data["components"] = yaml.safe_load(entry)
    (tmp_path / "province.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ws = load_workspace([tmp_path], MINI_REFERENCE)
    assert ws.provinces[0].architecture.components[0].realizes == ("t.L2.integration",)
    assert LayerKind.CROSS_CUTTING.value in text


def test_init_refuses_to_overwrite_and_rejects_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", "x", "-o", str(tmp_path)]).exit_code == 0
    again = runner.invoke(main, ["init", "x", "-o", str(tmp_path)])
    assert again.exit_code == 2 and "use --force" in again.stderr
    bad_fw = runner.invoke(main, ["init", "y", "--framework", "vn.egov.eaf.2.0", "-o", str(tmp_path / "y")])
    assert bad_fw.exit_code == 2 and "is not a framework of kind ict-reference" in bad_fw.stderr
    bad_code = runner.invoke(main, ["init", "bad code!", "-o", str(tmp_path / "z")])
    assert bad_code.exit_code == 2 and "not a valid province code" in bad_code.stderr
