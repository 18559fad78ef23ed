"""``ictarch lsp``: the Language Server, on pygls, speaking LSP over stdio.

Command-line edge code: it reads the open buffers and the disk, and writes protocol messages to
stdout. The work is done by :mod:`ictarch.editor.session` (load and check one model from memory),
:mod:`ictarch.editor.index` (where ids are defined and cited) and :mod:`ictarch.editor.knowledge`
(completion and hover content).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from ictarch.checks import default_registry
from ictarch.checks.registry import Registry
from ictarch.config import Config
from ictarch.editor.index import Occurrence, token_span
from ictarch.editor.knowledge import candidates, hover_text, id_context, word_at
from ictarch.editor.session import ModelSession, model_folder
from ictarch.errors import Diagnostic, IctarchError
from ictarch.findings import Finding, Severity
from ictarch.i18n import has, msg, t
from ictarch.loading import MAIN_FILE
from ictarch.loading.spans import Span
from ictarch.models.reference import ReferenceCatalogue
from ictarch.version import __version__

DEBOUNCE_SECONDS = 0.05
"""Typing pauses shorter than this coalesce into one check."""

SEVERITIES = {
    Severity.CRITICAL: types.DiagnosticSeverity.Error,
    Severity.HIGH: types.DiagnosticSeverity.Error,
    Severity.MEDIUM: types.DiagnosticSeverity.Warning,
    Severity.LOW: types.DiagnosticSeverity.Information,
    Severity.INFO: types.DiagnosticSeverity.Hint,
}
IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SYMBOL_KINDS = {
    "component": types.SymbolKind.Class,
    "project": types.SymbolKind.Event,
    "domain": types.SymbolKind.Namespace,
}


def rule_anchor(code: str, name: str) -> str:
    """The anchor of a rule's section in docs/checks.md, as Markdown renderers make it."""
    return re.sub(r"[^a-z0-9 _-]", "", f"{code} {name}".lower()).replace(" ", "-")


