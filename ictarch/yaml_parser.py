"""Which YAML readers loads use: ictarch's line reader (:mod:`ictarch.loading.line_reader`), then yaml-rs (the
``fast`` extra) when installed, then PyYAML for every text the others leave. ``ICTARCH_YAML_PARSER=base`` leaves the
extra aside (what a base install reads with), ``pyyaml`` asks for PyYAML alone. Kept apart from
:mod:`ictarch.loading` (which uses it) so that ``ictarch --version`` can say it without importing the loader."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from importlib import util
from typing import Any

ENV = "ICTARCH_YAML_PARSER"
"""Environment variable choosing the parsers: ``auto`` (default), ``base`` or ``pyyaml``."""

LINE_READER = "ictarch line reader"

FAST_PACKAGE = "yaml-rs"


def requested() -> str:
    """What the environment asks for: ``pyyaml``, ``base`` or ``auto``."""
    value = os.environ.get(ENV, "").strip().lower()
    return value if value in ("pyyaml", "base") else "auto"


def line_reader_on() -> bool:
    """Whether loads try the line reader first (all but ``pyyaml``)."""
    return requested() != "pyyaml"


@cache
def _fast_loads() -> Callable[[str], Any] | None:
    if util.find_spec("yaml_rs") is None:
        return None
    import yaml_rs

    def loads(text: str) -> Any:
        return yaml_rs.loads(text, parse_datetime=False)

    return loads


def fast_loader() -> Callable[[str], Any] | None:
    """yaml-rs's reader when installed and not left aside, else None."""
    return None if requested() != "auto" else _fast_loads()


def parser_name() -> str:
    """The readers a load in this environment tries, in order: ``ictarch line reader, yaml-rs 0.1.6, PyYAML 6.0.2
    (libyaml)``, down to ``PyYAML 6.0.2 (libyaml)`` alone."""
    import yaml

    names = [LINE_READER] if line_reader_on() else []
    if fast_loader() is not None:
        import yaml_rs  # imported by fast_loader() already; its own version, without importlib.metadata's cost

        names.append(f"{FAST_PACKAGE} {yaml_rs.__version__}")
    names.append(f"PyYAML {yaml.__version__}" + (" (libyaml)" if hasattr(yaml, "CSafeLoader") else ""))
    return ", ".join(names)
