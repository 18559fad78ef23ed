"""Progress of the long phases: on stderr on a terminal, in the user's language; never on stdout, never with -q."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ictarch.cli import progress
from ictarch.cli.base import Settings
from ictarch.cli.progress import phase, steps
from ictarch.i18n import t
from tests.conftest import ROOT

KON_TUM = str(ROOT / "province_models" / "kon-tum")
TERMINAL = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "NO_COLOR": None}


def _run(args: list[str], env: dict[str, str | None]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _labels(lang: str, *ids: str) -> list[str]:
    return [t(f"cli.progress-{i}", lang) for i in ids]


COMMANDS: list[tuple[list[str], tuple[str, ...]]] = [
    (["check", KON_TUM, "-o", "{tmp}/report.json"], ("loading", "checks", "writing")),
    (["validate", KON_TUM], ("loading",)),
    (["roadmap", KON_TUM], ("loading", "roadmap")),
    (["diff", KON_TUM, KON_TUM], ("loading", "diff")),
    (["diagram", "layered", KON_TUM, "--format", "dot"], ("loading", "graph", "diagram")),
    (
        ["merge", KON_TUM, str(ROOT / "province_models" / "quang-ngai"), "--into", "qn-2025", "--name-vi", "Quảng Ngãi",
         "-o", "{tmp}/merged", "--report", "{tmp}/merge.md"],
        ("loading", "merge", "writing"),
    ),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("args", "phases"), COMMANDS, ids=[c[0][0] for c in COMMANDS])
def test_each_long_phase_is_shown_on_stderr_in_the_users_language(
    tmp_path: Path, lang: str, args: list[str], phases: tuple[str, ...]
) -> None:
    argv = ["--lang", lang, *(a.replace("{tmp}", str(tmp_path)) for a in args)]
    code, out, err = _run(argv, TERMINAL)
    assert code in (0, 1), err
    for label in _labels(lang, *phases):
        assert label in err, f"{label!r} not shown by {args[0]}"
        assert label not in out, "progress never goes to stdout"
    other = "en" if lang == "vi" else "vi"
    assert not any(label in err for label in _labels(other, *phases)), "only the user's language"


def test_report_shows_checks_provinces_and_pages(tmp_path: Path) -> None:
    """Pages are written as they are built, so building and writing them is one phase; before it, each province
    is read for what the whole site shows of it."""
    code, out, err = _run(["--lang", "en", "report", KON_TUM, "-o", str(tmp_path / "site")], TERMINAL)
    assert code == 0, err
    for label in _labels("en", "loading", "checks", "site-provinces", "pages"):
        assert label in err and label not in out


@pytest.mark.parametrize(
    ("env", "flags"),
    [(TERMINAL, ["-q"]), ({"FORCE_COLOR": None, "TTY_COMPATIBLE": None}, [])],
    ids=["quiet", "not-a-terminal"],
)
def test_no_progress_with_quiet_or_off_a_terminal(
    tmp_path: Path, env: dict[str, str | None], flags: list[str]
) -> None:
    code, out, err = _run([*flags, "--lang", "en", "check", KON_TUM, "-o", str(tmp_path / "r.json")], env)
    assert code in (0, 1)
    assert not any(label in err + out for label in _labels("en", "loading", "checks", "writing"))


def test_phases_nest_and_advance_counts(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    settings = Settings(fmt="text", lang="en", color=False, reference=None, debug=False)
    with phase(settings, "cli.progress-checks") as outer:
        outer()
        seen = list(steps(settings, "cli.progress-roadmap", ["a", "b", "c"]))
        with phase(settings, "cli.progress-pages", total=4) as inner:
            inner(3, 4)
    assert seen == ["a", "b", "c"]
    err = capsys.readouterr().err
    assert "running the checks" in err and "computing the roadmap year by year" in err
    assert "3/4" in err, "advance(done, total) sets the count"


def test_no_display_costs_nothing_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    settings = Settings(fmt="text", lang="en", color=False, reference=None, debug=False)
    with phase(settings, "cli.progress-checks", total=2) as advance:
        advance()
        advance(2, 2)
        assert not progress._active, "no display is built when none is shown"
    assert list(steps(settings, "cli.progress-roadmap", [1, 2])) == [1, 2]
