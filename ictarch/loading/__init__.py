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
"""

from ictarch.loading.catalogue import load_catalogue, reference_root
from ictarch.loading.diagnostics import validation_diagnostics
from ictarch.loading.files import MAIN_FILE, display_name, read_yaml
from ictarch.loading.province import LoadedArchitecture, load_province, load_province_texts, relationship_key
from ictarch.loading.source_map import SourceMap
from ictarch.loading.workspace import Workspace, discover, examples_root, load_workspace
from ictarch.loading.yaml_doc import PathKey, YamlDocument, format_path, parse_yaml

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
