"""Province models as they stand in a git revision: ``REV:path``, for ``ictarch diff``.

``HEAD~1:province_models/quang-tri`` names the folder ``province_models/quang-tri`` as it was one
commit ago. As in git itself, the path is relative to the top folder of the repository, and a path
that starts with ``./`` or ``../`` is relative to the folder git is run in. The revision is
anything ``git rev-parse`` accepts (``HEAD~1``, ``main``, ``origin/main``, a tag, a commit id).

This module is the only one that runs git. It returns the files' bytes; the loader
(:func:`ictarch.loading.load_province_texts`) turns them into models. A bad revision, a path absent
from the revision, a folder that is not a repository, or git missing is a
:class:`~ictarch.errors.ModelLoadError` naming the spec (the CLI exits 2).
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ictarch import errors
from ictarch.errors import Diagnostic, ModelLoadError

MAIN_FILE = "province.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
GIT_TIMEOUT = 60.0
"""Seconds one git command may take."""

_SPEC = re.compile(r"^(?P<rev>[A-Za-z0-9_@][^:\s\\]*):(?P<path>[^:]*)$")
"""``REV:path``: a revision without ':' or spaces, then a path."""


@dataclass(frozen=True)
class RevisionSpec:
    """A path as it stands in a git revision."""

    revision: str
    path: str

    def __str__(self) -> str:
        return f"{self.revision}:{self.path}"


def parse_spec(text: str) -> RevisionSpec | None:
    """``REV:path`` as a :class:`RevisionSpec`, or None when ``text`` is an ordinary path.

    An existing file or folder is always a path, even if its name contains a colon; so is a Windows
    drive path (``C:\\models``).
    """
    if os.path.exists(text):
        return None
    match = _SPEC.match(text)
    if match is None:
        return None
    rev, path = match["rev"], match["path"]
    if len(rev) == 1 and path.startswith(("/", "\\")):
        return None
    return RevisionSpec(rev, path)


@dataclass(frozen=True)
class ModelFiles:
    """One province model read from a revision: its YAML files relative to the model's folder."""

    prefix: str
    """What file names are shown with, e.g. ``HEAD~1:province_models/quang-tri/``."""
    main: str
    """The main file among ``files``."""
    files: dict[str, bytes]


def read_models(spec: RevisionSpec, repo: Path) -> list[ModelFiles]:
    """The province models at ``spec`` in the repository holding ``repo``, found as the loader finds
    them on disk: a model file, a model folder (with a ``province.yaml``), or a folder of models."""
    top = Path(_git(repo, spec, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    cwd_prefix = _git(repo, spec, "rev-parse", "--show-prefix").decode("utf-8").strip()
    path = _normalize(spec, cwd_prefix)
    commit = _git(top, spec, "rev-parse", "--verify", "--quiet", f"{spec.revision}^{{commit}}")
    commit_id = commit.decode("ascii").strip()
    kind = _git(top, spec, "cat-file", "-t", f"{commit_id}:{path}" if path else f"{commit_id}^{{tree}}")
    if kind.strip() == b"blob":
        mains = [path]
        names = sorted({path, *_yaml_files(top, spec, commit_id, posixpath.dirname(path))})
    else:
        names = _yaml_files(top, spec, commit_id, path)
        mains = _mains(path, names)
        if not mains:
            raise _error(f"no province model in {spec}", f"a model is a YAML file, or a folder with a {MAIN_FILE}")
    folders = {main: posixpath.dirname(main) + "/" if posixpath.dirname(main) else "" for main in mains}
    needed = [n for n in names if any(n.startswith(under) for under in folders.values())]
    contents = _read_blobs(top, spec, commit_id, needed)
    return [
        ModelFiles(
            prefix=f"{spec.revision}:{under}",
            main=posixpath.basename(main),
            files={n[len(under) :]: contents[n] for n in needed if n.startswith(under)},
        )
        for main, under in folders.items()
    ]


def _normalize(spec: RevisionSpec, cwd_prefix: str) -> str:
    """The path relative to the repository's top folder, as git reads ``REV:path``."""
    path = spec.path.replace("\\", "/")
    if path in (".", "..") or path.startswith(("./", "../")):
        path = cwd_prefix + path
    path = posixpath.normpath(path) if path else ""
    if path == ".":
        return ""
    if path.startswith("../") or path == ".." or path.startswith("/"):
        raise _error(f"{spec}: the path leaves the repository", "name a path inside the repository")
    return path


def _yaml_files(top: Path, spec: RevisionSpec, commit_id: str, folder: str) -> list[str]:
    """The YAML files under ``folder`` (the whole tree when empty) in the commit, sorted."""
    listing = _git(top, spec, "ls-tree", "-r", "-z", "--name-only", commit_id, *(["--", folder] if folder else []))
    return sorted(n for n in listing.decode("utf-8").split("\0") if n.endswith(YAML_SUFFIXES) and "\n" not in n)


def _mains(path: str, names: list[str]) -> list[str]:
    """Main files under the folder ``path``: its own, else those one level down, else at any depth."""
    under = path + "/" if path else ""
    own = under + MAIN_FILE
    if own in names:
        return [own]
    below = [n for n in names if n.startswith(under) and posixpath.basename(n) == MAIN_FILE]
    shallow = [n for n in below if n[len(under) :].count("/") == 1]
    return shallow or below


def _read_blobs(top: Path, spec: RevisionSpec, commit_id: str, names: list[str]) -> dict[str, bytes]:
    """The content of each file, read in one ``git cat-file --batch`` run."""
    if not names:
        return {}
    request = "".join(f"{commit_id}:{n}\n" for n in names).encode("utf-8")
    data = _git(top, spec, "cat-file", "--batch", stdin=request)
    out: dict[str, bytes] = {}
    pos = 0
    for name in names:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            raise _error(f"cannot read {spec.revision}:{name} from git ({b' '.join(header).decode()})")
        size = int(header[2])
        out[name] = data[pos : pos + size]
        pos += size + 1
    return out


def _git(cwd: Path, spec: RevisionSpec, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise _error(f"cannot read {spec}: git is not installed", "install git, or give a folder path") from None
    except NotADirectoryError:
        raise _error(f"cannot read {spec}: {cwd} is not a folder") from None
    except subprocess.TimeoutExpired:
        raise _error(f"cannot read {spec}: git took more than {GIT_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        raise _error(_explain(spec, args, done.stderr.decode("utf-8", "replace").strip(), cwd))
    return done.stdout


def _explain(spec: RevisionSpec, args: tuple[str, ...], stderr: str, cwd: Path) -> str:
    """git's failure in the reader's words."""
    if "not a git repository" in stderr:
        return f"cannot read {spec}: {cwd} is not inside a git repository (run in the repository, or pass --repo)"
    if args[:1] == ("rev-parse",) and "--verify" in args:
        return f"cannot read {spec}: unknown revision '{spec.revision}'"
    if args[:1] == ("cat-file",) and "-t" in args:
        return f"cannot read {spec}: '{spec.path}' does not exist in revision {spec.revision}"
    detail = stderr.splitlines()[-1] if stderr else "failed"
    return f"cannot read {spec}: git {args[0]}: {detail}"


def _error(message: str, hint: str | None = None) -> ModelLoadError:
    return ModelLoadError([Diagnostic(errors.FILE, message, hint=hint)])
