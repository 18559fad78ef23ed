"""Fuzzing the shipped province models: mutate them structurally and byte-wise, run `validate` and `check`,
and hold the command line to its promise. Run by hand for many inputs; tests/test_fuzz.py runs a bounded
number of the same mutations in CI (with hypothesis).

    python3 benchmarks/fuzz_models.py --runs 10000            # seeded; prints the counts
    python3 benchmarks/fuzz_models.py --runs 200 --seed 7 --keep benchmarks/out/fuzz

The promise checked on every input: exit code 0, 1 or 2 only (3 is for bugs); no Python traceback; every
error line carries file:line:column. The figures it prints: runs, exit codes, inputs by mutation, and
the failures (each kept under --keep to reproduce it).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

SOURCES = ("quang-tri", "kon-tum")
"""A model split into fragments (include) and a single-file one."""

HOSTILE_SCALARS = (
    "2025-02-30",
    "2025-13-01",
    "0000-01-01",
    "2024-01-01 25:00:00",
    "2024-01-01T10:00:00+25:00",
    "0x_",
    "0o",
    "0b2",
    "1_000_",
    "!!int abc",
    "!!bool maybe",
    "!!float x",
    "!!timestamp x",
    "!!binary '***'",
    "!!set {a}",
    "!!omap [a]",
    "!!python/object:os.system ls",
    "!!str",
    "!custom x",
    "~",
    "null",
    "yes",
    ".nan",
    "-.inf",
    "99999999999999999999999999999",
    "-1",
    "[",
    "{",
    "{a: b}",
    "[a, [b, [c]]]",
    "*undefined",
    "&a [*a]",
    "<<: *x",
    "'unterminated",
    '"bad \\x escape"',
    "|",
    ">-\n  folded",
    "\t",
    "\x00",
    "\ufeff",
    "@reserved",
    "`reserved",
    "% directive",
    "---",
    "...",
    "a: b: c",
    "- item",
)
"""Values that PyYAML's converters, the schema or the parser reject, or that change a value's type."""

MUTATIONS = (
    "replace-value",
    "delete-line",
    "duplicate-line",
    "swap-lines",
    "indent",
    "dedent",
    "flip-byte",
    "insert-bytes",
    "delete-bytes",
    "truncate",
    "decompose",
    "duplicate-id",
)

_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w-]*:) (.+)$")
_ERROR = re.compile(r"(?:^|\s)(ICT\d{3}) ")
_LOCATED = re.compile(r"\S+:\d+:\d+: ICT\d{3} ")


@dataclass(frozen=True)
class Mutation:
    kind: str
    file: int
    at: int
    payload: bytes = b""


def model_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def mutate(data: bytes, mutation: Mutation) -> bytes:
    """One mutation of a file's bytes; ``at`` is taken modulo the size of what it indexes."""
    lines = data.splitlines(keepends=True) or [b""]
    line = mutation.at % len(lines)
    kind = mutation.kind
    if kind == "replace-value":
        candidates = [i for i, ln in enumerate(lines) if _VALUE.match(ln.decode("utf-8", "replace"))] or [line]
        i = candidates[mutation.at % len(candidates)]
        match = _VALUE.match(lines[i].decode("utf-8", "replace"))
        value = mutation.payload.decode("utf-8", "replace")
        if match:
            lines[i] = f"{match.group(1)} {value}\n".encode()
        return b"".join(lines)
    if kind == "delete-line":
        del lines[line]
    elif kind == "duplicate-line":
        lines.insert(line, lines[line])
    elif kind == "swap-lines":
        other = (line + 1 + len(mutation.payload)) % len(lines)
        lines[line], lines[other] = lines[other], lines[line]
    elif kind == "indent":
        lines[line] = b"  " + lines[line]
    elif kind == "dedent":
        lines[line] = lines[line][2:] if lines[line].startswith(b"  ") else lines[line].lstrip()
    elif kind == "decompose":  # Vietnamese as some keyboards send it: letters and combining marks
        text = lines[line].decode("utf-8", "replace")
        lines[line] = unicodedata.normalize("NFD", text).encode()
    elif kind == "duplicate-id":
        ids = [ln for ln in lines if ln.lstrip().startswith(b"- id:")]
        if ids:
            lines.insert(line, ids[mutation.at % len(ids)])
    else:
        at = mutation.at % (len(data) + 1)
        if kind == "flip-byte" and data:
            at %= len(data)
            return data[:at] + bytes([data[at] ^ (mutation.payload[:1] or b"\x80")[0]]) + data[at + 1 :]
        if kind == "insert-bytes":
            return data[:at] + mutation.payload + data[at:]
        if kind == "delete-bytes":
            return data[:at] + data[at + 1 + len(mutation.payload) * 7 :]
        if kind == "truncate":
            return data[:at]
    return b"".join(lines)


def apply(folder: Path, mutations: list[Mutation]) -> None:
    files = model_files(folder)
    for m in mutations:
        target = files[m.file % len(files)]
        target.write_bytes(mutate(target.read_bytes(), m))


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    problems: tuple[str, ...]
    """Broken promises: an exit code other than 0/1/2, a traceback, an error line without a location."""


