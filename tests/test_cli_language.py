"""The command line's own texts in the user's language: the help of every command and option, and click's
usage and error texts, Vietnamese by default, English with ``--lang en`` or ``ICTARCH_LANG=en``."""

from __future__ import annotations

import inspect
from collections import defaultdict

import click
import pytest
from click.testing import CliRunner

from cli import main
from ictarch.cli.language import help_id, help_text, peek_lang
from ictarch.i18n import catalogue


def _commands() -> dict[str, click.Command]:
    return {"ictarch": main, **main.commands}


def _options(command: click.Command) -> list[click.Option]:
    # the contexts of a real run: click keeps a command's help option once made, so a context without the
    # group's settings would leave `--help` without `-h` for the tests that follow
    parent = click.Context(main, info_name="ictarch", **main.context_settings)
    ctx = parent if command is main else click.Context(command, info_name=command.name, parent=parent)
    own = command.get_help_option(ctx)  # its text is click's (click.help)
    return [
        p for p in command.get_params(ctx) if isinstance(p, click.Option) and p.help and not p.hidden and p is not own
    ]


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env or {})
    return result.exit_code, result.stdout + result.stderr


def test_every_command_and_option_has_its_vietnamese_help() -> None:
    vi = catalogue("vi")
    missing = [
        f"{name}.{p.name}" if p else name
        for name, cmd in _commands().items()
        for p in (None, *_options(cmd))
        if help_text(name, p.name if p else None, p.help if p else cmd.help, "vi") == (p.help if p else cmd.help)
    ]
    assert not missing, f"no Vietnamese help (add help.<command>[.<option>] to vi.yaml): {missing}"
    known = {help_id(n) for n in _commands()} | {"help.ictarch.epilog"}
    known |= {help_id(n, p.name) for n, c in _commands().items() for p in _options(c)}
    known |= {f"help.any.{p.name}" for c in _commands().values() for p in _options(c)}
    stray = [k for k in vi if k.startswith("help.") and k not in known]
    assert not stray, f"help of commands or options that do not exist: {stray}"
    assert not [k for k in catalogue("en") if k.startswith("help.")], "English help is the code's"


def test_a_shared_translation_serves_options_whose_english_help_is_the_same() -> None:
    """``help.any.<option>`` translates an option of several commands: their English texts must agree."""
    texts: dict[str, set[str]] = defaultdict(set)
    for name, cmd in _commands().items():
        for p in _options(cmd):
            if help_id(name, p.name) not in catalogue("vi") and p.help:
                texts[str(p.name)].add(p.help)
    differ = {k: v for k, v in texts.items() if len(v) > 1}
    assert not differ, f"give these options a help.<command>.<option> of their own: {differ}"


SINCE_CLICK = {"click.positional": (8, 5)}
"""Texts only newer releases of click say (pyproject allows click >= 8.1): translated for them, unused before."""


def _click_version() -> tuple[int, ...]:
    from importlib.metadata import version

    return tuple(int(p) for p in version("click").split(".")[:2] if p.isdigit())


def test_click_texts_are_clicks_own_wording() -> None:
    """A ``click.*`` entry is found by its English text, which must be what click passes to gettext."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    source = "".join(
        inspect.getsource(m)
        for m in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)
    )
    newer = {k for k, since in SINCE_CLICK.items() if _click_version() < since}  # an older click lacks them
    unknown = [
        k for k, v in catalogue("en").items() if k.startswith("click.") and f'"{v}"' not in source and k not in newer
    ]
    assert not unknown, f"click does not say these (any more): {unknown}"
    assert {k for k in catalogue("vi") if k.startswith("click.")} == {
        k for k in catalogue("en") if k.startswith("click.")
    }


def test_help_is_vietnamese_by_default_and_english_on_request() -> None:
    code, vi = _run("check", "--help")
    assert code == 0
    assert vi.startswith("Cách dùng: ")
    assert "Chạy các quy tắc kiểm tra tính phù hợp" in vi and "Tùy chọn:" in vi
    assert "Hiển thị hướng dẫn này rồi thoát." in vi and "[mặc" in _run("--help")[1]
    for args, env in (
        (("--lang", "en", "check", "--help"), None),
        (("check", "--lang", "en", "--help"), None),
        (("check", "--help", "--lang=en"), None),
        (("check", "--help"), {"ICTARCH_LANG": "en"}),
    ):
        code, en = _run(*args, env=env)
        assert code == 0 and en.startswith("Usage: "), args
        assert "Run the conformance checks" in en and "Show this message and exit." in en, args
    code, top = _run("--help")
    assert "Lệnh:" in top and "Hợp nhất mô hình" in top and "[mặc" in top
    code, top_en = _run("--help", "--lang", "en")
    assert "Commands:" in top_en and "Merge the models of former" in top_en


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (("check", "--bogus"), "Lỗi: Không có tùy chọn '--bogus'.", "Error: No such option '--bogus'."),
        (("chekc",), "Không có lệnh 'chekc'.", "No such command 'chekc'."),
        (("impact",), "Thiếu đối số 'COMPONENT'.", "Missing argument 'COMPONENT'."),
        (("--format", "xml", "show"), "Giá trị không hợp lệ cho '--format'", "Invalid value for '--format'"),
    ],
)
def test_usage_errors_in_the_users_language(args: tuple[str, ...], vi: str, en: str) -> None:
    code, out = _run(*args)
    assert code == 2 and vi in out and "Xem '" in out, out
    code, out = _run("--lang", "en", *args)
    assert code == 2 and en in out and "Try '" in out, out


def test_an_earlier_run_does_not_set_the_language_of_the_next() -> None:
    assert _run("--lang", "en", "show", "--help")[1].startswith("Usage: ")
    assert _run("show", "--help")[1].startswith("Cách dùng: ")


def test_the_language_is_read_from_the_arguments_before_click_parses_them() -> None:
    assert peek_lang(["check", "--lang", "en", "x"]) == "en"
    assert peek_lang(["--lang=en", "check", "--lang", "vi"]) == "vi"
    assert peek_lang(["check", "--", "--lang", "en"]) is None
    assert peek_lang(["--lang", "fr"]) is None


def test_ictarch_lang_sets_the_language_of_everything(tmp_path: object) -> None:
    code, out = _run("checks", env={"ICTARCH_LANG": "en"})
    code_vi, out_vi = _run("--lang", "vi", "checks", env={"ICTARCH_LANG": "en"})
    assert code == code_vi == 0 and out != out_vi, "--lang wins over ICTARCH_LANG"
