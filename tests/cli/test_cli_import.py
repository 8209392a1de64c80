"""`runbooks import` through the real CLI."""

from __future__ import annotations

from pathlib import Path

MD = """\
# Deploy Checklist

**Version:** 1.2.0

## Pre-flight

- [ ] Backup taken
- [x] Tests green
- [ ] Backup size: _____ MB
"""


def test_import_to_stdout_round_trips_through_check(tmp_path: Path, cli) -> None:
    (tmp_path / "deploy.md").write_text(MD)
    rc, out, err = cli("import", "deploy.md", "--id", "deploy", cwd=tmp_path)
    assert rc == 0, err
    assert out.startswith("# yaml-language-server: $schema=")
    (tmp_path / "deploy.runbook.yml").write_text(out)
    rc, out2, err2 = cli("check", "deploy.runbook.yml", cwd=tmp_path)
    assert rc == 0, out2 + err2
    rc, js, _ = cli("export", "deploy.runbook.yml", cwd=tmp_path)
    assert '"text": "Backup taken"' in js and '"checked": true' in js and '"unit": "MB"' in js


def test_import_out_dir_and_refuses_to_clobber(tmp_path: Path, cli) -> None:
    (tmp_path / "a.md").write_text(MD)
    (tmp_path / "b.md").write_text(MD.replace("Deploy", "Release"))
    rc, _, err = cli("import", "a.md", "b.md", "--out-dir", "out", cwd=tmp_path)
    assert rc == 2 and "folder out does not exist" in err  # issue 16: never a silent mkdir
    (tmp_path / "out").mkdir()
    rc, _, err = cli("import", "a.md", "b.md", "--out-dir", "out", cwd=tmp_path)
    assert rc == 0, err
    assert (tmp_path / "out" / "a.runbook.yml").is_file() and (tmp_path / "out" / "b.runbook.yml").is_file()
    before = (tmp_path / "out" / "a.runbook.yml").read_text()
    rc, _, err = cli("import", "a.md", "--out-dir", "out", cwd=tmp_path)
    assert rc == 2 and "exists; pass --force" in err
    assert (tmp_path / "out" / "a.runbook.yml").read_text() == before


def test_import_usage_errors(tmp_path: Path, cli) -> None:
    rc, _, err = cli("import", "missing.md", cwd=tmp_path)
    assert rc == 2 and "no such file: missing.md" in err
    (tmp_path / "a.md").write_text(MD)
    rc, _, err = cli("import", "a.md", "a.md", cwd=tmp_path)
    assert rc == 2 and "--out-dir" in err
