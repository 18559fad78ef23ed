"""``ictarch lsp``: the language server, on stdio, for any editor that speaks LSP."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ictarch.cli.base import Settings, guarded, main
from ictarch.cli.options import config_option
from ictarch.errors import ConfigError
from ictarch.i18n import msg

if TYPE_CHECKING:
    from ictarch.checks.registry import Registry
    from ictarch.config import Config


def _configure(registry: Registry, folder: Path, config_path: Path | None, profile: str | None) -> Config:
    from ictarch.cli.options import run_config

    return run_config(registry, (folder,), config_path, profile=profile, fail_on=None)


@main.command()
@click.option("--stdio", is_flag=True, help="Speak LSP on stdin and stdout (the default and only transport).")
@click.option(
    "--lang",
    "lsp_lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Language of diagnostics and hovers (default: the editor's locale, else Vietnamese).",
)
@click.option("--profile", default=None, help="Configuration profile whose checks give diagnostics.")
@config_option
@click.option("--docs-url", default=None, help="Base URL of docs/checks.md for the links of diagnostics.")
@click.pass_obj
@guarded
def lsp(
    settings: Settings,
    /,
    stdio: bool,
    lsp_lang: str | None,
    profile: str | None,
    config_path: Path | None,
    docs_url: str | None,
) -> None:
    """Language server (LSP over stdio): diagnostics, completion, hover, definition, references, rename.

    \b
    Editors start it themselves; see the README for VS Code, Neovim and other clients:
    ictarch lsp --stdio
    """
    from ictarch.loading import load_catalogue, reference_root

    try:
        from ictarch.editor.server import Options, default_docs_base, serve_stdio
    except ImportError as exc:  # pygls is an optional extra
        raise ConfigError(msg("editor.lsp-extra-missing", module=str(exc.name))) from exc
    catalogue, _ = load_catalogue(settings.reference or reference_root())
    options = Options(
        lang=lsp_lang,
        profile=profile,
        config_path=config_path,
        docs_base=docs_url or default_docs_base(),
        catalogue=catalogue,
        configure=_configure,
    )
    serve_stdio(options)
