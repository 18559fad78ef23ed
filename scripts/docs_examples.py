"""Regenerate (or check) every example of output in the README and docs/ from the command it shows.

An example is a ``text`` block preceded by a marker naming its command::

    <!-- output: ictarch --lang en impact quang-tri.lgsp province_models/quang-tri | lines 1-6,30-32 -->
    ```text
    $ ictarch --lang en impact quang-tri.lgsp province_models/quang-tri
    ...
    ```

The command runs from the repository's top folder under ``bash`` (stderr with stdout), ``ictarch`` being
this checkout's command run by the Python that runs the script, with a fixed
``SOURCE_DATE_EPOCH``, a fresh cache, no colour and 120 columns. ``lines`` keeps those lines of the
output (1-based ranges); a gap becomes ``...``. The block shows ``$ command`` and the output.

    python3 scripts/docs_examples.py           # rewrite the blocks
    python3 scripts/docs_examples.py --check   # exit 1 and show what differs (tests/test_docs_examples.py)
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ("README.md", "docs/*.md", "examples/**/README.md")
MARKER = re.compile(
    r"<!-- output: (?P<command>.+?)(?: \| lines (?P<lines>[0-9,\- ]+))? -->\n```text\n(?P<body>.*?)```\n", re.DOTALL
)
DEFINE_ICTARCH = 'ictarch() { "$ICTARCH_PYTHON" -c "from cli import main; main(prog_name=\'ictarch\')" "$@"; }\n'
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: the run date the examples show


@dataclass(frozen=True)
class Example:
    file: Path
    command: str
    lines: str | None
    body: str
    start: int
    end: int


def documents() -> list[Path]:
    return sorted({p for pattern in FILES for p in ROOT.glob(pattern)})


def examples(path: Path) -> list[Example]:
    text = path.read_text(encoding="utf-8")
    return [
        Example(path, m["command"], m["lines"], m["body"], m.start("body"), m.end("body"))
        for m in MARKER.finditer(text)
    ]


def _keep(output: list[str], spec: str | None) -> list[str]:
    if not spec:
        return output
    wanted: list[int] = []
    for part in spec.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        wanted += range(int(first), int(last or first) + 1)
    out: list[str] = []
    if wanted and wanted[0] > 1:
        first_kept = output[wanted[0] - 1]
        out.append(first_kept[: len(first_kept) - len(first_kept.lstrip())] + "...")
    previous = 0
    for n in wanted:
        if n > len(output):
            raise SystemExit(f"the output has {len(output)} lines; 'lines {spec}' asks for line {n}")
        if previous and n != previous + 1:
            following = output[n - 1]
            out.append(following[: len(following) - len(following.lstrip())] + "...")
        out.append(output[n - 1])
        previous = n
    if previous < len(output):
        last = out[-1]
        out.append(last[: len(last) - len(last.lstrip())] + "...")
    return out


def render(example: Example) -> str:
    """The block's body as the command gives it today."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "ICTARCH_CACHE_DIR": cache, "NO_COLOR": "1"}
        env |= {"COLUMNS": "120", "TERM": "dumb"}
        # `ictarch` is this checkout's command run by this interpreter, not whichever comes first on the PATH
        env["ICTARCH_PYTHON"] = sys.executable
        env.pop("FORCE_COLOR", None)
        done = subprocess.run(
            ["bash", "-c", DEFINE_ICTARCH + example.command + " 2>&1"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    output = [line.rstrip() for line in done.stdout.rstrip("\n").splitlines()]
    return "\n".join([f"$ {example.command}", *_keep(output, example.lines)]) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = 0
    for path in documents():
        text = path.read_text(encoding="utf-8")
        found = examples(path)
        for example in reversed(found):
            fresh = render(example)
            if fresh == example.body:
                continue
            stale += 1
            name = path.relative_to(ROOT)
            if check:
                diff = difflib.unified_diff(
                    example.body.splitlines(),
                    fresh.splitlines(),
                    f"{name} (written)",
                    f"{example.command}",
                    lineterm="",
                )
                print("\n".join(diff))
            text = text[: example.start] + fresh + text[example.end :]
        if not check and stale:
            path.write_text(text, encoding="utf-8")
    if check and stale:
        print(f"{stale} stale example(s): run python3 scripts/docs_examples.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
