"""Model files: where a model's files come from (a folder, or memory), reading them, expanding includes."""

from __future__ import annotations

import fnmatch
import glob
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path

from ictarch import errors
from ictarch.errors import Diagnostic, Location
from ictarch.loading.yaml_doc import YamlDocument, parse_yaml

MAIN_FILE = "province.yaml"


def display_name(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Diagnostic]]:
    return read_document(ModelFolder(path.parent), path.name)


def read_document(files: ModelFiles, rel: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read and parse one file of a model, whatever holds it."""
    name = files.name(rel)
    try:
        data = files.read(rel)
    except FileNotFoundError:
        return None, [Diagnostic(errors.FILE, f"file not found: {name}", hint="check the path")]
    except OSError as exc:
        return None, [Diagnostic(errors.FILE, f"cannot read {name}: {exc.strerror}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Diagnostic(
                errors.FILE, f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})", Location(name, 1, 1)
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


@dataclass(frozen=True)
class ModelFolder:
    """A model's files on disk."""

    folder: Path

    def read(self, rel: str) -> bytes:
        return (self.folder / rel).read_bytes()

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
    again; ``contents`` lists every file read, in order, with those bytes.
    """

    folder: ModelFolder
    contents: dict[str, bytes] = field(default_factory=dict)

    def read(self, rel: str) -> bytes:
        if rel not in self.contents:
            self.contents[rel] = self.folder.read(rel)
        return self.contents[rel]

    def glob(self, pattern: str) -> list[tuple[str, bool]]:
        return self.folder.glob(pattern)

    def name(self, rel: str) -> str:
        return self.folder.name(rel)


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
                    f"include '{pattern}' leaves the model's folder",
                    where,
                    expected="a path or glob relative to the model's folder, inside it",
                    hint="move the fragment into the model's folder",
                )
            )
            continue
        matches = files.glob(pattern)
        if not matches:
            diags.append(
                Diagnostic(errors.INCLUDE, f"include '{pattern}' matches no file", where, hint="check the file name")
            )
        for rel, inside in matches:
            if not inside:
                diags.append(
                    Diagnostic(errors.INCLUDE, f"include '{pattern}' resolves outside the model's folder", where)
                )
            elif rel == main_rel:
                diags.append(Diagnostic(errors.INCLUDE, f"include '{pattern}' names the main file itself", where))
            elif rel not in out:
                out.append(rel)
    return out, diags
