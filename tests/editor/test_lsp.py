"""``ictarch lsp`` driven over stdio as an editor drives it, on a copy of a shipped province."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the language server needs the 'lsp' extra (pygls)")

from ictarch.loading import load_catalogue, load_province_texts, reference_root
from tests.editor.stdio_client import StdioClient

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-c", "import cli; cli.main()", "lsp", "--stdio"]


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    folder = tmp_path / "quang-tri"
    shutil.copytree(ROOT / "province_models" / "quang-tri", folder)
    return folder


@pytest.fixture()
def client(model: Path) -> Any:
    c = StdioClient(COMMAND, cwd=ROOT)
    c.initialize(model.parent, locale="vi")
    yield c
    if c.proc.poll() is None:
        c.proc.kill()


def _open(client: StdioClient, path: Path) -> str:
    uri = path.as_uri()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}},
    )
    return uri


def _position(text: str, needle: str, offset: int = 0) -> dict[str, int]:
    """The 0-based position of ``needle`` (plus ``offset`` characters) in ``text``."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return {"line": line, "character": index - (text.rfind("\n", 0, index) + 1)}


def _apply(text: str, edits: list[dict[str, Any]]) -> str:
    lines = text.splitlines(True)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]))[::-1]:
        r = edit["range"]
        a = starts[r["start"]["line"]] + r["start"]["character"]
        b = starts[r["end"]["line"]] + r["end"]["character"]
        text = text[:a] + edit["newText"] + text[b:]
    return text


def test_lsp_session_as_an_editor_drives_it(client: StdioClient, model: Path) -> None:
    components = model / "components.yaml"
    text = components.read_text(encoding="utf-8")
    uri = _open(client, components)

    # diagnostics on open: findings of the default profile, at the id of their subject, with a rule link
    opened = client.diagnostics(uri)
    gis = next(d for d in opened if d["code"] == "ICT501")
    assert gis["range"]["start"] == _position(text, "id: quang-tri.gis-platform")
    assert gis["severity"] in (1, 2, 3, 4)
    assert gis["codeDescription"]["href"].endswith("checks.md#ict501-securitylevelmissing")
    assert gis["source"] == "ictarch"
    # a finding located in another file of the model is published for that file
    province_uri = (model / "province.yaml").as_uri()
    assert any(d["code"].startswith("ICT") for d in client.diagnostics(province_uri))

    # didChange: a dangling realizes id gets ICT005 exactly on the id
    mark = client.mark(uri)
    broken = text.replace("realizes: [ictrf.L1, ictrf.L1.citizen_app]", "realizes: [ictrf.L1, ictrf.L1.no_such]", 1)
    assert broken != text
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": broken}]},
    )
    changed = client.diagnostics(uri, after=mark)
    dangling = [d for d in changed if d["code"] == "ICT005"]
    assert len(dangling) == 1
    start = _position(broken, "ictrf.L1.no_such")
    assert dangling[0]["range"] == {
        "start": start,
        "end": {"line": start["line"], "character": start["character"] + len("ictrf.L1.no_such")},
    }
    assert "ictrf.L1.no_such" in dangling[0]["message"]

    # completion inside `realizes: [` offers reference ids with their Vietnamese names
    catalogue, _ = load_catalogue(reference_root())
    at = _position(broken, "realizes: [ictrf.L1, ictrf.L1.no_such]", len("realizes: ["))
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at})
    items = {i["label"]: i for i in result["items"]}
    assert {"ictrf.L1", "ictrf.L2", "ictrf.L1.citizen_app"} <= set(items)
    assert items["ictrf.L2"]["detail"] == catalogue.layers["ictrf.L2"].name.vi
    assert "provenance" in items["ictrf.L1.citizen_app"]["documentation"]["value"]
    assert not any(label.startswith("quang-tri.") for label in items)

    # hover: a reference layer, and a component of the model
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": _position(broken, "ictrf.L1]", 3)}
    )
    assert catalogue.layers["ictrf.L1"].name.vi in hover["contents"]["value"]
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": _position(broken, "id: quang-tri.iot-platform", 8)},
    )
    assert "quang-tri.iot-platform" in hover["contents"]["value"] and "provenance" in hover["contents"]["value"]

    # definition and references of a component cited from the projects and relationships files
    projects = model / "projects.yaml"
    projects_text = projects.read_text(encoding="utf-8")
    cited = _position(projects_text, "quang-tri.iot-platform, quang-tri.big-data", 4)
    found = client.request("textDocument/definition", {"textDocument": {"uri": projects.as_uri()}, "position": cited})
    assert found["uri"] == uri and found["range"]["start"] == _position(broken, "quang-tri.iot-platform\n")
    refs = client.request(
        "textDocument/references",
        {"textDocument": {"uri": projects.as_uri()}, "position": cited, "context": {"includeDeclaration": True}},
    )
    assert {r["uri"] for r in refs} == {uri, projects.as_uri(), (model / "relationships.yaml").as_uri()}

    # document symbols: every component of the file, for the outline
    symbols = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert "quang-tri.iot-platform" in {s["name"] for s in symbols}

    # rename changes every file that writes the id, and the renamed model still loads
    edit = client.request(
        "textDocument/rename",
        {"textDocument": {"uri": projects.as_uri()}, "position": cited, "newName": "quang-tri.iot-hub"},
    )
    changes = edit["changes"]
    assert set(changes) == {uri, projects.as_uri(), (model / "relationships.yaml").as_uri()}
    files: dict[str, bytes] = {}
    for path in sorted(model.glob("*.yaml")):
        current = broken if path == components else path.read_text(encoding="utf-8")
        current = _apply(current, changes.get(path.as_uri(), []))
        if path == components:
            current = current.replace("ictrf.L1.no_such", "ictrf.L1.citizen_app")
        files[path.name] = current.encode("utf-8")
    loaded, diags = load_province_texts(files, catalogue)
    assert diags == [] and loaded is not None
    ids = {c.id for c in loaded.architecture.components}
    assert "quang-tri.iot-hub" in ids and "quang-tri.iot-platform" not in ids
    cited_by_projects = {c for p in loaded.architecture.projects for c in p.delivers}
    assert "quang-tri.iot-hub" in cited_by_projects

    assert client.close() == 0


