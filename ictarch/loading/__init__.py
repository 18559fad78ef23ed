"""Loading: YAML → validated Pydantic models, with every problem reported at file:line:column.

The only package that reads model and reference YAML. One module per job:

- :mod:`~ictarch.loading.yaml_doc`: parse one YAML document safely, keeping positions;
- :mod:`~ictarch.loading.files`: where a model's files come from, and its includes;
- :mod:`~ictarch.loading.diagnostics`: Pydantic errors and dangling references as diagnostics;
- :mod:`~ictarch.loading.source_map`: where each entity was written;
- :mod:`~ictarch.loading.catalogue`: the reference catalogue;
- :mod:`~ictarch.loading.resolve`: reference resolution inside a province model;
- :mod:`~ictarch.loading.province`: one province model, from its files;
- :mod:`~ictarch.loading.workspace`: discovery and (parallel) loading of a workspace;
- :mod:`~ictarch.loading.cache`: the model cache.

Loading knows nothing of checks or configuration: the command line reads the configuration
(:func:`ictarch.config.load_config`) and passes it to the runner.

The names below are imported when first used: a run that finds every province unchanged in the model cache
(:mod:`~ictarch.loading.stored`) reads no model, and must not pay for importing pydantic and the models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ictarch.loading.catalogue import load_catalogue
    from ictarch.loading.diagnostics import validation_diagnostics
    from ictarch.loading.files import MAIN_FILE, discover, display_name, read_yaml, reference_root
    from ictarch.loading.province import LoadedArchitecture, load_province, load_province_texts, relationship_key
    from ictarch.loading.source_map import SourceMap
    from ictarch.loading.workspace import Workspace, examples_root, load_workspace
    from ictarch.loading.yaml_doc import PathKey, YamlDocument, format_path, parse_yaml

_HOME = {
    "load_catalogue": "catalogue",
    "reference_root": "files",
    "validation_diagnostics": "diagnostics",
    "MAIN_FILE": "files",
    "display_name": "files",
    "read_yaml": "files",
    "LoadedArchitecture": "province",
    "load_province": "province",
    "load_province_texts": "province",
    "relationship_key": "province",
    "SourceMap": "source_map",
    "Workspace": "workspace",
    "discover": "files",
    "examples_root": "workspace",
    "load_workspace": "workspace",
    "PathKey": "yaml_doc",
    "YamlDocument": "yaml_doc",
    "format_path": "yaml_doc",
    "parse_yaml": "yaml_doc",
}
"""Each name's module."""


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MAIN_FILE",
    "LoadedArchitecture",
    "PathKey",
    "SourceMap",
    "Workspace",
    "YamlDocument",
    "discover",
    "display_name",
    "examples_root",
    "format_path",
    "load_catalogue",
    "load_province",
    "load_province_texts",
    "load_workspace",
    "parse_yaml",
    "read_yaml",
    "reference_root",
    "relationship_key",
    "validation_diagnostics",
]
