"""``ictarch serve``: a live preview of the review site on 127.0.0.1, rebuilt when a model file is saved."""

from __future__ import annotations

import errno
import mimetypes
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import click
from rich.text import Text

from ictarch.cli.base import Settings, guarded, main, model_paths
from ictarch.cli.options import config_option, paths_argument
from ictarch.errors import ConfigError, ExportError, ModelLoadError
from ictarch.i18n import msg, t

if TYPE_CHECKING:
    from http.server import BaseHTTPRequestHandler


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _handler(preview: Any, stop: threading.Event) -> type[BaseHTTPRequestHandler]:
    from http.server import BaseHTTPRequestHandler

    from ictarch.editor.preview import EVENTS_PATH, event_stream, with_live

    class Handler(BaseHTTPRequestHandler):
        server_version = "ictarch-serve"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows rebuilds only
            return

        def _headers(self, status: int, ctype: str, length: int | None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in SECURITY_HEADERS.items():
                self.send_header(k, v)
            if length is not None:
                self.send_header("Content-Length", str(length))
            self.end_headers()

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if path == EVENTS_PATH:
                self._headers(200, "text/event-stream; charset=utf-8", None)
                self.close_connection = True
                try:
                    for chunk in event_stream(preview, stop):
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            if path == "/favicon.ico":  # browsers ask for it; the site has none
                self._headers(204, "image/x-icon", 0)
                return
            rel = path.lstrip("/")
            if rel == "" or rel.endswith("/"):
                rel += "index.html"
            text = preview.page(rel) if ".." not in rel.split("/") else None
            if text is None:
                body = b"not found"
                self._headers(404, "text/plain; charset=utf-8", len(body))
                self.wfile.write(body)
                return
            if rel.endswith(".html"):
                text = with_live(text)
            body = text.encode("utf-8")
            ctype = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            self._headers(200, f"{ctype}; charset=utf-8", len(body))
            self.wfile.write(body)

    return Handler


@main.command()
@paths_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (only this machine).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free).")
@click.option("--profile", default=None, help="Check profile: draft, approval, or one defined in the config file.")
@config_option
@click.option("--lang", "site_lang", type=click.Choice(["vi", "en"]), default=None, help="Language pages open in.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=150, show_default=True, help="As for `report`.")
@click.pass_obj
@guarded
def serve(
    settings: Settings,
    /,
    paths: tuple[Path, ...],
    host: str,
    port: int,
    profile: str | None,
    config_path: Path | None,
    site_lang: str | None,
    max_nodes: int,
) -> None:
    """Live preview: serve the review site of the models and refresh open pages when a model file is saved.

    \b
    ictarch serve province_models/quang-tri            # http://127.0.0.1:8000/
    ictarch serve province_models/ --port 8765
    Stop with Ctrl-C. Load errors replace the pages until the model loads again.
    """
    from http.server import ThreadingHTTPServer

    from exporters.render import render
    from ictarch.checks import default_registry
    from ictarch.cli.options import run_config
    from ictarch.editor.preview import Preview
    from ictarch.loading import discover, load_catalogue, reference_root

    mains, diagnostics = discover(model_paths(paths))
    if diagnostics:
        raise ModelLoadError(diagnostics)
    registry = default_registry()
    config = run_config(registry, paths, config_path, profile=profile, fail_on=None)
    catalogue, _ = load_catalogue(settings.reference or reference_root())
    err = settings.err()
    if shutil.which("dot") is None:
        err.print(Text(t("serve.no-graphviz", settings.lang), style="yellow"))

    def draw(dot_text: str) -> bytes:
        try:
            return render(dot_text, "svg")
        except ExportError as exc:
            message = exc.render(settings.lang)
            err.print(Text(t("cli.diagram-not-drawn", settings.lang, message=message), style="yellow"))
            raise

    preview = Preview(
        mains=[m.resolve() for m in mains],
        catalogue=catalogue,
        registry=registry,
        config=config,
        draw=draw if shutil.which("dot") else None,
        lang=site_lang or settings.lang,
        max_nodes=max_nodes,
    )
    stop = threading.Event()
    try:
        httpd = ThreadingHTTPServer((host, port), _handler(preview, stop))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(msg("serve.port-in-use", port=port, host=host)) from None
        raise ConfigError(msg("serve.cannot-listen", port=port, host=host, error=str(exc.strerror))) from None
    httpd.daemon_threads = True
    preview.build()
    if preview.errors():
        err.print(Text(t("serve.load-errors", settings.lang, n=len(preview.errors())), style="yellow"))
    url = f"http://{host if ':' not in host else f'[{host}]'}:{httpd.server_address[1]}/"
    err.print(t("serve.serving", settings.lang, n=len(mains), url=url), highlight=False)
    watcher = threading.Thread(target=preview.watch, args=(stop, 0.2, lambda m: err.print(m, highlight=False)))
    watcher.daemon = True
    watcher.start()
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        err.print(t("serve.stopped", settings.lang))
    finally:
        stop.set()
        with preview.lock:
            preview.lock.notify_all()
        httpd.server_close()
        watcher.join(timeout=2)
