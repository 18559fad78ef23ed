"""A minimal LSP client over stdio, as an editor speaks it: framed JSON-RPC, requests and notifications.

Used by the language-server tests and by ``benchmarks/lsp_bench.py``.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class StdioClient:
    """Start a server command, send it requests and notifications, collect what it sends back."""

    def __init__(self, command: list[str], cwd: Path | None = None) -> None:
        self.proc = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.next_id = 0
        self.responses: dict[int, dict[str, Any]] = {}
        self.notifications: queue.Queue[dict[str, Any]] = queue.Queue()
        self.published: dict[str, tuple[int, list[dict[str, Any]]]] = {}
        """The latest diagnostics of each file, with how many times they were published."""
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            message = json.loads(out.read(length))
            if "id" in message and "method" not in message:
                with self.lock:
                    self.responses[message["id"]] = message
                    self.lock.notify_all()
            elif "id" in message:  # a request from the server (e.g. workspace/configuration): answer empty
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics":
                with self.lock:
                    uri = message["params"]["uri"]
                    count = self.published.get(uri, (0, []))[0]
                    self.published[uri] = (count + 1, list(message["params"]["diagnostics"]))
                    self.lock.notify_all()
            else:
                self.notifications.put(message)

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        self.next_id += 1
        rid = self.next_id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self.lock:
            while rid not in self.responses:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no answer to {method}")
                self.lock.wait(left)
            message = self.responses.pop(rid)
        if "error" in message:
            raise RuntimeError(message["error"].get("message"))
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def mark(self, uri: str) -> int:
        """How many times diagnostics of ``uri`` were published so far (pass to :meth:`diagnostics`)."""
        with self.lock:
            return self.published.get(uri, (0, []))[0]

    def diagnostics(self, uri: str, after: int = 0, timeout: float = 60) -> list[dict[str, Any]]:
        """The diagnostics of ``uri`` once published more than ``after`` times."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.published.get(uri, (0, []))[0] <= after:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no diagnostics for {uri}")
                self.lock.wait(left)
            return self.published[uri][1]

    def initialize(self, root: Path, locale: str | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {
            "processId": None,
            "rootUri": root.as_uri(),
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        }
        if locale:
            params["locale"] = locale
        result = self.request("initialize", params)
        self.notify("initialized", {})
        return dict(result)

    def close(self) -> int:
        try:
            self.request("shutdown", None, timeout=20)
            self.notify("exit", None)
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
