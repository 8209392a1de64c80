"""The example site builds byte-identical from two folders, at two times, under two hash seeds (issue 19).

Two real `mkdocs build` runs in subprocesses (fresh interpreters, so the hash seed really
differs), from copies of the project at different paths, compared file by file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROJECT = ("mkdocs.yml", "content", "templates", "site-overrides", "runs")


def _build(root: Path, seed: str) -> dict[str, bytes]:
    root.mkdir(parents=True)
    for name in PROJECT:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        elif src.is_file():
            shutil.copy2(src, root / name)
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_example_site_builds_byte_identical_from_two_folders(tmp_path: Path) -> None:
    first = _build(tmp_path / "one", "1")
    time.sleep(1.1)  # a timestamp in any output would now differ
    second = _build(tmp_path / "second-folder" / "deeper", "2")
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], differ
    assert any(name.endswith("index.html") for name in first) and len(first) > 20
