"""Fuzz the whole pipeline: `runbooks check`, export, the core build and (for a sample) a real `mkdocs build`.

    python bench/fuzz.py                      # 10,000 cases, half mutation, half structure-aware
    python bench/fuzz.py -n 500 --seed 7      # fewer, another seed
    python bench/fuzz.py --out fuzz-failures  # where minimised failing inputs go

Each case runs in a worker process (-j N: N of them) limited to --mem MB of address space and --timeout seconds:
- crash: an exception or exit 3 from the CLI, an exception from the core build, a traceback
  from `mkdocs build`, or a worker that died;
- hang: a case that took longer than --timeout;
- memory: a MemoryError, or a worker killed past the memory limit;
- disagree: `check` and the build do not both accept or both refuse.
Every failing input is minimised (files dropped, then lines) while it fails the same way, and
written to OUT/<n>-<kind>/ as the project's files plus WHY.txt. Inputs come from tests/fuzzgen.py.
Prints the counts; exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from fuzzgen import (  # noqa: E402
    MKDOCS_YML,
    Generator,
    Outcome,
    RandomDraw,
    example_sources,
    minimise,
    mutated_project,
    run_case,
)


def make_case(seed: int, sources: list[tuple[str, str]]) -> dict[str, str]:
    d = RandomDraw(seed)
    return Generator(d).project() if seed % 2 else mutated_project(d, sources)


def _worker(conn: Any, mem_mb: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (mem_mb * 2**20, mem_mb * 2**20))
    import logging

    logging.disable(logging.CRITICAL)  # mkdocs' own log lines would flood the terminal
    # warm up (imports, theme, Markdown extensions) before the first timed case: a cold start
    # under load can take longer than --timeout and is not a hang of the case
    tmp = tempfile.mkdtemp(prefix="rb-fuzz-warm-")
    try:
        run_case(Path(tmp), {"mkdocs.yml": MKDOCS_YML, "docs/index.md": "# Home\n",
                             "docs/w.runbook.yml": "id: w\ntitle: W\nsections:\n  - id: s\n    title: S\n"
                                                   "    items: [{id: i, text: hi}]\n"}, real_build=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            return
        files, real = job
        tmp = tempfile.mkdtemp(prefix="rb-fuzz-")
        try:
            try:
                outcome = run_case(Path(tmp), files, real_build=real)
            except MemoryError:
                outcome = Outcome("memory", "MemoryError", "memory")
            if "MemoryError" in outcome.detail:
                outcome = Outcome("memory", outcome.detail, "memory")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        conn.send((outcome.kind, outcome.detail[-4000:], outcome.signature))


class Runner:
    """One worker process at a time per Runner; restarted after a hang or a death."""

    def __init__(self, timeout: float, mem_mb: int) -> None:
        self.timeout, self.mem_mb = timeout, mem_mb
        self.proc: Any = None
        self.conn: Any = None

    def _start(self) -> None:
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, self.mem_mb), daemon=True)
        self.proc.start()
        if self.conn.poll(300):  # the warm-up; a worker that cannot even start shows up on the first case
            self.conn.recv()

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join()
            self.proc = None

    def run(self, files: dict[str, str], real: bool) -> Outcome:
        if self.proc is None or not self.proc.is_alive():
            self._start()
        self.conn.send((files, real))
        if not self.conn.poll(self.timeout):
            self.stop()
            return Outcome("hang", f"no answer in {self.timeout:.0f} s", "hang")
        try:
            answer = self.conn.recv()
            if answer == "ready":  # a warm-up that outlasted _start's wait
                answer = self.conn.recv() if self.conn.poll(self.timeout) else ("hang", "no answer", "hang")
            kind, detail, signature = answer
        except EOFError:
            self.proc.join(5)
            code = self.proc.exitcode
            self.stop()
            if code == -9:
                return Outcome("memory", "worker killed (SIGKILL: out of memory?)", "memory")
            return Outcome("crash", f"worker died with exit code {code}", f"crash died {code}")
        return Outcome(kind, detail, signature)


def _save(out: Path, n: int, outcome: Outcome, files: dict[str, str]) -> Path:
    where = out / f"{n:05d}-{outcome.kind}"
    where.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        p = where / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", errors="surrogatepass")
    (where / "WHY.txt").write_text(f"{outcome.signature}\n\n{outcome.detail}\n", encoding="utf-8")
    return where


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0, help="first seed; case i uses seed+i")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds before a case counts as a hang")
    ap.add_argument("--mem", type=int, default=2048, help="address-space limit per worker, MB")
    ap.add_argument("--real-every", type=int, default=100, help="a real mkdocs build every N cases (0: never)")
    ap.add_argument("--out", default="fuzz-failures", help="folder for minimised failing inputs")
    ap.add_argument("--no-minimise", action="store_true")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    args = ap.parse_args(argv)

    sources = example_sources()
    out = Path(args.out)
    counts: collections.Counter[str] = collections.Counter()
    seen: set[str] = set()
    saved: list[Path] = []
    lock = threading.Lock()
    start = time.perf_counter()

    def lane(k: int) -> None:
        """Cases k, k+jobs, k+2*jobs, ... through one worker process."""
        runner = Runner(args.timeout, args.mem)
        try:
            for i in range(k, args.cases, args.jobs):
                seed = args.seed + i
                try:
                    files = make_case(seed, sources)
                except Exception as e:  # a bug of the fuzzer itself: say so, count it, go on
                    with lock:
                        counts["fuzzer errors"] += 1
                        print(f"case {seed}: the generator failed: {type(e).__name__}: {e}", file=sys.stderr)
                    continue
                real = bool(args.real_every) and i % args.real_every == 0
                outcome = runner.run(files, real)
                with lock:
                    counts[outcome.kind] += 1
                    counts["real builds"] += real
                    done = sum(counts[x] for x in ("ok", "crash", "hang", "memory", "disagree"))
                    first = not outcome.ok and outcome.signature not in seen
                    seen.add(outcome.signature)
                if first:  # minimise each kind of failure once
                    small = files
                    if not args.no_minimise:
                        budget = 12 if outcome.kind == "hang" else 150
                        small = minimise(files, lambda f: runner.run(f, real).signature == outcome.signature, budget)
                    with lock:
                        saved.append(_save(out, seed, outcome, small))
                        print(f"case {seed}: {outcome.signature} -> {saved[-1]}", file=sys.stderr)
                if done % 500 == 0:
                    print(f"{done} cases, {time.perf_counter() - start:.0f} s: {dict(counts)}", file=sys.stderr)
        finally:
            runner.stop()

    lanes = [threading.Thread(target=lane, args=(k,)) for k in range(args.jobs)]
    for t in lanes:
        t.start()
    for t in lanes:
        t.join()
    elapsed = time.perf_counter() - start
    bad = {k: counts[k] for k in ("crash", "hang", "memory", "disagree")}
    ran = sum(counts[k] for k in ("ok", "crash", "hang", "memory", "disagree"))
    print(f"fuzz: {ran:,} of {args.cases:,} cases run (seed {args.seed}, {counts['real builds']} real mkdocs builds) "
          f"in {elapsed:.0f} s" + (f"; {counts['fuzzer errors']} generator errors" if counts["fuzzer errors"] else ""))
    print(f"  ok {counts['ok']:,}  crashes {bad['crash']}  hangs {bad['hang']}  memory blow-ups {bad['memory']}  "
          f"check/build disagreements {bad['disagree']}")
    if saved:
        print(f"  {len(saved)} distinct failures, minimised, in {out}/")
    return 1 if any(bad.values()) or ran != args.cases else 0


if __name__ == "__main__":
    sys.exit(main())
