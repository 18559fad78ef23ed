"""The diagram, export and import commands: files written, data on stdout, clean errors with exit 2."""

from __future__ import annotations

import codecs
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import VIEWS, main
from exporters.archi_csv import FILES
from exporters.views import VIEW_KEYS
from tests.exporters.helpers import OUTPUTS_XML, PROVINCES, REFERENCE, validate_oef

ALPHA = str(PROVINCES / "alpha")
BASE = ["--no-cache", "--no-color", "--reference", str(REFERENCE)]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*BASE, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_command_offers_every_view() -> None:
    assert VIEWS == VIEW_KEYS


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_diagram_writes_svg_from_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "views" / "alpha.svg"
    code, stdout, stderr = _run("diagram", "layered", ALPHA, "-o", str(out))
    assert (code, stdout) == (0, "")
    assert f"đã ghi {out}" in stderr
    texts = {"".join(t.itertext()) for t in ET.fromstring(out.read_bytes()).iter("{http://www.w3.org/2000/svg}text")}
    assert "Trung tâm dữ liệu tỉnh" in texts


def test_diagram_prints_dot_or_mermaid_and_the_view_notes() -> None:
    code, stdout, stderr = _run("--lang", "en", "diagram", "roadmap", ALPHA, "--format", "mermaid")
    assert code == 0
    assert stdout.startswith('---\ntitle: "Project roadmap"\n---\ngantt\n')
    assert "note: Depends on something delivered later: alpha.p.ioc (2020) → alpha.p.platform (2021)" in stderr
    code, stdout, stderr = _run("diagram", "layered", ALPHA, "--max-nodes", "3")
    assert code == 0 and stdout.startswith('digraph "layered" {')
    assert "Thu gọn: 13 thành phần vượt ngưỡng 3" in stderr


def test_diagram_without_graphviz_names_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    code, stdout, stderr = _run("diagram", "layered", ALPHA, "--format", "svg")
    assert (code, stdout) == (2, "")
    assert "không tìm thấy chương trình Graphviz 'dot'" in stderr and "apt-get install graphviz" in stderr
    assert "Traceback" not in stderr
    code, stdout, _ = _run("diagram", "layered", ALPHA, "--format", "dot")  # text formats need no Graphviz
    assert code == 0 and stdout.startswith("digraph")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diagram", "impact", ALPHA], "góc nhìn tác động cần một thành phần: thêm --focus ID"),
        (["diagram", "layered", ALPHA, "--select", "colour:red"], "'colour' không phải phương thức hợp lệ"),
        (["diagram", "layered", str(PROVINCES)], "góc nhìn layered chỉ vẽ một tỉnh"),
        (["diagram", "layered", ALPHA, "--format", "png"], "PNG và PDF là tệp nhị phân: ghi ra tệp bằng -o"),
        (["diagram", "tree", ALPHA], "Giá trị không hợp lệ cho 'VIEW'"),
        (["export", str(PROVINCES), "--format", "archimate"], "xuất archimate chứa một tỉnh; đã nạp 2 tỉnh"),
        (["export", ALPHA, "--format", "csv"], "chỉ định thư mục bằng -o THƯ_MỤC"),
    ],
)
def test_usage_and_view_errors_exit_2_with_one_clear_message(args: list[str], message: str) -> None:
    code, stdout, stderr = _run(*args)
    assert (code, stdout) == (2, "")
    assert message in stderr
    assert "Traceback" not in stderr


