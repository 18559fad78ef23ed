"""Progress of the long phases of a command (loading, graph, checks, writing) on stderr.

Shown only when stderr is a terminal and ``-q`` is not given: a pipe, a file or CI sees nothing, and
stdout never carries it. The labels come from the catalogue (``cli.progress-*``), in the user's language.

    with phase(settings, "cli.progress-writing", total=len(pages)) as advance:
        for page in pages:
            write(page)
            advance()

``advance()`` counts one more item; ``advance(done, total)`` sets both (the loader's callback shape).
Phases may nest: an inner phase adds a line to the display of the outer one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from ictarch.i18n import t

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress


class Settings(Protocol):
    """What a phase needs of the command's settings (:class:`ictarch.cli.base.Settings`)."""

    lang: str
    quiet: bool

    def err(self) -> Console: ...


class Advance(Protocol):
    """Count one more item, or set the items done (and the total, when it becomes known)."""

    def __call__(self, done: int | None = None, total: int | None = None) -> None: ...


_active: list[Progress] = []
"""The display of the outermost running phase, if any (rich allows one live display at a time)."""


def _noop(done: int | None = None, total: int | None = None) -> None:
    return None


def shown(settings: Settings) -> bool:
    """Whether progress is drawn: stderr is a terminal and ``-q`` was not given."""
    return not settings.quiet and settings.err().is_terminal


@contextmanager
def phase(settings: Settings, message_id: str, total: int | None = None, **args: Any) -> Iterator[Advance]:
    """A progress line labelled by the catalogue's ``message_id`` for as long as the block runs.

    ``total`` None draws an indeterminate bar with the elapsed time; a count draws done/total.
    """
    if not shown(settings):
        yield _noop
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    label = t(message_id, settings.lang, **args)
    outer = not _active
    if outer:
        _active.append(
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=settings.err(),
                transient=True,
                redirect_stdout=False,  # stdout carries data, never the display
                redirect_stderr=False,
            )
        )
    bar = _active[0]
    task = bar.add_task(label, total=total)
    if outer:
        bar.start()
    bar.refresh()  # drawn at once, even for a phase shorter than the refresh period
    count = 0

    def advance(done: int | None = None, total: int | None = None) -> None:
        nonlocal count
        count = count + 1 if done is None else done
        if total is None:
            bar.update(task, completed=count)
        else:
            bar.update(task, completed=count, total=total)

    try:
        yield advance
    finally:
        bar.refresh()  # the last count drawn before the line goes
        bar.remove_task(task)
        if outer:
            _active.pop()
            bar.stop()


def steps(settings: Settings, message_id: str, items: list[Any], **args: Any) -> Iterator[Any]:
    """The items of a list, advancing a phase's bar as each is taken (for loops over provinces, pages, years)."""
    with phase(settings, message_id, total=len(items), **args) as advance:
        for item in items:
            yield item
            advance()


__all__ = ["Advance", "phase", "shown", "steps"]
