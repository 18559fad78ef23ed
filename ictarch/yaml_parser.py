"""Which YAML parser loads use: yaml-rs (the ``fast`` extra) when installed, unless
``ICTARCH_YAML_PARSER=pyyaml`` asks for PyYAML. Kept apart from :mod:`ictarch.loading` (which uses it) so
that ``ictarch --version`` can say it without importing the loader."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from importlib import util
from typing import Any

ENV = "ICTARCH_YAML_PARSER"
"""Environment variable choosing the parser: ``auto`` (default) or ``pyyaml``."""

FAST_PACKAGE = "yaml-rs"


def requested() -> str:
    """What the environment asks for: ``pyyaml`` or ``auto``."""
    return "pyyaml" if os.environ.get(ENV, "").strip().lower() == "pyyaml" else "auto"


@cache
def _fast_loads() -> Callable[[str], Any] | None:
    if util.find_spec("yaml_rs") is None:
        return None
    import yaml_rs

    def loads(text: str) -> Any:
        return yaml_rs.loads(text, parse_datetime=False)

    return loads


def fast_loader() -> Callable[[str], Any] | None:
    """yaml-rs's reader when installed and not turned off, else None."""
    return None if requested() == "pyyaml" else _fast_loads()


def parser_name() -> str:
    """The parser a load in this environment uses: ``yaml-rs 0.1.6 (+ PyYAML ...)`` or ``PyYAML 6.0.2``."""
    import yaml

    base = f"PyYAML {yaml.__version__}" + (" (libyaml)" if hasattr(yaml, "CSafeLoader") else "")
    if fast_loader() is None:
        return base
    import yaml_rs  # imported by fast_loader() already; its own version, without importlib.metadata's cost

    return f"{FAST_PACKAGE} {yaml_rs.__version__}, {base}"
