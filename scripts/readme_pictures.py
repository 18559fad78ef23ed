#!/usr/bin/env python3
"""Draw the README's pictures of a seed province: the layered view, the e-government view and the roadmap chart.

    python3 scripts/readme_pictures.py docs/

Runs the documented commands (``ictarch --lang en diagram layered|egov PROVINCE -o FILE.svg`` and
``ictarch --lang en roadmap PROVINCE --chart FILE.svg``), then photographs each SVG in the system's
headless Chromium (as scripts/screenshot.py does) at --width CSS pixels, so that the PNGs read the same
on any machine, whatever fonts it has. Options: --province (default province_models/quang-tri),
--lang (default en), --width (default 1600).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from screenshot import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
PICTURES = {
    "layered": ["diagram", "layered", "-o"],
    "egov": ["diagram", "egov", "-o"],
    "roadmap-chart": ["roadmap", "--chart"],
}
"""PNG name → the ictarch command that draws its SVG: the province, then the last word and the file, follow."""


def draw(province: Path, lang: str, folder: Path) -> dict[str, Path]:
    """The SVG of each picture, written into ``folder`` by the ictarch command line."""
    out = {}
    for name, command in PICTURES.items():
        svg = folder / f"{name}.svg"
        args = [*command[:-1], str(province), command[-1], str(svg)]
        done = subprocess.run(
            [sys.executable, "-m", "cli", "--no-cache", "--lang", lang, *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"ictarch {' '.join(args)} failed:\n{done.stderr}")
        out[name] = svg
    return out


def photograph(svgs: dict[str, Path], out_dir: Path, width: int) -> list[Path]:
    """Each SVG scaled to ``width`` CSS pixels (never enlarged), as a PNG in ``out_dir``."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise SystemExit("no Chromium found: apt-get install chromium (or set CHROMIUM=/path/to/chrome)")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 600}, device_scale_factor=1)
            for name, svg in svgs.items():
                frame = svg.with_suffix(".html")  # a page beside the SVG, so that it may load it
                frame.write_text(
                    '<!doctype html><html><body style="margin:0;background:#fff">'
                    f'<img id="picture" src="{svg.name}"></body></html>',
                    encoding="utf-8",
                )
                page.goto(frame.resolve().as_uri())
                page.wait_for_function("document.getElementById('picture').complete")
                size = page.evaluate(
                    "(w) => { const p = document.getElementById('picture');"
                    " const s = Math.min(1, w / p.naturalWidth);"
                    " p.style.width = Math.round(p.naturalWidth * s) + 'px';"
                    " return [Math.round(p.naturalWidth * s), Math.ceil(p.naturalHeight * s)]; }",
                    width,
                )
                page.set_viewport_size({"width": size[0], "height": size[1]})
                target = out_dir / f"{name}.png"
                page.locator("#picture").screenshot(path=str(target))
                written.append(target)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write layered.png, egov.png and roadmap-chart.png into")
    parser.add_argument("--province", type=Path, default=ROOT / "province_models" / "quang-tri")
    parser.add_argument("--lang", choices=["vi", "en"], default="en")
    parser.add_argument("--width", type=int, default=1600, help="widest picture, in CSS pixels")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        svgs = draw(args.province.resolve(), args.lang, Path(scratch))
        for target in photograph(svgs, args.out, args.width):
            print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
