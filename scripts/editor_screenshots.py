#!/usr/bin/env python3
"""The README's pictures of the live preview and of diagnostics in an editor, taken from the real programs.

    python3 scripts/editor_screenshots.py docs/

- ``preview.png``: ``ictarch serve province_models/quang-tri`` on a free port, one component page,
  in the system's headless Chromium.
- ``editor-diagnostics.png``: Neovim in a tmux pane, on a copy of Quảng Trị whose components.yaml
  cites a reference id that does not exist, with ``ictarch lsp`` attached. The pane is captured with
  its colours (``tmux capture-pane -e``), turned into HTML by rich, and that page photographed by
  Chromium: the picture shows what the terminal showed.

Needs Chromium and Playwright (as scripts/screenshot.py), tmux and Neovim (Debian: apt-get install
tmux neovim).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from screenshot import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "import cli; cli.main()"]
PLANTED = ("realizes: [ictrf.L1, ictrf.L1.citizen_app]", "realizes: [ictrf.L1, ictrf.L1.citizen_ap]")

# Neovim 0.7 (Debian 12) has no vim.lsp.start: start the client once and attach each YAML buffer.
NVIM_INIT = """
vim.o.number = true
vim.o.signcolumn = "yes"
vim.o.termguicolors = true
local command = {COMMAND}
local client_id = nil
vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    if client_id == nil then
      client_id = vim.lsp.start_client({ name = "ictarch", cmd = command, root_dir = vim.fn.getcwd() })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def preview(browser: object, out: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [*CLI, "serve", str(ROOT / "province_models" / "quang-tri"), "--port", str(port), "--lang", "en"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    try:
        while "serving" not in (line := proc.stderr.readline()):
            if not line:
                raise SystemExit("ictarch serve did not start")
        page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
        page.goto(f"http://127.0.0.1:{port}/quang-tri/components/quang-tri.citizen-app.html")
        page.wait_for_load_state("load")
        page.screenshot(path=str(out))
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def editor(browser: object, out: Path) -> None:
    from rich.console import Console
    from rich.text import Text

    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "quang-tri"
        shutil.copytree(ROOT / "province_models" / "quang-tri", model)
        components = model / "components.yaml"
        text = components.read_text(encoding="utf-8")
        components.write_text(text.replace(*PLANTED, 1), encoding="utf-8")
        line = text[: text.index(PLANTED[0])].count("\n") + 1
        init = Path(tmp) / "init.lua"
        command = "{" + ", ".join(f'"{part}"' for part in [*CLI, "lsp", "--stdio"]) + "}"
        init.write_text(NVIM_INIT.replace("{COMMAND}", command), encoding="utf-8")
        session = f"ictarch-shot-{_free_port()}"
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                "150",
                "-y",
                "34",
                "-c",
                str(model),
                f"PYTHONPATH={ROOT} nvim -u {init} +{line} components.yaml",
            ],
            check=True,
        )
        try:
            time.sleep(3)
            subprocess.run(["tmux", "send-keys", "-t", session, "zt"], check=True)
            captured = ""
            for _ in range(60):  # until the diagnostics are shown
                time.sleep(1)
                captured = subprocess.run(
                    ["tmux", "capture-pane", "-e", "-p", "-t", session], capture_output=True, text=True, check=True
                ).stdout
                if "ICT005" in captured or "is not a known" in captured:
                    time.sleep(1)
                    captured = subprocess.run(
                        ["tmux", "capture-pane", "-e", "-p", "-t", session], capture_output=True, text=True, check=True
                    ).stdout
                    break
            else:
                raise SystemExit("Neovim showed no diagnostics")
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], check=False)
        console = Console(record=True, width=150, color_system="truecolor", file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(Text.from_ansi(captured), end="")
        html = console.export_html(inline_styles=True, code_format=_TERMINAL_PAGE)
        page_file = Path(tmp) / "pane.html"
        page_file.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1220, "height": 600})  # type: ignore[attr-defined]
        page.goto(page_file.as_uri())
        page.screenshot(path=str(out), full_page=True)
        page.close()


_TERMINAL_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: {background}; }}
pre {{ margin: 0; padding: 12px; color: {foreground}; font: 14px/1.3 "DejaVu Sans Mono", monospace; }}
</style></head><body><pre><code>{code}</code></pre></body></html>
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder for preview.png and editor-diagnostics.png")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            preview(browser, args.out / "preview.png")
            editor(browser, args.out / "editor-diagnostics.png")
        finally:
            browser.close()
    print(f"wrote {args.out / 'preview.png'} and {args.out / 'editor-diagnostics.png'}")


if __name__ == "__main__":
    main()