def test_export_archimate_validates(shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "alpha.xml"
    code, _stdout, _stderr = _run("export", ALPHA, "--format", "archimate", "-o", str(out))
    assert code == 0
    assert out.read_text(encoding="utf-8") == OUTPUTS_XML
    assert validate_oef(shared, out.read_bytes()) == []


def test_export_csv_with_a_byte_order_mark_for_excel(tmp_path: Path) -> None:
    assert _run("export", ALPHA, "--format", "csv", "-o", str(tmp_path / "plain"))[0] == 0
    assert _run("export", ALPHA, "--format", "csv", "--bom", "-o", str(tmp_path / "bom"))[0] == 0
    for name in FILES:
        plain = (tmp_path / "plain" / name).read_bytes()
        marked = (tmp_path / "bom" / name).read_bytes()
        assert not plain.startswith(codecs.BOM_UTF8) and marked == codecs.BOM_UTF8 + plain
        assert marked.decode("utf-8-sig") == plain.decode("utf-8"), "a reader that drops the mark (Archi) sees the same"
    code, _stdout, stderr = _run("export", ALPHA, "--format", "graphml", "--bom")
    assert code == 2 and "--bom chỉ dùng cho xuất csv" in stderr


def test_export_csv_graphml_and_json(tmp_path: Path) -> None:
    code, _stdout, _stderr = _run("export", ALPHA, "--format", "csv", "-o", str(tmp_path / "csv"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(FILES)
    assert (tmp_path / "csv" / "elements.csv").read_bytes().startswith(b'"ID","Type","Name","Documentation"')
    code, stdout, _stderr = _run("export", str(PROVINCES), "--format", "graphml")
    assert code == 0 and ET.fromstring(stdout.encode()).tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    code, stdout, _stderr = _run("export", str(PROVINCES), "--format", "json")
    assert code == 0 and [p["province"]["code"] for p in json.loads(stdout)["provinces"]] == ["alpha", "beta"]


def test_import_writes_a_model_that_validates(tmp_path: Path) -> None:
    source = tmp_path / "alpha.xml"
    source.write_text(OUTPUTS_XML, encoding="utf-8")
    out = tmp_path / "model"
    code, stdout, stderr = _run("import", str(source), "-o", str(out))
    assert (code, stdout) == (0, "")
    assert f"đã ghi {out / 'province.yaml'}" in stderr and "không ánh xạ được" not in stderr
    text = (out / "province.yaml").read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert header.startswith("# yaml-language-server: $schema=") and header.endswith("/province-model/v1.json")
    assert (out / header.split("$schema=", 1)[1]).is_file(), "the modeline resolves on this machine, offline"
    assert _run("validate", str(out))[0] == 0
    code, _stdout, stderr = _run("import", str(source), "-o", str(out))
    assert code == 2 and "đã tồn tại; dùng --force để ghi đè" in stderr
    assert _run("import", str(source), "-o", str(out), "--force")[0] == 0


def test_import_of_another_tool_reports_what_it_could_not_map(shared: Path, tmp_path: Path) -> None:
    code, _stdout, stderr = _run("import", str(shared / "samples" / "oef" / "Sample1.xml"), "-o", str(tmp_path / "s"))
    assert code == 0
    assert "không ánh xạ được: phần tử 'Sell Product' (BusinessProcess, id-89c22226)" in stderr
    assert (tmp_path / "s" / "province.yaml").is_file()


def test_import_refuses_a_hostile_file_and_writes_nothing(tmp_path: Path) -> None:
    hostile = tmp_path / "evil.xml"
    hostile.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE model [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<model>&x;</model>\n',
        encoding="utf-8",
    )
    code, stdout, stderr = _run("import", str(hostile), "-o", str(tmp_path / "out"))
    assert (code, stdout) == (2, "")
    assert "evil.xml:2:" in stderr and "từ chối: tệp chứa một khai báo kiểu văn bản" in stderr
    assert not (tmp_path / "out").exists()


def test_import_says_when_the_model_does_not_resolve_against_the_reference(tmp_path: Path) -> None:
    source = tmp_path / "alpha.xml"
    source.write_text(OUTPUTS_XML, encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-cache", "--no-color", "import", str(source), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "ICT005 'v.L1' không phải là thành phần hoặc lớp tham chiếu đã được khai báo" in result.stderr
    assert "mô hình đã được ghi nhưng không hợp lệ" in result.stderr
    assert (tmp_path / "m" / "province.yaml").is_file()


def test_a_freshly_scaffolded_province_draws_its_empty_layers(tmp_path: Path) -> None:
    """`ictarch init` then `ictarch diagram layered`, as the README's tutorial does."""
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["init", "tinh-moi", "-o", str(tmp_path / "m")]).exit_code == 0
    result = runner.invoke(main, ["diagram", "layered", str(tmp_path / "m"), "--format", "dot"])
    assert result.exit_code == 0, result.stderr
    assert "Lớp ứng dụng thông minh" in result.stdout
    assert '"legend"' not in result.stdout, "nothing to explain: no legend, and no bare 'legend' node either"
    english = runner.invoke(main, ["--lang", "en", "diagram", "layered", str(tmp_path / "m"), "--format", "dot"])
    assert "Smart application layer" in english.stdout and "(no component)" in english.stdout
    assert "Lớp" not in english.stdout and '"legend"' not in english.stdout
