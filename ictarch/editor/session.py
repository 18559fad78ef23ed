"""One model as an editor sees it: its files (unsaved buffers over the disk), loaded and checked on demand.

Each model folder is a session of its own, so a change re-loads and re-checks only the model the
changed file belongs to. The files are loaded from memory (as for a git revision), so diagnostics
follow what the user typed, saved or not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ictarch._memory import release_frozen
from ictarch.checks.registry import Registry
from ictarch.config import Config
from ictarch.editor.index import FileIndex, ModelIndex, build_index
from ictarch.errors import Diagnostic, IctarchError, Location, ModelLoadError
from ictarch.findings import Finding, Status
from ictarch.loading import MAIN_FILE, LoadedArchitecture, Workspace, load_province_texts
from ictarch.models.reference import ReferenceCatalogue
from ictarch.runner import run


def model_folder(file: Path) -> Path | None:
    """The folder of the model a YAML file belongs to: the nearest folder upwards with a main file."""
    for folder in [file.parent, *file.parent.parents]:
        if (folder / MAIN_FILE).is_file():
            return folder
    return None


def _model_files(folder: Path) -> list[Path]:
    """The YAML files under a model's folder, leaving out folders that hold models of their own."""
    out: list[Path] = []
    stack = [folder]
    while stack:
        here = stack.pop()
        for entry in sorted(here.iterdir()):
            if entry.is_dir() and not entry.name.startswith(".") and not (entry / MAIN_FILE).is_file():
                stack.append(entry)
            elif entry.is_file() and entry.suffix in (".yaml", ".yml"):
                out.append(entry)
    return out


@dataclass
class Outcome:
    """What one load and check of a model gave: problems by file (absolute path), and the loaded model."""

    by_file: dict[str, list[Diagnostic | Finding]]
    loaded: LoadedArchitecture | None
    elsewhere: list[Diagnostic | Finding] = field(default_factory=list)
    """Problems without a place in the model's files (a missing include, a bad configuration)."""


@dataclass
class ModelSession:
    """One model folder: the disk's files, the editor's open buffers over them, the last outcome."""

    folder: Path
    catalogue: ReferenceCatalogue
    registry: Registry
    config: Config
    buffers: dict[str, str] = field(default_factory=dict)
    """Open documents by absolute path: what the editor shows, saved or not."""
    last: Outcome | None = None
    last_good: LoadedArchitecture | None = None
    """The last model that loaded: hover and completion keep their details while the text is broken."""
    _index: ModelIndex | None = None
    _files: dict[str, tuple[str, FileIndex]] = field(default_factory=dict)
    """Each file's index with the text it was built from: a change parses only the changed file again."""

    def texts(self) -> dict[str, str]:
        """Every file of the model by absolute path, open buffers taking precedence over the disk."""
        out: dict[str, str] = {}
        for path in _model_files(self.folder):
            key = str(path)
            if key in self.buffers:
                out[key] = self.buffers[key]
                continue
            try:
                out[key] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the loader reports an unreadable file
        for key, text in self.buffers.items():
            out.setdefault(key, text)
        return out

    def update(self, path: str, text: str | None) -> None:
        """An editor opened or changed a buffer (``text``) or closed it (None: the disk counts again)."""
        if text is None:
            self.buffers.pop(path, None)
        else:
            self.buffers[path] = text
        self._index = None

    @property
    def index(self) -> ModelIndex:
        if self._index is None:
            self._index = build_index(self.texts(), self._files)
        return self._index

    def check(self, run_date: dt.date | None = None) -> Outcome:
        """Load the model from the texts and, when it loads, run the configured checks on it."""
        texts = self.texts()
        prefix = str(self.folder) + "/"
        files = {k[len(prefix) :]: v.encode("utf-8") for k, v in texts.items() if k.startswith(prefix)}
        by_file: dict[str, list[Diagnostic | Finding]] = {k: [] for k in texts}
        elsewhere: list[Diagnostic | Finding] = []
        loaded: LoadedArchitecture | None = None
        problems: list[Diagnostic | Finding]
        try:
            loaded, diags = load_province_texts(files, self.catalogue, prefix=prefix)
            problems = list(diags)
        except ModelLoadError as exc:
            problems = list(exc.diagnostics)
        if loaded is not None:
            workspace = Workspace(self.catalogue, [loaded])
            try:
                report = run(workspace, config=self.config, registry=self.registry, run_date=run_date, jobs=1)
                problems.extend(f for f in report.findings if f.status is not Status.WAIVED)
            except IctarchError as exc:  # pragma: no cover - a run raises only on a broken configuration
                elsewhere.append(Diagnostic("ICT000", str(exc)))
        for problem in problems:
            loc: Location | None = problem.location
            if loc is not None and loc.file in by_file:
                by_file[loc.file].append(problem)
            else:
                elsewhere.append(problem)
        self.last = Outcome(by_file, loaded, elsewhere)
        release_frozen()  # the server lives long: free the previous model's frozen cycles
        if loaded is not None:
            self.last_good = loaded
        return self.last
