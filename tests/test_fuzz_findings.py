"""Crashes bench/fuzz.py found, minimised, each kept as a test (issue 19).

- A plain integer past Python's 4,300-digit limit crashed the loader (scalars.py, ValueError) in
  `check`, `export` and the build. Minimal fix in scalars.py; the loader's real rule for such
  numbers belongs to the "one reading of YAML" work.
- `- include: fragment` in a list that fragments cannot fill (sign-off, contacts, fields) was
  parsed into an Include that later stages took for an element (AttributeError in resolve.py and
  variables.py). Now a positioned error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

HUGE = "9" * 5000
CASES = {
    "huge-int-version": f"id: a\ntitle: T\nversion: {HUGE}\n",
    "huge-int-var": f"id: a\ntitle: T\nvars:\n  n: {HUGE}\nsections:\n  - id: s\n    title: S\n"
                    "    items: [{id: i, text: 'n is {{ n }}'}]\n",
    "huge-int-text": f"id: a\ntitle: T\nsections:\n  - id: s\n    title: S\n    items:\n      - id: i\n        text: {HUGE}\n",
    "include-in-signoff": "id: a\ntitle: T\nsignoff:\n  - include: frag\n",
    "include-in-contacts": "id: a\ntitle: T\ncontacts:\n  - include: frag\n",
    "include-in-fields": "id: a\ntitle: T\nsections:\n  - id: s\n    title: S\n    items:\n      - id: i\n"
                         "        text: x\n        fields:\n          - include: frag\n",
}


@pytest.mark.parametrize("name", CASES)
def test_found_input_gives_an_answer_not_a_crash(tmp_path: Path, cli, name: str) -> None:
    (tmp_path / "f.runbook.yml").write_text(CASES[name])
    rc, out, err = cli("check", "f.runbook.yml", cwd=tmp_path)
    assert rc in (0, 1) and "internal error" not in err, err
    rc, _, err = cli("export", "f.runbook.yml", cwd=tmp_path)
    assert rc in (0, 1) and "internal error" not in err, err
    if name.startswith("include"):
        assert rc == 1
        assert "error: 'include' cannot be used in" in out and "[unknown-key]" in out, out


@pytest.mark.parametrize("name", ["huge-int-var", "include-in-signoff"])
def test_found_input_in_a_real_build(site, cli, tmp_path: Path, name: str) -> None:
    # check and build agree: both accept or both refuse, and neither crashes
    try:
        built = site({"docs/f.runbook.yml": CASES[name]})
        build_ok = (built.site / "f" / "index.html").is_file()
    except Abort as e:
        assert "Traceback" not in e.logs  # type: ignore[attr-defined]
        build_ok = False
    rc, out, err = cli("check", "docs/f.runbook.yml", cwd=tmp_path)  # the site fixture builds in tmp_path
    assert rc in (0, 1), err
    assert (rc == 0) == build_ok, out
    assert build_ok == (name == "huge-int-var")
