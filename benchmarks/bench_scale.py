"""Every command on the national model, per size, as a ratio to the bare libyaml parse of the same files.

    python3 benchmarks/bench_scale.py --models /work/coord/models --sizes 500,1000,2000 --mem-gib 12 --timeout 900
    python3 benchmarks/bench_scale.py --sizes 30 --provinces 2          # a tiny run: generates its own model

Per size, in the same run: Y0 = ``yaml.load(..., yaml.CSafeLoader)`` of every YAML file of the model with the
garbage collector paused, in a fresh interpreter (the parse floor), then each command in a fresh process, then
Y0 again; the ratios use the lesser of the two parses (this machine's speed drifts by 10-20 % from one minute to
the next, and the lesser parse is the one least slowed), and the table gives both. Each row gives the wall time
as a ratio to Y0, the peak resident memory of its largest process (``os.wait4``: the command's or one of its
workers'), the peak of what all its processes held together (their proportional set sizes summed, sampled every
0.1 s for 2 s and every second after, :data:`SAMPLE_FIRST`: shared pages counted once) and the size of what it
wrote. Before Y0 and before each command, what the runs before wrote is written to the disk (:func:`settle`),
untimed. A run that passes ``--timeout`` or the address-space cap ``--mem-gib`` (``ulimit -v``) is reported as
"timed out" or "out of memory", and the harness goes on. The exponents of time and of memory between the
smallest and the largest size measured close the output (1.0 = linear).

The commands run from bytecode, as an installed package does: the project's modules are compiled before the
first run (:func:`compile_sources`).

Models come from ``benchmarks/national.py`` (34 provinces x N): ``--models DIR`` reads ``DIR/n<N>`` when it
exists, else the model is generated under ``--work``.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import national  # noqa: E402  (the generator beside this file)

Y0_SCRIPT = """
import gc, sys, time, yaml
files = sys.argv[1:]
gc.disable()
start = time.perf_counter()
for name in files:
    with open(name, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
print(time.perf_counter() - start)
"""

FAST_PARSER_ENV = "ICTARCH_YAML_PARSER"
"""``pyyaml`` turns the fast parser of ``ictarch[fast]`` off; unset, ictarch uses it when it is installed. Every
row but ``check-cold-fast`` runs with ``pyyaml``: the default parser, so that rows compare alike."""


@dataclass
class Run:
    """One measured process."""

    command: str
    seconds: float | None = None
    rss_kib: int | None = None
    output_bytes: int | None = None
    status: str = "ok"
    exit_code: int | None = None
    note: str = ""
    cpu_seconds: float | None = None
    """User and system time of the process and the children it waited for (steadier than wall on a busy machine)."""
    tree_kib: int | None = None
    """The most the command's processes held together (proportional set sizes summed, sampled): what the machine
    needs, where ``rss_kib`` is its largest process alone."""


@dataclass
class Context:
    """What the commands of one size need: the model, a scratch folder, the cache, the edited copy."""

    model: Path
    work: Path
    ictarch: list[str]
    provinces: list[str] = field(default_factory=list)

    @property
    def out(self) -> Path:
        return self.work / "out"

    @property
    def cache(self) -> Path:
        return self.work / "cache"

    @property
    def edited(self) -> Path:
        return self.work / "edited"


@dataclass(frozen=True)
class Command:
    name: str
    argv: Callable[[Context], list[str]]
    outputs: Callable[[Context], list[Path]] = lambda ctx: []
    env: Callable[[Context], dict[str, str]] = lambda ctx: {
        "ICTARCH_CACHE_DIR": str(ctx.cache),
        FAST_PARSER_ENV: "base",  # what a base install reads with: the line reader, then PyYAML
    }
    prepare: Callable[[Context], str | None] = lambda ctx: None
    """Runs before the measured process; a returned text means the row is not applicable (and says why)."""
    after: Callable[[Context, Run], None] = lambda ctx, run: None
    """Runs after the measured process."""


def fast_parser() -> str | None:
    """Why the fast parser is not available, or None when ``ictarch[fast]`` is installed and would be used."""
    env = {k: v for k, v in os.environ.items() if k != FAST_PARSER_ENV}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom ictarch.loading.fast_yaml import fast_loader\nsys.exit(fast_loader() is None)",
        ],
        capture_output=True,
        env=env,
    )
    return None if probe.returncode == 0 else "n/a: ictarch[fast] not installed"


def _edit_one_province(ctx: Context) -> None:
    """A copy of the model whose first province has one component renamed (the edited-province runs)."""
    if not ctx.edited.exists():
        shutil.copytree(ctx.model, ctx.edited)
        first = ctx.edited / ctx.provinces[0] / "components.yaml"
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace("    name: {vi: ", "    name: {vi: Sửa đổi ", 1), encoding="utf-8")


def _filled(ctx: Context) -> Path:
    return ctx.work / "cache-filled"


def _empty_cache(ctx: Context) -> str | None:
    """A user's first check: nothing in the cache."""
    shutil.rmtree(ctx.cache, ignore_errors=True)
    _filled(ctx).unlink(missing_ok=True)
    return None


def _cache_filled(ctx: Context, run: Run) -> None:
    """The first check filled the cache the warm runs read (unless it failed: they fill it again, untimed)."""
    if run.status == "ok":
        _filled(ctx).touch()


def _fill_cache(ctx: Context) -> str | None:
    """The warm runs need a filled cache: the first check's, else one untimed check of the model, once per size."""
    filled = _filled(ctx)
    if not filled.exists():
        subprocess.run(
            [*ctx.ictarch, "-q", "check", "--format", "json", "-o", str(ctx.out / "fill.json"), str(ctx.model)],
            env={**os.environ, "ICTARCH_CACHE_DIR": str(ctx.cache), FAST_PARSER_ENV: "base"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        (ctx.out / "fill.json").unlink(missing_ok=True)
        filled.touch()
    return None


def _warm_edited(ctx: Context) -> str | None:
    """The cache filled from the model (content-keyed), then a copy with one province edited."""
    _fill_cache(ctx)
    _edit_one_province(ctx)
    return None


def _edited(ctx: Context) -> str | None:
    _edit_one_province(ctx)
    return None


def _fast(ctx: Context) -> str | None:
    return fast_parser()


def _p(ctx: Context, i: int) -> str:
    return str(ctx.model / ctx.provinces[min(i, len(ctx.provinces) - 1)])


def _check(name: str, model: Callable[[Context], Path], cached: bool) -> Callable[[Context], list[str]]:
    def argv(ctx: Context) -> list[str]:
        return [
            *ctx.ictarch,
            "-q",
            *([] if cached else ["--no-cache"]),
            "check",
            "--format",
            "json",
            "-o",
            str(ctx.out / f"{name}.json"),
            str(model(ctx)),
        ]

    return argv


COMMANDS: list[Command] = [
    Command(
        "check-cold",
        _check("check-cold", lambda c: c.model, cached=False),
        lambda c: [c.out / "check-cold.json"],
    ),
    Command(
        "check-cold-pyyaml",
        _check("check-cold-pyyaml", lambda c: c.model, cached=False),
        lambda c: [c.out / "check-cold-pyyaml.json"],
        env=lambda c: {FAST_PARSER_ENV: "pyyaml"},
    ),
    Command(
        "check-cold-fast",
        _check("check-cold-fast", lambda c: c.model, cached=False),
        lambda c: [c.out / "check-cold-fast.json"],
        env=lambda c: {FAST_PARSER_ENV: ""},
        prepare=_fast,
    ),
    Command(
        "check-first",
        _check("check-first", lambda c: c.model, cached=True),
        lambda c: [c.out / "check-first.json"],
        prepare=_empty_cache,
        after=_cache_filled,
    ),
    Command(
        "check-warm",
        _check("check-warm", lambda c: c.model, cached=True),
        lambda c: [c.out / "check-warm.json"],
        prepare=_fill_cache,
    ),
    Command(
        "check-edited",
        _check("check-edited", lambda c: c.edited, cached=True),
        lambda c: [c.out / "check-edited.json"],
        prepare=_warm_edited,
    ),
    Command(
        "report",
        lambda c: [*c.ictarch, "-q", "--no-cache", "report", str(c.model), "-o", str(c.out / "site"), "--force"],
        lambda c: [c.out / "site"],
    ),
    Command(
        "roadmap",
        lambda c: [*c.ictarch, "-q", "--no-cache", "roadmap", "--format", "json", str(c.model)],
    ),
    Command(
        "diff",
        lambda c: [*c.ictarch, "-q", "--no-cache", "diff", "--format", "json", str(c.model), str(c.edited)],
        prepare=_edited,
    ),
    Command(
        "merge",
        lambda c: [
            *c.ictarch,
            "-q",
            "--no-cache",
            "merge",
            _p(c, 0),
            _p(c, 1),
            "--into",
            "merged-2025",
            "--name-vi",
            "Tỉnh Hợp Nhất",
            "-o",
            str(c.out / "merged"),
            "--report",
            str(c.out / "merge.md"),
            "--force",
        ],
        lambda c: [c.out / "merged", c.out / "merge.md"],
    ),
    Command(
        "diagram-province",
        lambda c: [
            *c.ictarch,
            "-q",
            "--no-cache",
            "diagram",
            "layered",
            _p(c, 0),
            "--format",
            "dot",
            "-o",
            str(c.out / "layered.dot"),
        ],
        lambda c: [c.out / "layered.dot"],
    ),
    Command(
        "diagram-national",
        lambda c: [
            *c.ictarch,
            "-q",
            "--no-cache",
            "diagram",
            "national",
            str(c.model),
            "--format",
            "dot",
            "-o",
            str(c.out / "national.dot"),
        ],
        lambda c: [c.out / "national.dot"],
    ),
    Command(
        "validate",
        lambda c: [*c.ictarch, "-q", "--no-cache", "validate", str(c.model)],
    ),
]
NAMES = [c.name for c in COMMANDS]


def size_of(paths: Sequence[Path]) -> int:
    total = 0
    for p in paths:
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


SAMPLE_FIRST, SAMPLE_FIRST_FOR, SAMPLE_THEN = 0.1, 2.0, 1.0
"""Seconds between two samples of the processes' memory: every 0.1 s for the first 2 s (a short command is
sampled several times), then every second. A sample reads the kernel's summary of each process's pages
(``smaps_rollup``), which walks its page tables: about 9 ms for a cold ``check`` of 34 x 2,000 and its
workers. Every 0.1 s, this took 0.8 s of CPU from the command's two cores and made it 10 % slower (wall
10.55-10.96 s against 9.61-9.83 s, two runs each, alternating)."""


def measure(
    name: str, argv: list[str], env: dict[str, str], stdout: Path, timeout: float, mem_gib: float | None
) -> Run:
    """Run ``argv`` in a fresh process group under the caps; its wall time, its largest process's peak RSS
    (wait4) and the peak of its processes' memory together (:func:`group_pss_kib`, sampled)."""

    def limits() -> None:
        if mem_gib:
            cap = int(mem_gib * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    run = Run(name)
    settle()
    with open(stdout, "wb") as out, open(stdout.with_suffix(".stderr"), "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdout=out, stderr=err, env={**os.environ, **env}, preexec_fn=limits, start_new_session=True
        )
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        peak = [0]
        ended = threading.Event()

        def sample() -> None:
            wait = SAMPLE_FIRST
            while not ended.wait(wait):
                peak[0] = max(peak[0], group_pss_kib(proc.pid))
                if time.perf_counter() - start > SAMPLE_FIRST_FOR:
                    wait = SAMPLE_THEN

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        ended.set()
        sampler.join()
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        run.seconds = time.perf_counter() - start
    run.rss_kib = usage.ru_maxrss
    run.tree_kib = peak[0] or None
    run.cpu_seconds = usage.ru_utime + usage.ru_stime
    run.exit_code = proc.returncode
    errors = stdout.with_suffix(".stderr").read_text(encoding="utf-8", errors="replace")
    if fired.is_set():
        run.status = "timed out"
    elif "MemoryError" in errors or "Cannot allocate memory" in errors or "std::bad_alloc" in errors:
        run.status = "out of memory"
    elif proc.returncode not in (0, 1):
        run.status = f"failed (exit {proc.returncode})"
        run.note = errors.strip().splitlines()[-1][:120] if errors.strip() else ""
    return run


def group_pss_kib(group: int) -> int:
    """The proportional set sizes of the processes of process group ``group``, summed (0 where ``/proc`` has no
    ``smaps_rollup``): a page that forked processes share counts once over them, not once in each."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            if int(stat[stat.rindex(")") + 2 :].split()[2]) != group:
                continue
            for line in Path(entry.path, "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError, IndexError):
            continue  # the process ended while being read
    return total


def settle() -> None:
    """The outputs of the runs before written to the disk first (``sync``), untimed.

    The harness keeps every output until its last command (see the README, "This machine's disk"): a site of
    2 GiB, reports of 178 MiB. The kernel writes them back in the minute after, with its own threads, on
    the same two cores: a command timed right after another measured its writeback too (``check`` of one
    edited province at 34 x 2,000: 3.3 s in a full run, 2.7 s after only the check rows).
    """
    os.sync()


def y0(model: Path) -> float:
    """The bare libyaml parse of every YAML file of the model, garbage collector paused, in a fresh process."""
    settle()
    files = sorted(str(p) for p in model.rglob("*.yaml"))
    done = subprocess.run([sys.executable, "-c", Y0_SCRIPT, *files], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def ictarch_argv() -> list[str]:
    """The ``ictarch`` of this interpreter's environment (the worktree's venv), else the one on PATH."""
    beside = Path(sys.executable).with_name("ictarch")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("ictarch")
    if found:
        return [found]
    return [sys.executable, str(HERE.parent / "cli.py")]


SOURCES_SCRIPT = """
import os, sys
import cli, exporters, ictarch
print(os.path.dirname(ictarch.__file__)); print(os.path.dirname(exporters.__file__)); print(cli.__file__)
"""


def compile_sources() -> str:
    """The project's modules compiled to bytecode beside them, as ``pip install`` leaves an installed package:
    where ``PYTHONDONTWRITEBYTECODE`` is set (as on the machines that measured the README's tables), a checkout
    is otherwise compiled again by every command, 0.15-0.3 s each. What was compiled, for the output."""
    found = subprocess.run([sys.executable, "-c", SOURCES_SCRIPT], capture_output=True, text=True, check=False)
    paths = found.stdout.split()
    if found.returncode != 0 or not paths:
        return "the project's sources were not found: commands compile them as they import them"
    subprocess.run([sys.executable, "-m", "compileall", "-q", *paths], capture_output=True, check=False)
    return f"bytecode of {', '.join(paths)} compiled before the runs"


def model_for(size: int, provinces: int, models: Path | None, work: Path, seed: int) -> Path:
    if models is not None and provinces == 34 and (models / f"n{size}").is_dir():
        return models / f"n{size}"
    target = work / f"model-{provinces}x{size}"
    if not target.exists():
        national.generate(target, provinces, size, seed)
    return target


def run_size(
    size: int, provinces: int, commands: list[Command], args: argparse.Namespace, work_root: Path
) -> tuple[float, list[Run], int]:
    work = work_root / f"n{size}"
    if work.exists():  # a run before this one's: deleted at the end (see DELETE_LATER)
        DELETE_LATER.append(work.rename(work_root / f".old-n{size}-{time.time_ns()}"))
    (work / "out").mkdir(parents=True)
    model = model_for(size, provinces, args.models, work_root, args.seed)
    ctx = Context(model, work, ictarch_argv(), sorted(p.name for p in model.iterdir() if p.is_dir()))
    floor = before = y0(model)
    model_bytes = size_of([model])
    print(f"  {size}: Y0 = {floor:.2f} s ({_bytes(model_bytes)} of YAML)", file=sys.stderr, flush=True)
    runs = []
    for cmd in commands:
        why = cmd.prepare(ctx)
        if why:
            runs.append(Run(cmd.name, status=why))
            continue
        run = measure(cmd.name, cmd.argv(ctx), cmd.env(ctx), ctx.out / f"{cmd.name}.stdout", args.timeout, args.mem_gib)
        run.output_bytes = size_of([ctx.out / f"{cmd.name}.stdout", *cmd.outputs(ctx)])
        cmd.after(ctx, run)
        runs.append(run)
        wall = f"{run.seconds:.1f} s" if run.seconds is not None else ""
        cpu = f", cpu {run.cpu_seconds:.1f} s = {run.cpu_seconds / floor:.2f} × Y0" if run.cpu_seconds else ""
        print(
            f"  {size}: {cmd.name}: {_cell_time(run, floor)} ({wall}{cpu}, Y0 {floor:.2f} s) {_mib(run.rss_kib)} "
            f"{_bytes(run.output_bytes)} {run.status}",
            file=sys.stderr,
            flush=True,
        )
    after = y0(model)
    floor = min(before, after)
    FLOORS[size] = (before, after)
    print(f"  {size}: Y0 again = {after:.2f} s; the ratios use {floor:.2f} s", file=sys.stderr, flush=True)
    if not args.keep:
        DELETE_LATER.append(work)
    return floor, runs, model_bytes


DELETE_LATER: list[Path] = []
"""Outputs deleted only once every command has run. On ext4 without a journal (the machine of the README's
figures) the kernel will not reuse an inode deleted in the last few minutes and reads past each of them
whenever it creates a file: deleting a site of tens of thousands of pages would slow the next command that
writes many files (`report` at 34 × 2,000 by about a fifth), charging it for the one before."""


FLOORS: dict[int, tuple[float, float]] = {}
"""Y0 before and after the commands of each size measured (the table names both)."""


def _mib(kib: int | None) -> str:
    return "" if kib is None else f"{kib / 1024:,.0f} MiB"


def _bytes(n: int | None) -> str:
    if n is None:
        return ""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n} B"


def _cell_time(run: Run, floor: float) -> str:
    if run.seconds is None:
        return ""
    return f"{run.seconds / floor:.2f} × Y0"


def _floors(size: int) -> str:
    if size not in FLOORS:
        return ""
    before, after = FLOORS[size]
    return f", the lesser of {before:.2f} s before the commands and {after:.2f} s after"


def table(size: int, provinces: int, floor: float, runs: list[Run], model_bytes: int) -> str:
    lines = [
        f"### {provinces} × {size:,} components (YAML {_bytes(model_bytes)}; Y0 = {floor:.2f} s{_floors(size)})",
        "",
        "| command | time / Y0 | wall | peak RSS | all processes | output | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        wall = "" if r.seconds is None else f"{r.seconds:.1f} s"
        result = r.status if r.status != "ok" else f"exit {r.exit_code}"
        if r.note:
            result += f": {r.note}"
        lines.append(
            f"| {r.command} | {_cell_time(r, floor) if r.status in ('ok',) else '—'} | {wall} | {_mib(r.rss_kib)} "
            f"| {_mib(r.tree_kib)} | {_bytes(r.output_bytes)} | {result} |"
        )
    return "\n".join(lines)


def exponents(results: dict[int, tuple[float, list[Run], int]]) -> str:
    """log-log slope of time and of memory from the smallest to the largest size each command completed."""
    sizes = sorted(results)
    lines = [
        "| command | sizes | time exponent | memory exponent | all processes' memory exponent |",
        "|---|---|---|---|---|",
    ]
    y_small, y_large = results[sizes[0]][0], results[sizes[-1]][0]
    if len(sizes) >= 2:
        lines.append(
            f"| Y0 (parse) | {sizes[0]:,} → {sizes[-1]:,} | "
            f"{math.log(y_large / y_small) / math.log(sizes[-1] / sizes[0]):.2f} | | |"
        )
    for name in [r.command for r in results[sizes[0]][1]]:
        done = [(s, r) for s in sizes for r in results[s][1] if r.command == name and r.status == "ok" and r.seconds]
        if len(done) < 2:
            lines.append(f"| {name} | {', '.join(f'{s:,}' for s, _ in done) or '—'} | n/a | n/a | n/a |")
            continue
        (s1, a), (s2, b) = done[0], done[-1]
        span = math.log(s2 / s1)
        t = math.log((b.seconds or 1) / (a.seconds or 1)) / span
        m = math.log((b.rss_kib or 1) / (a.rss_kib or 1)) / span
        whole = f"{math.log(b.tree_kib / a.tree_kib) / span:.2f}" if a.tree_kib and b.tree_kib else "n/a"
        lines.append(f"| {name} | {s1:,} → {s2:,} | {t:.2f} | {m:.2f} | {whole} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="500,1000,2000", help="components per province, comma-separated")
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--commands", default=",".join(NAMES), help=f"comma-separated, of: {', '.join(NAMES)}")
    ap.add_argument("--models", type=Path, help="folder holding n<SIZE>/ models (34 provinces)")
    ap.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    ap.add_argument("--out", type=Path, help="also write the tables (markdown) to this file")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per run")
    ap.add_argument("--mem-gib", type=float, default=None, help="address-space cap per run (ulimit -v), GiB")
    ap.add_argument("--seed", type=int, default=20260701)
    ap.add_argument("--keep", action="store_true", help="keep the outputs under --work")
    args = ap.parse_args(argv)
    wanted = [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in NAMES]
    if unknown:
        ap.error(f"unknown command(s) {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    commands = [c for c in COMMANDS if c.name in wanted]
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work_root = args.work or Path(tempfile.mkdtemp(prefix="ictarch-bench-"))
    work_root.mkdir(parents=True, exist_ok=True)
    results: dict[int, tuple[float, list[Run], int]] = {}
    compiled = compile_sources()
    print(f"  {compiled}", file=sys.stderr, flush=True)
    parts = [f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; commands: {' '.join(ictarch_argv())}", ""]
    for size in sizes:
        results[size] = run_size(size, args.provinces, commands, args, work_root)
        parts += [table(size, args.provinces, *results[size]), ""]
        print(parts[-2] + "\n", flush=True)
    expo = "Exponents (log-log slope from the smallest to the largest size completed; 1.0 = linear):\n\n" + exponents(
        results
    )
    print(expo)
    parts.append(expo)
    if args.out:
        args.out.write_text("\n".join(parts) + "\n", encoding="utf-8")
    for done in DELETE_LATER:
        shutil.rmtree(done, ignore_errors=True)
    if args.work is None and not args.keep:
        shutil.rmtree(work_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
