"""``ictarch serve`` in the system Chromium: the open page follows edits of the model without a reload."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.support import Tab
from tests.conftest import ROOT

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
PlaywrightError = playwright.Error

COMMAND = [
    sys.executable,
    "-c",
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); import cli; cli.main()",
    "serve",
]
"""The server as a terminal runs it. A shell without job control starts a job run in the background (``&``)
with Ctrl-C ignored, and its children inherit that: a Python started so never turns SIGINT into
KeyboardInterrupt, and the Ctrl-C below would find a server that cannot hear it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


STDERR: dict[int, list[str]] = {}
"""What each started server wrote on stderr, by process id: read as it comes, so that the server never blocks on
a full pipe (on a loaded machine Graphviz times out and every diagram not drawn is a line of warning)."""


def _drain(proc: subprocess.Popen[str], lines: list[str]) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append(line)


def start(folder: Path, port: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen([*COMMAND, str(folder), "--port", str(port)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    lines = STDERR.setdefault(proc.pid, [])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "đang phục vụ" in line:
            threading.Thread(target=_drain, args=(proc, lines), daemon=True).start()
            return proc
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"ictarch serve did not start (exit {proc.poll()}): {''.join(lines)[-2000:]}")


def wait_for_text(page: Any, text: str, present: bool = True, timeout: float = 90) -> None:
    """Poll the page's main text (the site's CSP forbids the eval that wait_for_function needs)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (text in page.inner_text("main", timeout=2_000)) is present:
                return
        except PlaywrightError:
            pass  # the page is reloading
        time.sleep(0.1)
    raise AssertionError(f"the page did not {'show' if present else 'drop'} {text!r} within {timeout}s")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    folder = tmp_path / "quang-tri"
    shutil.copytree(ROOT / "province_models" / "quang-tri", folder)
    port = free_port()
    proc = start(folder, port)
    try:
        yield folder, f"http://127.0.0.1:{port}/", proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_the_open_page_follows_saved_edits(tab: Tab, served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    folder, base, proc = served
    page = tab.page
    page.goto(base + "quang-tri/components/quang-tri.citizen-app.html")
    page.wait_for_load_state("load")
    assert "Ứng dụng di động Quảng Trị trực tuyến" in page.inner_text("main")
    page.evaluate("window.__sameDocument = true")

    # an edit of the name, saved: the page shows it without a manual reload
    components = folder / "components.yaml"
    text = components.read_text(encoding="utf-8")
    components.write_text(text.replace("Ứng dụng di động Quảng Trị trực tuyến", "Ứng dụng Quảng Trị số", 1), "utf-8")
    wait_for_text(page, "Ứng dụng Quảng Trị số")
    assert page.evaluate("window.__sameDocument === undefined")  # the page itself reloaded it

    # a model that no longer loads shows its errors in the page, not the last good state
    components.write_text(
        text.replace("realizes: [ictrf.L1, ictrf.L1.citizen_app]", "realizes: [ictrf.L1.gone]"), "utf-8"
    )
    wait_for_text(page, "ICT005")
    assert "ICT005" in page.inner_text("main") and "ictrf.L1.gone" in page.inner_text("main")

    # fixed again: the page comes back
    components.write_text(text, "utf-8")
    wait_for_text(page, "Ứng dụng di động")
    assert page.query_selector("#ictarch-load-errors") is None
    assert tab.errors == []
    assert all(url.startswith(base) for url in tab.requests)

    # Ctrl-C stops it cleanly
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=120)  # a guard against a hang, generous for a loaded machine
    except subprocess.TimeoutExpired:
        code = None
    assert code == 0, f"serve did not stop cleanly ({code}); its stderr ends: {''.join(STDERR[proc.pid])[-2000:]}"


def test_a_taken_port_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*COMMAND, str(ROOT / "province_models" / "quang-tri"), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert f"cổng {port} trên 127.0.0.1 đang được dùng" in result.stderr
