"""The fuzzer in CI (issue 19): a few hundred generated and mutated projects, none may crash, and
`runbooks check` and the build must both accept or both refuse each one.

Inputs and the oracle are in tests/fuzzgen.py; bench/fuzz.py runs 10,000 of them with time and
memory limits. Here Hypothesis drives the generator, so a failure shrinks to a small project.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzgen import (
    Generator,
    HypothesisDraw,
    Outcome,
    RandomDraw,
    example_sources,
    minimise,
    mutated_project,
    run_case,
    to_yaml,
)

SOURCES = example_sources()
_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _judge(files: dict[str, str], real: bool = False) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="rb-fuzz-") as tmp:
        return run_case(Path(tmp), files, real_build=real)


def _explain(outcome: Outcome, files: dict[str, str]) -> str:
    listing = "\n".join(f"--- {rel}\n{text}" for rel, text in files.items() if rel != "mkdocs.yml")
    return f"{outcome.signature}\n{outcome.detail}\n{listing}"


@settings(max_examples=150, **_SETTINGS)  # type: ignore[arg-type]
@given(st.data())
def test_generated_projects_never_crash_and_check_agrees_with_the_build(data: st.DataObject) -> None:
    files = Generator(HypothesisDraw(data)).project()
    outcome = _judge(files)
    assert outcome.ok, _explain(outcome, files)


@settings(max_examples=100, **_SETTINGS)  # type: ignore[arg-type]
@given(st.data())
def test_mutated_example_sources_never_crash_and_check_agrees_with_the_build(data: st.DataObject) -> None:
    files = mutated_project(HypothesisDraw(data), SOURCES)
    outcome = _judge(files)
    assert outcome.ok, _explain(outcome, files)


@pytest.mark.parametrize("seed", [3, 10, 17, 22, 41, 56, 1001, 1002])
def test_check_and_a_real_mkdocs_build_agree(seed: int) -> None:
    d = RandomDraw(seed)
    files = Generator(d).project() if seed % 2 else mutated_project(d, SOURCES)
    outcome = _judge(files, real=True)
    assert outcome.ok, _explain(outcome, files)


def test_the_sample_has_both_accepted_and_refused_projects() -> None:
    # an oracle that only ever sees refusals (or only acceptances) would test nothing
    import contextlib
    import io
    import os

    from mkdocs_runbooks.cli.main import main

    verdicts = set()
    for seed in range(40):
        d = RandomDraw(seed)
        files = Generator(d).project() if seed % 2 else mutated_project(d, SOURCES)
        with tempfile.TemporaryDirectory() as tmp:
            from fuzzgen import write_project

            write_project(Path(tmp), files)
            cwd = os.getcwd()
            os.chdir(tmp)
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    verdicts.add(main(["check", "--base", ""]))
            finally:
                os.chdir(cwd)
    assert verdicts == {0, 1}


def test_generated_yaml_reads_back_as_generated() -> None:
    from mkdocs_runbooks.load.reader import load_text

    tree = {"id": "a", "title": "x: y", "items": [{"id": "b", "text": "- [ ] {{ p }}", "n": 3}], "e": [], "m": {}}
    loaded = load_text(to_yaml(tree), "t.yml")
    assert not loaded.diagnostics.errors, [d.format() for d in loaded.diagnostics]


def test_minimise_keeps_the_failure_and_drops_the_rest() -> None:
    files = {"mkdocs.yml": "x", "docs/a.runbook.yml": "\n".join(f"line {n}" for n in range(40)) + "\nBOOM\n",
             "templates/t.yml": "unrelated"}
    small = minimise(files, lambda f: any("BOOM" in t for t in f.values()))
    assert small == {"mkdocs.yml": "x", "docs/a.runbook.yml": "BOOM"}


def test_bench_fuzz_runs_and_reports(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "bench" / "fuzz.py"
    proc = subprocess.run([sys.executable, str(script), "-n", "6", "--real-every", "0", "--out", str(tmp_path / "f")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "fuzz: 6 of 6 cases run" in proc.stdout
    assert "ok 6  crashes 0  hangs 0  memory blow-ups 0  check/build disagreements 0" in proc.stdout
    assert not (tmp_path / "f").exists()
    # a limit no case can meet: every case is a hang, minimised once and written with its reason
    proc = subprocess.run([sys.executable, str(script), "-n", "2", "--timeout", "0.01", "--real-every", "0",
                           "--out", str(tmp_path / "g")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and "hangs 2" in proc.stdout, proc.stdout + proc.stderr
    [folder] = list((tmp_path / "g").iterdir())
    assert folder.name.endswith("-hang") and (folder / "WHY.txt").read_text().startswith("hang")
