"""What the browser tests share: where artifacts go, how Chromium is found and started, and a page that
records what went wrong."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from screenshot import CHROMIUM_ARGS, chromium_path

__all__ = ["CHROMIUM_ARGS", "chromium_path"]

ARTIFACTS = ROOT / "tests" / "artifacts"


class Tab:
    """A page that records console errors, uncaught exceptions, dialogs and requests outside the site."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: None if r.url.startswith("file://") else self.requests.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, site: Path, page: str) -> Any:
        self.page.goto((site / page).resolve().as_uri())
        self.page.wait_for_load_state("load")
        return self.page