def default_docs_base() -> str | None:
    """The rule documentation shipped beside the sources (a checkout), as a file URI."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "checks.md"
    return docs.as_uri() if docs.is_file() else None


@dataclass
class Options:
    """What the command line passes to the server."""

    lang: str | None
    profile: str | None
    config_path: Path | None
    docs_base: str | None
    catalogue: ReferenceCatalogue
    configure: Any
    """``(registry, folder, config_path, profile) → Config``; raises IctarchError on a bad configuration."""
    registry: Registry = field(default_factory=default_registry)


class IctarchLanguageServer(LanguageServer):
    """One session per model folder; every change re-checks only the model it belongs to."""

    def __init__(self, options: Options) -> None:
        super().__init__("ictarch", __version__)
        self.options = options
        self.lang = options.lang or "vi"
        self.sessions: dict[Path, ModelSession] = {}
        self.published: dict[Path, set[str]] = {}
        self.pending: dict[Path, asyncio.TimerHandle] = {}

    # ------------------------------------------------------------------ sessions

    def session_for(self, uri: str) -> ModelSession | None:
        path = to_fs_path(uri)
        if path is None or not path.endswith((".yaml", ".yml")):
            return None
        folder = model_folder(Path(path))
        if folder is None:
            return None
        session = self.sessions.get(folder)
        if session is None:
            try:
                config = self.options.configure(
                    self.options.registry, folder, self.options.config_path, self.options.profile
                )
            except IctarchError as exc:
                self.window_show_message(
                    types.ShowMessageParams(
                        types.MessageType.Error,
                        "ictarch: " + t("editor.configuration", self.lang, error=exc.render(self.lang)),
                    )
                )
                config = self.options.configure(self.options.registry, folder, None, None)
            session = ModelSession(folder, self.options.catalogue, self.options.registry, config)
            self.sessions[folder] = session
        return session

    def track(self, uri: str, text: str | None) -> ModelSession | None:
        session = self.session_for(uri)
        path = to_fs_path(uri)
        if session is not None and path is not None:
            session.update(path, text)
        return session

    def schedule(self, session: ModelSession, delay: float) -> None:
        old = self.pending.pop(session.folder, None)
        if old is not None:
            old.cancel()
        if delay <= 0:
            self.publish(session)
            return
        loop = asyncio.get_running_loop()
        self.pending[session.folder] = loop.call_later(delay, self.publish, session)

    # ------------------------------------------------------------------ diagnostics

    def publish(self, session: ModelSession) -> None:
        """Load and check the model, then publish every file's diagnostics (empty lists clear old ones)."""
        self.pending.pop(session.folder, None)
        outcome = session.check()
        texts = session.texts()
        by_file = {f: list(problems) for f, problems in outcome.by_file.items()}
        if outcome.elsewhere:
            by_file.setdefault(str(session.folder / MAIN_FILE), []).extend(outcome.elsewhere)
        for file, problems in by_file.items():
            lines = texts.get(file, "").splitlines(True)
            diagnostics = [self.to_lsp(p, lines) for p in problems]
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=from_fs_path(file) or file, diagnostics=diagnostics)
            )
        stale = self.published.get(session.folder, set()) - set(by_file)
        for file in stale:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=from_fs_path(file) or file, diagnostics=[])
            )
        self.published[session.folder] = set(by_file)

    def client_range(self, lines: list[str], span: Span) -> types.Range:
        codec = self.workspace.position_codec
        start = types.Position(span.line, span.column)
        end = types.Position(span.end_line, span.end_column)
        if span.line < len(lines) and span.end_line < len(lines):
            return codec.range_to_client_units(lines, types.Range(start, end))
        return types.Range(start, end)

    def to_lsp(self, problem: Diagnostic | Finding, lines: list[str]) -> types.Diagnostic:
        loc = problem.location
        span = token_span(lines, loc.line - 1, loc.column - 1) if loc is not None else Span(0, 0, 0, 0)
        related: list[types.DiagnosticRelatedInformation] = []
        if isinstance(problem, Finding):
            severity = SEVERITIES[problem.severity]
            message = problem.text(self.lang)
            spec = self.options.registry.get(problem.code) if problem.code in self.options.registry.codes else None
            anchor = rule_anchor(problem.code, spec.name) if spec else ""
            href = f"{self.options.docs_base}#{anchor}" if self.options.docs_base and anchor else None
        else:
            severity = types.DiagnosticSeverity.Error
            parts = [problem.text(self.lang)]
            if problem.expected:
                parts.append(t("load.expected", self.lang, what=problem.expected))
            if problem.hint:
                parts.append(t("load.hint", self.lang, hint=problem.hint))
            message = "\n".join(parts)
            base = self.options.docs_base
            href = base.replace("docs/checks.md", "README.md") + "#exit-codes" if base else None
            if problem.related is not None:
                rel = problem.related
                at = types.Position(rel.line - 1, rel.column - 1)
                related.append(
                    types.DiagnosticRelatedInformation(
                        types.Location(from_fs_path(rel.file) or rel.file, types.Range(at, at)),
                        t("editor.see-also", self.lang),
                    )
                )
        return types.Diagnostic(
            range=self.client_range(lines, span),
            message=message,
            severity=severity,
            code=problem.code,
            code_description=types.CodeDescription(href) if href else None,
            source="ictarch",
            related_information=related or None,
        )

    # ------------------------------------------------------------------ positions

    def cursor(self, uri: str, position: types.Position) -> tuple[ModelSession, str, list[str], int, int] | None:
        """The session, file, lines and code-point position of a request."""
        session = self.session_for(uri)
        path = to_fs_path(uri)
        if session is None or path is None:
            return None
        text = session.texts().get(path, "")
        lines = text.splitlines(True)
        pos = self.workspace.position_codec.position_from_client_units(lines, position)
        return session, path, lines, pos.line, pos.character

    def location(self, session: ModelSession, occ: Occurrence) -> types.Location:
        lines = session.texts().get(occ.file, "").splitlines(True)
        return types.Location(from_fs_path(occ.file) or occ.file, self.client_range(lines, occ.span))

    def occurrence(self, uri: str, position: types.Position) -> tuple[ModelSession, str] | None:
        """The session and the model id under the cursor (a definition or a citation)."""
        found = self.cursor(uri, position)
        if found is None:
            return None
        session, path, lines, line, column = found
        occ = session.index.id_at(path, line, column)
        if occ is not None:
            return session, session.index.spans[path].at(line, column).value  # type: ignore[union-attr]
        word = word_at(lines[line], column) if line < len(lines) else None
        if word is not None and word[0] in session.index.definitions:
            return session, word[0]
        return None


