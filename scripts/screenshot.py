#!/usr/bin/env python3
"""Take a screenshot of a page of a generated review report (the README's picture of the overview).

    ictarch report province_models/ -o site/ --force
    python3 scripts/screenshot.py site/ docs/overview.png

Drives the system's headless Chromium (Debian: apt-get install chromium) with Playwright
(pip install playwright; no browser download is needed). Options: --page (a path inside the site,
default quang-tri/index.html), --lang (the language shown, default en), --width and --height of the
window in CSS pixels, --full-page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The system Chromium: $CHROMIUM, else chromium or chromium-browser on PATH."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(site: Path, out: Path, page: str, lang: str, width: int, height: int, full_page: bool) -> None:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("no Chromium found: apt-get install chromium (or set CHROMIUM=/path/to/chrome)")
    target = (site / page).resolve()
    if not target.is_file():
        raise SystemExit(f"{target} does not exist: build the site first (ictarch report ... -o {site})")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            tab = context.new_page()
            tab.goto(target.as_uri())
            tab.wait_for_load_state("load")
            button = tab.locator(f"[data-set-lang={lang}]")
            if button.count():
                button.first.click()
            out.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(out), full_page=full_page)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="folder of the generated site")
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--page", default="quang-tri/index.html", help="page inside the site")
    parser.add_argument("--lang", choices=["vi", "en"], default="en", help="language shown")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the window")
    args = parser.parse_args(argv)
    screenshot(args.site, args.out, args.page, args.lang, args.width, args.height, args.full_page)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