def test_completion_of_model_ids_and_check_codes(client: StdioClient, model: Path) -> None:
    projects = model / "projects.yaml"
    text = projects.read_text(encoding="utf-8") + (
        "\nwaivers:\n  - check: ICT501\n    subject: quang-tri.gis-platform\n    reason: r\n    approver: a\n"
        "  - check: ICT5"
    )
    projects.write_text(text, encoding="utf-8")
    uri = _open(client, projects)
    client.diagnostics(uri)
    lines = text.splitlines()
    last = len(lines) - 1
    result = client.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri}, "position": {"line": last, "character": len(lines[last])}},
    )
    labels = {i["label"] for i in result["items"]}
    assert "ICT501" in labels and all(label.startswith("ICT5") for label in labels)
    at = _position(text, "phase: ", len("phase: "))
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at})
    phases = set(re.findall(r"- id: (quang-tri\.ph\.[\w.-]+)", (model / "province.yaml").read_text(encoding="utf-8")))
    assert len(phases) >= 2 and {i["label"] for i in result["items"]} == phases
    at = _position(text, "subject: quang-tri.gis", len("subject: quang-tri.gis"))
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at})
    assert {i["label"] for i in result["items"]} == {"quang-tri.gis-platform"}
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": _position(text, "check: ICT501", 9)}
    )
    assert "ICT501" in hover["contents"]["value"] and "Reference" in hover["contents"]["value"]
    assert client.close() == 0


def test_renaming_a_project_is_refused(client: StdioClient, model: Path) -> None:
    projects = model / "projects.yaml"
    text = projects.read_text(encoding="utf-8")
    uri = _open(client, projects)
    at = _position(text, "- id: quang-tri.p.", 8)
    with pytest.raises(RuntimeError, match="chỉ đổi tên được mã định danh của thành phần"):
        client.request("textDocument/rename", {"textDocument": {"uri": uri}, "position": at, "newName": "x.y"})
    assert client.close() == 0
