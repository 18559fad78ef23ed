"""Editor feedback: time from a change to diagnostics (``ictarch lsp``) and to a refreshed preview (``ictarch serve``).

    python3 benchmarks/editor_bench.py                          # 1 × 300 components and 34 × 300
    python3 benchmarks/editor_bench.py --national-components 2000 --repeat 5

Run by hand, prints figures; never a timed test. For each model (a 300-component province, and a
national model of 34 such provinces from benchmarks/generate.py, edited in one province):

- LSP: the server is started over stdio as an editor starts it; a file is opened, then changed (the
  name of a component: the model still loads, every check re-runs) and saved. The time is from the
  didChange / didSave notification to the publishDiagnostics of that file. The baseline, measured in
  the same run, is a cold ``ictarch check`` of the same model in a fresh process.
- Preview: ``ictarch serve`` is started; a client listens to its event stream; a file is written and
  the time runs until the changed page has been announced and fetched again. The baseline is the
  server's first full build (start-up to listening). ``--without-graphviz`` leaves the diagrams out
  (the pages show a notice), which keeps a national run short on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from tests.editor.stdio_client import StdioClient  # noqa: E402

CLI = [sys.executable, "-c", "import cli; cli.main()"]


def edit(text: str, k: int) -> str:
    """A change that keeps the model loading: the Vietnamese name of the last component of the file (the
    first is a shared platform that most components reach, whose change redraws nearly every page)."""
    marker = "name: {vi: "
    i = text.rindex(marker) + len(marker)
    return text[:i] + f'"Sửa {k} ' + text[i + 1 :] if text[i] == '"' else text[:i] + f"Sửa{k}" + text[i:]


def bench_check(model: Path) -> float:
    started = time.perf_counter()
    subprocess.run([*CLI, "--no-cache", "check", str(model), "--exit-zero"], cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def bench_lsp(model: Path, province: Path, repeat: int) -> dict[str, float]:
    client = StdioClient([*CLI, "lsp", "--stdio"], cwd=ROOT)
    try:
        client.initialize(model)
        components = province / "components.yaml"
        uri = components.as_uri()
        text = components.read_text(encoding="utf-8")
        started = time.perf_counter()
        client.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
        )
        client.diagnostics(uri, timeout=600)
        opened = time.perf_counter() - started
        changes, saves = [], []
        for k in range(repeat):
            text = edit(text, k)
            mark = client.mark(uri)
            started = time.perf_counter()
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": k + 2}, "contentChanges": [{"text": text}]},
            )
            client.diagnostics(uri, after=mark, timeout=600)
            changes.append(time.perf_counter() - started)
            components.write_text(text, encoding="utf-8")
            mark = client.mark(uri)
            started = time.perf_counter()
            client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
            client.diagnostics(uri, after=mark, timeout=600)
            saves.append(time.perf_counter() - started)
        client.close()
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
    return {"open": opened, "change": statistics.median(changes), "save": statistics.median(saves)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_serve(model: Path, province: Path, repeat: int, graphviz: bool) -> dict[str, float]:
    port = _free_port()
    env = dict(os.environ)
    if not graphviz:
        env["PATH"] = str(Path(sys.executable).parent)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*CLI, "serve", str(model), "--port", str(port)], cwd=ROOT, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stderr is not None
    try:
        while "serving" not in (line := proc.stderr.readline()):
            if not line:
                raise RuntimeError("ictarch serve did not start")
        first = time.perf_counter() - started
        base = f"http://127.0.0.1:{port}/"
        page = f"{province.name}/components.html"
        events = urllib.request.urlopen(base + "__ictarch/events", timeout=600)
        assert events.readline().startswith(b"retry")
        events.readline()
        components = province / "components.yaml"
        text = components.read_text(encoding="utf-8")
        times = []
        for k in range(repeat):
            text = edit(text, 100 + k)
            time.sleep(0.3)  # a distinct modification time
            started = time.perf_counter()
            components.write_text(text, encoding="utf-8")
            while True:
                line = events.readline()
                if line.startswith(b"data:") and (page.encode() in line or b'"*"' in line):
                    break
            urllib.request.urlopen(base + page, timeout=600).read()
            times.append(time.perf_counter() - started)
        events.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"first build": first, "refresh": statistics.median(times)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--components", type=int, default=300, help="components per province")
    ap.add_argument("--national-components", type=int, default=300, help="components per province, national model")
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--without-graphviz", action="store_true", help="serve without diagrams")
    ap.add_argument("--skip-national", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ictarch-editor-bench-"))
    try:
        runs = [("province", 1, args.components)]
        if not args.skip_national:
            runs.append(("national", args.provinces, args.national_components))
        for label, provinces, components in runs:
            model = work / label
            generate(model, provinces, components, 20250701, clean=False, dangling=False)
            province = model / "p00"
            check = bench_check(model)
            lsp = bench_lsp(model, province, args.repeat)
            print(
                f"{label} ({provinces} × {components} components): cold `ictarch check` {check:.2f}s (baseline); "
                f"lsp open→diagnostics {lsp['open']:.2f}s, change→diagnostics {lsp['change']:.3f}s "
                f"({lsp['change'] / check:.2f}× baseline), save→diagnostics {lsp['save']:.3f}s "
                f"({lsp['save'] / check:.2f}× baseline)",
                flush=True,
            )
            serve = bench_serve(model, province, args.repeat, not args.without_graphviz)
            print(
                f"{label}: serve first build {serve['first build']:.2f}s (baseline), saved change→refreshed page "
                f"{serve['refresh']:.2f}s ({serve['refresh'] / serve['first build']:.2f}× baseline)"
                f"{' without Graphviz' if args.without_graphviz else ''}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