def build_server(options: Options) -> IctarchLanguageServer:
    """The server with every feature registered."""
    server = IctarchLanguageServer(options)

    @server.feature(types.INITIALIZE)
    def initialize(ls: IctarchLanguageServer, params: types.InitializeParams) -> None:
        if ls.options.lang is None and params.locale:
            ls.lang = "en" if params.locale.lower().startswith("en") else "vi"

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: IctarchLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        session = ls.track(params.text_document.uri, params.text_document.text)
        if session is not None:
            ls.schedule(session, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: IctarchLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        session = ls.track(uri, ls.workspace.get_text_document(uri).source)
        if session is not None:
            ls.schedule(session, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: IctarchLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        session = ls.session_for(params.text_document.uri)
        if session is not None:
            ls.schedule(session, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: IctarchLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        session = ls.track(params.text_document.uri, None)
        if session is not None:
            ls.schedule(session, DEBOUNCE_SECONDS)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["[", " ", ",", "-", ":"])
    )
    def completion(ls: IctarchLanguageServer, params: types.CompletionParams) -> types.CompletionList:
        found = ls.cursor(params.text_document.uri, params.position)
        if found is None:
            return types.CompletionList(is_incomplete=False, items=[])
        session, _, lines, line, column = found
        ctx = id_context([ln.rstrip("\r\n") for ln in lines], line, column)
        if ctx is None:
            return types.CompletionList(is_incomplete=False, items=[])
        loaded = session.last_good
        items = [
            types.CompletionItem(
                label=c.label,
                kind=types.CompletionItemKind.Reference,
                detail=c.detail,
                documentation=types.MarkupContent(types.MarkupKind.Markdown, c.documentation),
                filter_text=c.label,
            )
            for c in candidates(ctx, session.index, loaded, ls.options.catalogue, ls.options.registry)
            if c.label.startswith(ctx.typed)
        ]
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: IctarchLanguageServer, params: types.HoverParams) -> types.Hover | None:
        found = ls.cursor(params.text_document.uri, params.position)
        if found is None:
            return None
        session, _, lines, line, column = found
        word = word_at(lines[line], column) if line < len(lines) else None
        if word is None:
            return None
        loaded = session.last_good
        text = hover_text(word[0], session.index, loaded, ls.options.catalogue, ls.options.registry)
        if text is None:
            return None
        span = ls.client_range(lines, Span(line, word[1], line, word[2]))
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), span)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: IctarchLanguageServer, params: types.DefinitionParams) -> types.Location | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None:
            return None
        session, entity_id = found
        occ = session.index.definitions.get(entity_id)
        return ls.location(session, occ) if occ is not None else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: IctarchLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None:
            return []
        session, entity_id = found
        return [
            ls.location(session, occ)
            for occ in session.index.references(entity_id)
            if params.context.include_declaration or not occ.definition
        ]

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(ls: IctarchLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = ls.occurrence(params.text_document.uri, params.position)
        if found is None:
            return None
        session, entity_id = found
        index = session.index
        defined = index.definitions.get(entity_id)
        if defined is None or defined.kind != "component":
            raise JsonRpcInvalidParams(t("editor.rename-not-component", ls.lang, id=entity_id))
        new = params.new_name
        if not IDENTIFIER.match(new):
            raise JsonRpcInvalidParams(t("editor.rename-not-an-id", ls.lang, id=new))
        if new in index.definitions:
            kind = index.definitions[new].kind
            what = msg(f"entity.{kind}") if has(f"entity.{kind}") else kind
            raise JsonRpcInvalidParams(t("editor.rename-taken", ls.lang, id=new, kind=what))
        changes: dict[str, list[types.TextEdit]] = {}
        for occ in index.references(entity_id):
            loc = ls.location(session, occ)
            changes.setdefault(loc.uri, []).append(types.TextEdit(loc.range, new))
        return types.WorkspaceEdit(changes=changes)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: IctarchLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        session = ls.session_for(params.text_document.uri)
        path = to_fs_path(params.text_document.uri)
        if session is None or path is None:
            return []
        lines = session.texts().get(path, "").splitlines(True)
        return [
            types.DocumentSymbol(
                name=entity_id,
                detail=kind,
                kind=_SYMBOL_KINDS[kind],
                range=ls.client_range(lines, item),
                selection_range=ls.client_range(lines, id_span),
            )
            for kind, entity_id, item, id_span in session.index.items.get(path, [])
        ]

    return server


def serve_stdio(options: Options) -> None:
    """Run the server on stdin and stdout until the client says exit."""
    build_server(options).start_io()


__all__ = ["Config", "Options", "build_server", "rule_anchor", "serve_stdio"]
