"""The language of the command line's own texts: the help of commands and options, click's usage and errors.

Click renders ``--help`` and usage errors while it parses, before any command runs, so the language is
read from the arguments themselves (``--lang en`` anywhere before ``--``), else ``ICTARCH_LANG``, else
Vietnamese. The help of a command and of its options is written in English in the code (click's
``help=`` and the docstring); its Vietnamese text is ``help.<command>`` and ``help.<command>.<option>``
in ``ictarch/locale/vi.yaml``, or ``help.any.<option>`` for an option several commands share. Click's
own texts ("Usage:", "No such option") are the ``click.*`` entries of the catalogues, whose English text
is click's own wording, looked up through click's gettext hook.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

import click

from ictarch.cli.commands import listed
from ictarch.i18n import DEFAULT_LANG, catalogue, lang_of

ENV = "ICTARCH_LANG"
"""The environment variable that sets the language when ``--lang`` is not given."""

_LANG: ContextVar[str | None] = ContextVar("ictarch_cli_lang", default=None)


def peek_lang(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among raw arguments (the last one wins), before click parses them."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found if found in ("vi", "en") else None


def set_lang(lang: str | None) -> None:
    _LANG.set(lang)


def current_lang() -> str:
    """The language of the texts click prints: ``--lang`` as given, else ``ICTARCH_LANG``, else Vietnamese."""
    lang = _LANG.get() or os.environ.get(ENV)
    return lang_of(lang) if lang in ("vi", "en") else DEFAULT_LANG


def help_id(command: str, param: str | None = None) -> str:
    return f"help.{command}" if param is None else f"help.{command}.{param}"


def help_text(command: str, param: str | None, english: str | None, lang: str) -> str | None:
    """The help of a command (``param`` None) or of one of its options, in ``lang``."""
    if english is None or lang_of(lang) == "en":
        return english
    texts = catalogue(lang)
    for key in (help_id(command, param), *((f"help.any.{param}",) if param else ())):
        if key in texts:
            return texts[key]
    return english


def _name(command: click.Command) -> str:
    return "ictarch" if isinstance(command, click.Group) else command.name or ""


@contextmanager
def translated(command: click.Command, ctx: click.Context, lang: str) -> Iterator[None]:
    """``command``'s help, epilog and its options' help in ``lang`` while click formats them."""
    name = _name(command)
    saved: list[tuple[Any, str, Any]] = []

    def swap(obj: Any, attr: str, value: Any) -> None:
        saved.append((obj, attr, getattr(obj, attr)))
        setattr(obj, attr, value)

    swap(command, "help", help_text(name, None, command.help, lang))
    if command.epilog:
        swap(command, "epilog", help_text(name, "epilog", command.epilog, lang))
    help_option = command.get_help_option(ctx)
    for param in command.get_params(ctx):
        if param is help_option:  # made once by click, in the language of its first use
            swap(param, "help", catalogue(lang)["click.help"])
        elif isinstance(param, click.Option) and param.help and not param.hidden:
            swap(param, "help", help_text(name, param.name, param.help, lang))
    if isinstance(command, click.Group):
        for _sub_name, sub in listed(command, ctx):  # what the list of commands shows, none imported
            if not sub.short_help:
                swap(sub, "help", help_text(_name(sub), None, sub.help, lang))
    try:
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


class LocalizedHelp(click.Command):
    """A command whose ``--help`` reads in the language the arguments ask for."""

    top_level = False
    """The command group: its arguments are the whole command line, so what they say replaces an earlier run's."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = peek_lang(args)
        if lang is not None or self.top_level:
            set_lang(lang)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated(self, ctx, current_lang()):
            super().format_help(ctx, formatter)


# --------------------------------------------------------------------------- click's own texts


@cache
def _click_ids() -> dict[str, str]:
    """Click's English wording → the catalogue id that translates it."""
    return {text: key for key, text in catalogue("en").items() if key.startswith("click.")}


def click_gettext(message: str) -> str:
    lang = current_lang()
    if lang == "en":
        return message
    key = _click_ids().get(message)
    return catalogue(lang)[key] if key else message


def click_ngettext(singular: str, plural: str, n: int) -> str:
    return click_gettext(singular if n == 1 else plural)


def install_click_texts() -> None:
    """Route click's gettext calls through the catalogue (click looks ``_`` up in its modules at call time)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = click_ngettext  # type: ignore[attr-defined]
