"""``ictarch serve``: the review site of some models, kept in memory and rebuilt when a model file changes.

A watcher polls the models' files (no extra dependency, works on every file system); a change
re-loads only the model it belongs to, re-runs the checks, rebuilds the pages and re-draws only the
diagrams whose DOT text changed (drawings are kept by their DOT text). Open pages learn which pages
changed through server-sent events, read by the site's own script: no other script, and the site's
Content-Security-Policy stays strict. A model that no longer loads turns every page into the list
of its load errors until it loads again.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from exporters.render import not_drawn
from exporters.site import SiteOptions, asset, build_site
from exporters.site.context import ASSETS
from ictarch._memory import release_frozen
from ictarch.checks.registry import Registry
from ictarch.config import Config
from ictarch.errors import Diagnostic
from ictarch.findings import Report
from ictarch.graph import ArchGraph, build_graph, province_node
from ictarch.i18n import render, t
from ictarch.loading import LoadedArchitecture, Workspace, load_province
from ictarch.models.province import ProvinceArchitecture
from ictarch.models.reference import ReferenceCatalogue
from ictarch.runner import run

EVENTS_PATH = "/__ictarch/events"
LIVE_META = f'<meta name="ictarch-live" content="{EVENTS_PATH}">'
ERROR_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'"

Draw = Callable[[str], bytes]


def _yaml_files(folder: Path) -> Iterator[Path]:
    for pattern in ("*.yaml", "*.yml"):
        yield from folder.rglob(pattern)


@dataclass
class Preview:
    """The site of the models named by their main files, and what changed at each rebuild."""

    mains: list[Path]
    catalogue: ReferenceCatalogue
    registry: Registry
    config: Config
    draw: Draw | None
    lang: str = "vi"
    max_nodes: int = 150
    files: dict[str, str] = field(default_factory=dict)
    version: int = 0
    changed: list[str] = field(default_factory=list)
    """The pages the last rebuild changed ("*" when the whole site switched between errors and pages)."""
    models: dict[Path, LoadedArchitecture | list[Diagnostic]] = field(default_factory=dict)
    drawings: dict[str, bytes] = field(default_factory=dict)
    draw_count: int = 0
    """How many diagrams Graphviz drew (the others were kept from an earlier build)."""
    lock: threading.Condition = field(default_factory=threading.Condition)

    def _draw(self, dot_text: str) -> bytes:
        key = hashlib.sha256(dot_text.encode("utf-8")).hexdigest()
        hit = self.drawings.get(key)
        if hit is None:
            if self.draw is None:
                raise not_drawn()
            hit = self.drawings[key] = self.draw(dot_text)
            self.draw_count += 1
        return hit

    report: Report | None = None
    """The findings of the last build that showed pages, to tell which component pages they change."""
    graph: ArchGraph | None = None
    """The graph of that build: a component page lists what it reaches, directly or not."""

    def load(self, main: Path) -> None:
        loaded, diags = load_province(main, self.catalogue)
        self.models[main] = loaded if loaded is not None else diags

    def errors(self) -> list[Diagnostic]:
        return [d for m in self.models.values() if isinstance(m, list) for d in m]

    def build(self, reload: list[Path] | None = None) -> list[str]:
        """Re-load the named models (all at the first build), rebuild the site, note the changed pages."""
        before = {m: a for m, a in self.models.items() if isinstance(a, LoadedArchitecture)}
        for main in self.mains if reload is None or not self.models else reload:
            self.load(main)
        problems = self.errors()
        was_error = "index.html" in self.files and "ictarch-load-errors" in self.files["index.html"]
        if problems:
            new = {path: asset(path.rsplit("/", 1)[-1]) for path in ASSETS}  # the script that reloads the page
            new["index.html"] = error_page(problems)
        else:
            provinces = [m for m in self.models.values() if isinstance(m, LoadedArchitecture)]
            workspace = Workspace(self.catalogue, provinces)
            graph = build_graph(workspace)
            report = run(workspace, config=self.config, registry=self.registry, graph=graph)
            options = SiteOptions(lang=self.lang, max_nodes=self.max_nodes)
            only = self.affected(before, report, graph) if self.files and not was_error else None
            new = build_site(graph, report, self._draw if self.draw else None, options, only)
            if only is not None:  # the pages a change does not touch stay as they were
                new = {**self.files, **new}
            self.report, self.graph = report, graph
        release_frozen()  # the preview lives long: free the previous build's frozen cycles
        switched = bool(problems) != was_error or not self.files
        changed = (
            ["*"] if switched else sorted(p for p in set(new) | set(self.files) if new.get(p) != self.files.get(p))
        )
        with self.lock:
            self.files = new
            if changed:
                self.version += 1
                self.changed = changed
                self.lock.notify_all()
        return changed

    def affected(
        self, before: dict[Path, LoadedArchitecture], report: Report, graph: ArchGraph
    ) -> dict[str, set[str]] | None:
        """The component pages a rebuild must redraw, by province; None when every page may change."""
        if self.report is None or self.graph is None:
            return None
        out: dict[str, set[str]] = {}
        for main, model in self.models.items():
            old = before.get(main)
            if not isinstance(model, LoadedArchitecture) or old is None:
                return None
            if old is model:  # not re-loaded: only its findings may have changed (below)
                continue
            touched = changed_components(old.architecture, model.architecture)
            if touched is None:
                return None
            reached = set(touched)
            for g in (self.graph, graph):  # what reaches a change, or is reached by it, lists it
                for comp in touched:
                    node = province_node(model.code, comp)
                    for other in (*g.dependencies(node), *g.dependents(node)):
                        info = g.info(other)
                        if info.province == model.code:
                            reached.add(info.entity_id)
            out[model.code] = reached
        old_findings, new_findings = _by_subject(self.report), _by_subject(report)
        for key in set(old_findings) | set(new_findings):
            if old_findings.get(key) != new_findings.get(key):
                out.setdefault(key[0], set()).add(key[1])
        return out

    def page(self, rel: str) -> str | None:
        """A file of the site; while a model does not load, every page is the list of errors."""
        with self.lock:
            if "ictarch-load-errors" in self.files.get("index.html", "") and rel.endswith(".html"):
                return self.files["index.html"]
            return self.files.get(rel)

    def wait(self, seen: int, timeout: float) -> tuple[int, list[str]]:
        """Block until a rebuild after version ``seen`` (or the timeout); the version and its changed pages."""
        with self.lock:
            self.lock.wait_for(lambda: self.version != seen, timeout)
            return self.version, list(self.changed)

    def snapshot(self) -> dict[Path, float]:
        """The modification times of every file of every model: what the watcher compares."""
        out: dict[Path, float] = {}
        for main in self.mains:
            files = [main] if main.parent == Path() else [main, *_yaml_files(main.parent)]
            for f in files:
                try:
                    out[f] = f.stat().st_mtime_ns
                except OSError:
                    out[f] = -1
        return out

    def owner(self, changed: Path) -> list[Path]:
        """The models a changed file belongs to (the nearest main file's folder holding it)."""
        owners = [m for m in self.mains if changed == m or m.parent in changed.parents or m.parent == changed.parent]
        if not owners:
            return []
        depth = max(len(m.parent.parts) for m in owners)
        return [m for m in owners if len(m.parent.parts) == depth]

    def watch(self, stop: threading.Event, interval: float = 0.2, report: Callable[[str], None] | None = None) -> None:
        """Poll the models' files until ``stop``; rebuild what a change affects."""
        before = self.snapshot()
        while not stop.wait(interval):
            now = self.snapshot()
            touched = [f for f in set(now) | set(before) if now.get(f) != before.get(f)]
            before = now
            if not touched:
                continue
            reload = sorted({m for f in touched for m in self.owner(f)})
            started = time.perf_counter()
            try:
                changed = self.build(reload or None)
            except Exception as exc:  # a bug must not stop the preview; say it and keep serving
                if report:
                    report(t("preview.rebuild-failed", self.lang, error=repr(exc)))
                continue
            if report:
                took = time.perf_counter() - started
                if changed == ["*"] and self.errors():
                    what = t("preview.load-errors", self.lang)
                else:
                    what = t("preview.pages-changed", self.lang, n=len(changed))
                models = tuple(m.parent.name for m in reload)
                report(t("preview.rebuilt", self.lang, models=models, seconds=f"{took:.2f}", what=what))


def changed_components(old: ProvinceArchitecture, new: ProvinceArchitecture) -> set[str] | None:
    """The components whose page may show something else: changed, related to a change, or delivered by a
    changed project. None when the change reaches beyond components (the province, domains, a new id)."""
    lists = {"components", "projects", "relationships"}
    if any(getattr(old, f) != getattr(new, f) for f in type(new).model_fields if f not in lists):
        return None
    old_c, new_c = {c.id: c for c in old.components}, {c.id: c for c in new.components}
    if old_c.keys() != new_c.keys() or {p.id for p in old.projects} != {p.id for p in new.projects}:
        return None
    out = {i for i, c in new_c.items() if old_c[i] != c}
    for rel in set(old.relationships) ^ set(new.relationships):
        out.update((rel.source_id, rel.target_id))
    for project in set(old.projects) ^ set(new.projects):
        out.update(project.delivers)
    near: set[str] = set()
    for rel in (*old.relationships, *new.relationships):  # a page shows its neighbours' names and states
        if rel.source_id in out:
            near.add(rel.target_id)
        if rel.target_id in out:
            near.add(rel.source_id)
    for project in (*old.projects, *new.projects):
        if out.intersection(project.delivers):
            near.update(project.delivers)
    return out | near


def _by_subject(report: Report) -> dict[tuple[str, str], list[tuple[str, str, str, str]]]:
    out: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
    for f in report.findings:
        entry = (f.code, f.severity.value, f.status.value, f.message_key)
        out.setdefault((f.province or "", f.subject), []).append(entry)
        for other in f.related:
            out.setdefault((f.province or "", other), []).append(entry)
    return out


def error_page(problems: list[Diagnostic]) -> str:
    """A page listing load errors; it carries the site's script so that it reloads once the model loads."""
    items = "\n".join(
        f"<li><code>{html.escape(str(d.location) if d.location else '')}</code> <strong>{html.escape(d.code)}</strong> "
        f"{html.escape(d.text('vi'))}{'<br><em>' + html.escape(render(d.hint, 'vi')) + '</em>' if d.hint else ''}</li>"
        for d in sorted(problems, key=Diagnostic.sort_key)
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi" data-lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{ERROR_CSP}">'
        "<title>ictarch: lỗi nạp mô hình · load errors</title>"
        '<link rel="stylesheet" href="/assets/site.css"><script src="/assets/site.js" defer></script></head>'
        '<body><main id="ictarch-load-errors">'
        f"<h1>Mô hình không nạp được · The model does not load ({len(problems)})</h1>"
        "<p>Sửa các lỗi dưới đây và lưu tệp; trang tự tải lại. · "
        "Fix these errors and save; the page reloads by itself.</p>"
        f"<ul>\n{items}\n</ul></main></body></html>\n"
    )


def with_live(page: str) -> str:
    """A page as served live: the meta tag that tells the site's script where the change events come from."""
    return page.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + LIVE_META, 1)


def event_stream(preview: Preview, stop: threading.Event, keepalive: float = 10.0) -> Iterator[bytes]:
    """Server-sent events: one ``data:`` line with the changed pages per rebuild, comments to keep alive."""
    seen = preview.version
    yield b"retry: 500\n\n"
    while not stop.is_set():
        version, changed = preview.wait(seen, keepalive)
        if version == seen:
            yield b": keep-alive\n\n"
            continue
        seen = version
        yield f"data: {json.dumps(changed)}\n\n".encode()
