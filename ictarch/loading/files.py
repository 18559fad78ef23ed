"""Model files: where a model's files come from (a folder, or memory), reading them, expanding includes."""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ictarch import errors
from ictarch.check_inputs import resolve_paths
from ictarch.errors import Diagnostic, Location
from ictarch.i18n import Msg, msg, render
from ictarch.loading.yaml_doc import YamlDocument, parse_yaml
from ictarch.safe_write import file_kind

MAIN_FILE = "province.yaml"


def display_name(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def reference_root() -> Path:
    """The shipped reference frameworks, found through the installed package."""
    import reference_framework

    return Path(next(iter(reference_framework.__path__)))


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Resolve command-line paths to province main files: a file, a model folder, or a folder of models."""
    mains, problems = resolve_paths(paths)
    diagnostics: list[Diagnostic] = []
    for p, problem in problems:
        if problem == "empty":
            diagnostics.append(
                Diagnostic(
                    errors.FILE,
                    msg("load.no-model-in", path=display_name(p)),
                    hint=msg("load.model-is", main=MAIN_FILE),
                )
            )
        elif (what := ModelFolder(p.parent).irregular(p.name)) is not None and p.exists():
            diagnostics.append(Diagnostic(errors.FILE, msg("load.not-a-model-file", path=display_name(p), kind=what)))
        else:
            diagnostics.append(
                Diagnostic(errors.FILE, msg("load.path-not-found", path=display_name(p)), hint=msg("load.check-path"))
            )
    return mains, diagnostics


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Diagnostic]]:
    return read_document(ModelFolder(path.parent), path.name)


def read_document(files: ModelFiles, rel: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read and parse one file of a model, whatever holds it."""
    name = files.name(rel)
    try:
        data = files.read(rel)
    except FileNotFoundError:
        return None, [Diagnostic(errors.FILE, msg("load.file-not-found", path=name), hint=msg("load.check-path"))]
    except IrregularFile as exc:
        message = msg("load.cannot-read", path=name, reason=exc.reason)
        return None, [Diagnostic(errors.FILE, message, Location(name, 1, 1))]
    except OSError as exc:
        reason = str(exc.strerror)
        return None, [Diagnostic(errors.FILE, msg("load.cannot-read", path=name, reason=reason), Location(name, 1, 1))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Diagnostic(
                errors.FILE,
                msg("load.not-utf8", path=name, reason=str(exc.reason), byte=exc.start),
                Location(name, 1, 1),
            )
        ]
    return parse_yaml(text, name)


class ModelFiles(typing.Protocol):
    """Where a model's files come from: a folder on disk, or files held in memory (a git revision)."""

    def read(self, rel: str) -> bytes: ...

    def glob(self, pattern: str) -> list[tuple[str, bool]]:
        """Files matching ``pattern``, sorted, each with whether it lies inside the model's folder."""
        ...

    def name(self, rel: str) -> str:
        """How the user sees the file in messages and locations."""
        ...

    def irregular(self, rel: str) -> Msg | None:
        """What ``rel`` is when it is not a regular file ("a named pipe (FIFO)", "a folder"), else None."""
        ...


@dataclass(frozen=True)
class ModelFolder:
    """A model's files on disk."""

    folder: Path

    def read(self, rel: str) -> bytes:
        """The file's bytes; a FIFO, device or folder is refused without waiting on it (it could block forever)."""
        fd = os.open(self.folder / rel, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            what = _irregular(os.fstat(fd).st_mode)
            if what is not None:
                raise IrregularFile(what)
            with os.fdopen(os.dup(fd), "rb") as handle:
                return handle.read()
        finally:
            os.close(fd)

    def irregular(self, rel: str) -> Msg | None:
        try:
            return _irregular((self.folder / rel).stat().st_mode)
        except OSError:
            return None  # reading it will say why

    def glob(self, pattern: str) -> list[tuple[str, bool]]:
        root = self.folder.resolve()
        out = []
        for match in sorted(Path(p) for p in glob.glob(str(self.folder / pattern), recursive=True)):
            real = match.resolve()
            inside = root in real.parents
            out.append((real.relative_to(root).as_posix() if inside else str(real), inside))
        return out

    def name(self, rel: str) -> str:
        return display_name(self.folder / rel)


@dataclass
class FolderSnapshot:
    """A model's files on disk, each read once: what a run keys its cache entry by is what it parsed.

    ``read`` returns the bytes read the first time a file was asked for, however often it is asked
    again; ``contents`` lists every file read, in order, with those bytes. What a pattern matched and what a
    file was are likewise kept as first found, so that a load of the snapshot again, here or in another process
    (:meth:`replayed`), reads the same model.
    """

    folder: ModelFolder
    contents: dict[str, bytes] = field(default_factory=dict)
    matches: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    kinds: dict[str, Msg | None] = field(default_factory=dict)
    replay: bool = False
    """Answer from what was kept only, never from the disk."""

    def read(self, rel: str) -> bytes:
        if rel not in self.contents:
            if self.replay:
                raise FileNotFoundError(rel)  # never asked when recorded: the load reads as it did then
            self.contents[rel] = self.folder.read(rel)
        return self.contents[rel]

    def glob(self, pattern: str) -> list[tuple[str, bool]]:
        if pattern not in self.matches:
            self.matches[pattern] = [] if self.replay else self.folder.glob(pattern)
        return self.matches[pattern]

    def name(self, rel: str) -> str:
        return self.folder.name(rel)

    def irregular(self, rel: str) -> Msg | None:
        if rel not in self.kinds:
            self.kinds[rel] = None if self.replay else self.folder.irregular(rel)
        return self.kinds[rel]

    def recorded(self) -> tuple[dict[str, bytes], dict[str, list[tuple[str, bool]]], dict[str, Msg | None]]:
        """What :meth:`replayed` needs to give the same answers: the bytes read, the matches, the kinds."""
        return self.contents, self.matches, self.kinds

    @classmethod
    def replayed(
        cls,
        folder: ModelFolder,
        recorded: tuple[dict[str, bytes], dict[str, list[tuple[str, bool]]], dict[str, Msg | None]],
    ) -> FolderSnapshot:
        """The snapshot :meth:`recorded` describes, answering as it did without looking at the disk again."""
        contents, matches, kinds = recorded
        return cls(folder, dict(contents), dict(matches), dict(kinds), replay=True)


@dataclass(frozen=True)
class ModelInMemory:
    """A model's files held in memory, named ``prefix + path`` (``HEAD~1:province_models/quang-tri/...``)."""

    files: typing.Mapping[str, bytes]
    prefix: str = ""

    def read(self, rel: str) -> bytes:
        if rel not in self.files:
            raise FileNotFoundError(rel)
        return self.files[rel]

    def glob(self, pattern: str) -> list[tuple[str, bool]]:
        return [(rel, True) for rel in sorted(self.files) if fnmatch.fnmatchcase(rel, pattern)]

    def name(self, rel: str) -> str:
        return self.prefix + rel

    def irregular(self, rel: str) -> Msg | None:
        return None


class IrregularFile(OSError):
    """A path that names a FIFO, a device, a socket or a folder where a file was expected."""

    def __init__(self, kind: Msg) -> None:
        self.reason = msg("load.irregular", kind=kind)
        super().__init__(render(self.reason, "en"))


def _irregular(mode: int) -> Msg | None:
    return None if stat.S_ISREG(mode) else file_kind(mode)


# --------------------------------------------------------------------------- validation errors


def expand_includes(main: YamlDocument, files: ModelFiles, main_rel: str) -> tuple[list[str], list[Diagnostic]]:
    data = main.data if isinstance(main.data, dict) else {}
    includes = data.get("include", [])
    if not isinstance(includes, list):
        return [], []  # the schema reports the wrong type
    out: list[str] = []
    diags: list[Diagnostic] = []
    for i, pattern in enumerate(includes):
        where = main.locate(("include", i))
        if not isinstance(pattern, str):
            continue
        if os.path.isabs(pattern) or ".." in Path(pattern).parts:
            diags.append(
                Diagnostic(
                    errors.INCLUDE,
                    msg("load.include-leaves", pattern=pattern),
                    where,
                    expected=msg("load.include-expected"),
                    hint=msg("load.include-move"),
                )
            )
            continue
        matches = files.glob(pattern)
        if not matches:
            diags.append(
                Diagnostic(
                    errors.INCLUDE, msg("load.include-no-match", pattern=pattern), where, hint=msg("load.check-name")
                )
            )
        for rel, inside in matches:
            if not inside:
                diags.append(Diagnostic(errors.INCLUDE, msg("load.include-outside", pattern=pattern), where))
            elif rel == main_rel:
                diags.append(Diagnostic(errors.INCLUDE, msg("load.include-main", pattern=pattern), where))
            elif (what := files.irregular(rel)) is not None:
                diags.append(
                    Diagnostic(
                        errors.INCLUDE,
                        msg("load.include-irregular", pattern=pattern, path=files.name(rel), kind=what),
                        where,
                        expected=msg("load.include-yaml-files"),
                        hint=msg("load.include-regular-only"),
                    )
                )
            elif rel not in out:
                out.append(rel)
    return out, diags
