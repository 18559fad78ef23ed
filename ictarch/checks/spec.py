"""What a check is: a pure function with a frozen :class:`CheckSpec` attached by :func:`check`.

A check reads a :class:`CheckContext` (the workspace, its graph, the resolved configuration and
the run date) and yields :class:`~ictarch.findings.FindingDraft` values. It never prints, reads
files or the environment, or changes the model. Its docstring is its documentation, in sections::

    One-line summary.

    Rationale:
        Why it matters, quoting the clause (document number and article or section).

    Anti-pattern:
        a YAML snippet

    Best practice:
        the corrected YAML snippet

    Reference:
        Document number, clause.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, TypeVar

from ictarch.checks.index import ModelIndex
from ictarch.config import Config
from ictarch.findings import FindingDraft, Severity
from ictarch.graph import ArchGraph, build_graph
from ictarch.loading import LoadedArchitecture, Workspace
from ictarch.rule_docs import FAMILIES as FAMILIES  # re-exported: the names spec.py has always offered
from ictarch.rule_docs import SECTIONS as SECTIONS
from ictarch.rule_docs import family_of, parse_sections

PRECISIONS = ("very-high", "high", "medium", "low")
"""How often a check's finding is right, in SARIF's terms (``properties.precision``)."""

SCOPES = ("province", "national")
"""What a check's findings about a province depend on (see :attr:`CheckSpec.scope`)."""

CODE_PATTERN = re.compile(r"^ICT[1-9][0-9]{2}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may read. Built once per run and shared by all checks."""

    workspace: Workspace
    given_graph: ArchGraph | None
    """The workspace's graph when the caller has it; else :attr:`graph` builds it on first use."""
    config: Config
    run_date: dt.date
    parts: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """By province code, then by check code: the values of national checks' :attr:`CheckSpec.part` computed where
    the provinces were loaded (empty: none)."""

    @cached_property
    def graph(self) -> ArchGraph:
        """The workspace's graph, built on first use: a run whose checks never read it never pays for it."""
        return self.given_graph if self.given_graph is not None else build_graph(self.workspace)

    @cached_property
    def index(self) -> ModelIndex:
        """Per-component facts, computed on first use and shared by the checks of the run."""
        return ModelIndex(self.workspace)

    @cached_property
    def provinces(self) -> dict[str, LoadedArchitecture]:
        """The loaded provinces by code: completing a finding looks its province up once, not by a scan."""
        return {p.code: p for p in self.workspace.provinces}

    def release(self) -> None:
        """Free what the checks built (the graph it built itself: :meth:`ArchGraph.release`); the context cannot
        be used afterwards. For a context made for one province and dropped after its checks."""
        built = self.__dict__.get("graph")
        if built is not None and built is not self.given_graph:
            built.release()


class CheckFunction(Protocol):
    def __call__(self, ctx: CheckContext, /) -> Iterator[FindingDraft]: ...


@dataclass(frozen=True)
class CheckSpec:
    """The metadata of a check; ``fn`` computes its findings."""

    code: str
    name: str
    severity: Severity
    groups: tuple[str, ...]
    reference_document: str
    reference_clause: str
    doc: str
    fn: CheckFunction = field(compare=False, repr=False)
    engine: bool = False
    """True when the runner computes the findings itself (it needs the other checks' results)."""
    precision: str = "high"
    """One of :data:`PRECISIONS`: ``medium`` for heuristics (similar names), ``high`` for facts of the model."""
    grouped: bool = False
    """True when a finding is about a group: the subject is its first member, ``related`` the others (same
    province). A reviewer decides about a group once, so a waiver may name any member: naming the first
    would break as soon as a member with a smaller id joins."""
    graph: bool = False
    """True when the check reads :attr:`CheckContext.graph`: a parallel run builds the graph once, in the
    process that runs these checks, while the others run the rest. A check that reads the graph without saying
    so still works (the graph is built where it is asked for); tests/test_runner.py holds the others to it."""
    part: Callable[[CheckContext], object] | None = field(default=None, compare=False, repr=False)
    """For a national check: what it needs of one province, computed on a workspace of that province alone, where
    the province is loaded (in a load worker, while the others load); the check reads these values from
    :attr:`CheckContext.parts` instead of the models when every province has one. None: nothing such."""
    subjects: Callable[[object], Iterable[tuple[str, tuple[str | int, ...]]]] | None = field(
        default=None, compare=False, repr=False
    )
    """For a check with a ``part``: the subjects (with the field path) that its findings about the province may
    stand on, read from the part. They are located where the province is loaded, so that the run places the
    findings without the province's source map."""
    scope: str = "national"
    """``province`` when the check's findings about a province are a pure function of that province's model,
    the reference catalogue, the configuration and the run date (every finding names the province it is
    about); ``national`` when they may read other provinces. A run may reuse a province-scoped check's
    findings about an unchanged province (tests/test_check_scope.py proves each such claim on the shipped
    and generated models); ``national``, the default, is always safe."""

    @property
    def title(self) -> str:
        return self.doc.split("\n", 1)[0].strip()

    @property
    def family(self) -> str:
        return family_of(self.code)

    @property
    def sections(self) -> dict[str, str]:
        """The docstring's sections by header, each dedented; the summary is under ''."""
        return parse_sections(self.doc)


F = TypeVar("F", bound=Callable[..., Iterator[FindingDraft]])


def check(
    *,
    code: str,
    name: str,
    severity: Severity,
    groups: tuple[str, ...],
    reference: tuple[str, str],
    engine: bool = False,
    precision: str = "high",
    grouped: bool = False,
    scope: str = "national",
    graph: bool = False,
    part: Callable[[CheckContext], object] | None = None,
    subjects: Callable[[object], Iterable[tuple[str, tuple[str | int, ...]]]] | None = None,
) -> Callable[[F], F]:
    """Attach a :class:`CheckSpec` to a check function as ``fn.spec``; register nothing anywhere."""

    if precision not in PRECISIONS:
        raise ValueError(f"{code}: precision must be one of {PRECISIONS}")
    if scope not in SCOPES:
        raise ValueError(f"{code}: scope must be one of {SCOPES}")

    def wrap(fn: F) -> F:
        doc = inspect.cleandoc(fn.__doc__ or "")
        spec = CheckSpec(
            code=code,
            name=name,
            severity=severity,
            groups=tuple(groups),
            reference_document=reference[0],
            reference_clause=reference[1],
            doc=doc,
            fn=fn,
            engine=engine,
            precision=precision,
            grouped=grouped,
            scope=scope,
            graph=graph,
            part=part,
            subjects=subjects,
        )
        fn.spec = spec  # type: ignore[attr-defined]
        return fn

    return wrap


def spec_of(fn: Callable[..., Iterator[FindingDraft]]) -> CheckSpec:
    """The spec attached by :func:`check`; a function without one is a programming error."""
    spec = getattr(fn, "spec", None)
    if not isinstance(spec, CheckSpec):
        raise TypeError(f"{getattr(fn, '__name__', fn)!r} is not decorated with @check")
    return spec
