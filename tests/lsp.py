"""A minimal Language Server Protocol client: enough to ask yaml-language-server for completions and hovers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

TOOLS = ROOT / ".ci" / "node" / "node_modules" / ".bin"
"""Where .ci/run installs the npm tools the tests use."""


def npm_tool(name: str) -> str | None:
    """The path of an npm tool: ICTARCH_NODE_BIN, .ci/node (installed by .ci/run), else the PATH."""
    for folder in (os.environ.get("ICTARCH_NODE_BIN"), str(TOOLS)):
        if folder and (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    return shutil.which(name)


def sarif_multitool() -> str | None:
    """The SARIF multitool's Linux binary (npm @microsoft/sarif-multitool-linux): SARIF_MULTITOOL, else .ci/node."""
    for candidate in (
        os.environ.get("SARIF_MULTITOOL"),
        str(TOOLS.parent / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


class LanguageServer:
    def __init__(self, command: list[str], root: Path) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {
                    "textDocument": {
                        "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"]}},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                    }
                },
            },
        )
        self.notify("initialized", {})
        settings = {"yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}}
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.proc.stdin.flush()

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the language server stopped")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        data: dict[str, Any] = json.loads(self.proc.stdout.read(length))
        return data

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self._read()
            if message.get("id") == self.next_id and "method" not in message:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result")
            if "method" in message and "id" in message:  # a request from the server: answer it
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [None for _ in message["params"]["items"]]
                self._send({"id": message["id"], "result": result})

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
        )
        return uri

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        items: list[dict[str, Any]] = result["items"] if isinstance(result, dict) else (result or [])
        return items

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        )
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
