"""Mutated shipped models through `validate` and `check`: exit 0, 1 or 2 only, every error located, never a
traceback. Bounded here (hypothesis, derandomized so CI is repeatable); benchmarks/fuzz_models.py runs the
same mutations for 10,000+ inputs by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_models import HOSTILE_SCALARS, MUTATIONS, SOURCES, Mutation, apply, judge, mutate, run_cli
from cli import main as main_command
from ictarch.loading import examples_root


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    kind = draw(st.sampled_from(MUTATIONS))
    if kind == "replace-value":
        payload = draw(st.sampled_from(HOSTILE_SCALARS)).encode()
    else:
        payload = draw(st.binary(max_size=6))
    return Mutation(kind, draw(st.integers(0, 7)), draw(st.integers(0, 1 << 20)), payload)


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(source=st.sampled_from(SOURCES), changes=st.lists(mutations(), min_size=1, max_size=3))
def test_a_mutated_model_gets_a_located_error_or_a_result_never_a_crash(
    source: str, changes: list[Mutation], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("fuzz") / source
    shutil.copytree(examples_root() / source, folder)
    apply(folder, changes)
    outcome, output = run_cli(folder)
    assert not outcome.problems, f"{outcome.problems}\n{output[-2000:]}"


@pytest.mark.parametrize("value", HOSTILE_SCALARS)
def test_every_hostile_scalar_in_a_model_is_a_located_error_or_accepted(value: str, tmp_path: Path) -> None:
    folder = tmp_path / "kon-tum"
    shutil.copytree(examples_root() / "kon-tum", folder)
    main = folder / "province.yaml"
    for at in (0, 61, 163, 307):  # a spread of fields: dates, numbers, ids, labels, enums
        main.write_bytes(mutate((examples_root() / "kon-tum" / "province.yaml").read_bytes(), _replace(value, at)))
        outcome, output = run_cli(folder)
        assert not outcome.problems, f"{value!r} at value {at}: {outcome.problems}\n{output[-2000:]}"


def _replace(value: str, at: int) -> Mutation:
    return Mutation("replace-value", 0, at, value.encode())


def test_the_judge_catches_each_broken_promise() -> None:
    """The fuzz tests above could fail: the judge flags exit 3, a traceback and an error with no location."""
    assert judge(3, "internal error: ValueError: x").problems
    assert judge(2, "Traceback (most recent call last):").problems
    assert judge(2, "ICT007 big.xml is larger than 64 MiB; not read").problems
    assert not judge(2, "m/province.yaml:3:5: ICT003 unknown field 'x'  [x]\n1 error in the input").problems
    assert not judge(1, "").problems


REJECTED = {
    "2025-02-30": "'2025-02-30' is not a valid date or time: day is out of range for month",
    "2025-13-01": "'2025-13-01' is not a valid date or time: month must be in 1..12",
    "0000-01-01": "'0000-01-01' is not a valid date or time: year 0 is out of range",
    "2024-01-01 25:00:00": "'2024-01-01 25:00:00' is not a valid date or time: hour must be in 0..23",
    "0x_": "'0x_' is not a valid whole number",
    "!!int abc": "'abc' is not a valid whole number",
    "!!bool maybe": "'maybe' is not a valid boolean",
    "!!float x": "'x' is not a valid number",
    "!!timestamp x": "'x' is not a valid date or time",
}


@pytest.mark.parametrize("value", sorted(REJECTED))
def test_a_scalar_pyyaml_cannot_convert_is_a_located_error(value: str, tmp_path: Path) -> None:
    folder = tmp_path / "kon-tum"
    shutil.copytree(examples_root() / "kon-tum", folder)
    main = folder / "province.yaml"
    lines = main.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, ln in enumerate(lines) if ln.strip() == "status: existing")
    lines[at] = lines[at].replace("existing", value)
    main.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main_command, ["--no-cache", "--no-color", "validate", str(folder)])
    assert result.exit_code == 2, result.output
    column = lines[at].index(value.split()[0]) + 1
    assert f"province.yaml:{at + 1}:{column}: ICT001 {REJECTED[value]}" in result.output
    tagged = value.startswith("!!")
    assert ("remove the tag" in result.output) == tagged and ("put it in quotes" in result.output) != tagged