def judge(exit_code: int, output: str) -> Outcome:
    problems = []
    if exit_code not in (0, 1, 2):
        problems.append(f"exit code {exit_code}")
    if "Traceback" in output or "internal error" in output:
        problems.append("traceback or internal error")
    for ln in output.splitlines():
        if _ERROR.search(ln) and not _LOCATED.search(ln):
            problems.append(f"error without file:line:column: {ln.strip()}")
    return Outcome(exit_code, tuple(problems))


def run_cli(folder: Path) -> tuple[Outcome, str]:
    """`validate` the model, then `check` it when it is valid; the first broken promise, or the last outcome."""
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    outcome, output = Outcome(0, ()), ""
    for command in ("validate", "check"):
        result = runner.invoke(main, ["--no-cache", "--no-color", command, str(folder)])
        output = result.output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            output += f"\nTraceback: {type(result.exception).__name__}: {result.exception}"
        outcome = judge(result.exit_code, output)
        if outcome.problems or result.exit_code == 2:
            break
    return outcome, output


def random_mutations(rng: random.Random) -> list[Mutation]:
    out = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        kind = rng.choice(MUTATIONS)
        if kind == "replace-value":
            payload = rng.choice(HOSTILE_SCALARS).encode()
        else:
            payload = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 6)))
        out.append(Mutation(kind, rng.randrange(8), rng.randrange(1 << 20), payload))
    return out


def source_files() -> list[Path]:
    """The example models' files the mutations start from."""
    from ictarch.loading import examples_root

    return [f for source in SOURCES for f in sorted((examples_root() / source).glob("*.yaml"))]


def shipped_files() -> list[Path]:
    """Every YAML file ictarch ships: the province models, the reference catalogue, the examples."""
    from ictarch.loading import examples_root, reference_root

    examples = Path(__file__).resolve().parent.parent / "examples"
    return sorted({*examples_root().rglob("*.yaml"), *reference_root().glob("*.yaml"), *examples.rglob("*.yaml")})


def hostile_texts(value: str) -> list[str]:
    """Each source file with a value (the first, and the one from byte 31) replaced by ``value``."""
    return [
        mutate(f.read_bytes(), Mutation("replace-value", 0, at, value.encode())).decode("utf-8", "replace")
        for f in source_files()
        for at in (0, 31)
    ]


def mutated_texts(rng: random.Random, count: int, kinds: set[str]) -> list[str]:
    """``count`` source files mutated at random (the kinds applied added to ``kinds``), those still UTF-8."""
    files = source_files()
    texts = []
    for _ in range(count):
        data = rng.choice(files).read_bytes()
        for m in random_mutations(rng):
            data = mutate(data, m)
            kinds.add(m.kind)
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            continue  # refused before any parser sees it
    return texts


def one_run(job: tuple[int, int, str]) -> tuple[int, int, tuple[str, ...], list[str], str | None]:
    """Run ``n`` of a seeded series in a scratch folder: (n, exit code, broken promises, mutation kinds, the
    kept copy's path)."""
    from ictarch.loading import examples_root

    n, seed, keep = job
    rng = random.Random(f"{seed}-{n}")
    source = SOURCES[n % len(SOURCES)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / f"{source}-{n}"
        shutil.copytree(examples_root() / source, folder)
        mutations = random_mutations(rng)
        apply(folder, mutations)
        outcome, _output = run_cli(folder)
        kept = None
        if outcome.problems and keep:
            kept = str(Path(keep) / folder.name)
            shutil.copytree(folder, kept, dirs_exist_ok=True)
    return n, outcome.exit_code, outcome.problems, [m.kind for m in mutations], kept


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20250701)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (each restarted every 200 runs)")
    ap.add_argument("--keep", type=Path, default=None, help="copy each failing model into this folder")
    args = ap.parse_args()
    codes: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    failures: list[tuple[int, list[str], tuple[str, ...]]] = []
    started = time.perf_counter()
    jobs = [(n, args.seed, str(args.keep or "")) for n in range(args.runs)]
    done = 0
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stopped by hand: still print what ran
    try:  # a fresh process every 200 runs: memory stays bounded however long the series
        with multiprocessing.get_context("spawn").Pool(args.jobs, maxtasksperchild=200) as pool:
            for n, code, problems, used, _kept in pool.imap_unordered(one_run, jobs, chunksize=10):
                done += 1
                codes[code] += 1
                kinds.update(used)
                if problems:
                    failures.append((n, used, problems))
                if done % 500 == 0:
                    print(f"  {done:,} runs, {len(failures)} failing", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print(f"stopped by hand after {done:,} of {args.runs:,} runs", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"runs: {done:,} of {args.runs:,} (seed {args.seed}) in {elapsed:.0f} s")
    print("exit codes: " + ", ".join(f"{code}: {count:,}" for code, count in sorted(codes.items())))
    print("mutations: " + ", ".join(f"{kind} {count:,}" for kind, count in sorted(kinds.items())))
    print(f"broken promises: {len(failures)}")
    for n, used, problems in sorted(failures)[:20]:
        print(f"  run {n}: {'; '.join(problems)[:200]}  ← {used}")


if __name__ == "__main__":
    main()
