"""Files written by commands follow one rule (issues 19, 16 and 12; cli/outputs.py).

An existing file is replaced only with --force, a missing folder is an error, a folder or a
device is never replaced, and a failed write names the path (exit 2, never "internal error").
Permission and disk-full errors are real: tests run as root, so they use /sys (read-only even
for root) and /dev/full.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

GOOD = "id: ok\ntitle: OK\nsections:\n  - id: s\n    title: S\n    items: [{id: i, text: hi}]\n"
TEMPLATE = "id: base\ntitle: Base\nvars: {project: {type: string, required: true}}\nsections:\n  - id: s\n" \
           "    title: S\n    items: [{id: i, text: 'hi {{ project }}'}]\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\nplugins: [runbooks]\n")
    (tmp_path / "docs" / "ok.runbook.yml").write_text(GOOD)
    (tmp_path / "templates" / "base.yml").write_text(TEMPLATE)
    (tmp_path / "a.md").write_text("# A\n\n- [ ] one\n")
    return tmp_path


# every command that writes a file given by -o, with the arguments it needs; {out} is the target
COMMANDS = {
    "export": ["export", "docs/ok.runbook.yml", "-o", "{out}"],
    "export-md": ["export", "docs/ok.runbook.yml", "--format", "markdown", "-o", "{out}"],
    "schema": ["schema", "-o", "{out}"],
    "diff": ["diff", "docs/ok.runbook.yml", "docs/ok.runbook.yml", "-o", "{out}"],
    "new": ["new", "--template", "base", "--id", "acme", "-o", "{out}"],
    "import": ["import", "a.md", "-o", "{out}"],
}
NAMES = {"new": "x.runbook.yml", "import": "x.runbook.yml"}


def _argv(cmd: str, out: str) -> list[str]:
    return [a.replace("{out}", out) for a in COMMANDS[cmd]]


@pytest.mark.parametrize("cmd", COMMANDS)
def test_an_existing_file_is_replaced_only_with_force(project: Path, cli, cmd: str) -> None:
    name = NAMES.get(cmd, "out.txt")
    (project / name).write_text("precious")
    rc, _, err = cli(*_argv(cmd, name), cwd=project)
    assert rc == 2 and f"{name} exists; pass --force to overwrite it" in err, err
    assert (project / name).read_text() == "precious"
    rc, _, err = cli(*_argv(cmd, name), "--force", cwd=project)
    assert rc == 0, err
    assert (project / name).read_text() != "precious"


@pytest.mark.parametrize("cmd", COMMANDS)
def test_a_missing_folder_is_an_error_not_a_mkdir(project: Path, cli, cmd: str) -> None:
    target = f"nope/{NAMES.get(cmd, 'out.txt')}"
    rc, _, err = cli(*_argv(cmd, target), cwd=project)
    assert rc == 2 and "folder nope does not exist; create it first" in err, err
    assert not (project / "nope").exists()


def test_pdf_refuses_an_existing_file_before_building(project: Path, cli) -> None:
    (project / "out.pdf").write_text("precious")
    rc, _, err = cli("pdf", "docs/ok.runbook.yml", "-o", "out.pdf", cwd=project)
    assert rc == 2 and "out.pdf exists; pass --force" in err and "building" not in err, err
    assert (project / "out.pdf").read_text() == "precious"
    rc, _, err = cli("pdf", "docs/ok.runbook.yml", "-o", "missing/out.pdf", cwd=project)
    assert rc == 2 and "folder missing does not exist" in err, err


def test_new_into_a_missing_folder_writes_no_file_named_like_it(project: Path, cli) -> None:
    # issue 12: `new -o DIR/` with DIR missing wrote a file called DIR that `check` then ignored
    rc, _, err = cli("new", "--template", "base", "--id", "acme", "-o", "docs/acme/", cwd=project)
    assert rc == 2 and "docs/acme/" in err and "does not exist" in err, err
    assert not (project / "docs" / "acme").exists()
    rc, _, err = cli("new", "--template", "base", "--id", "acme", "-o", "docs/acme", cwd=project)
    assert rc == 2 and "-o must name a *.runbook.yml file or an existing folder" in err, err
    assert not (project / "docs" / "acme").exists()
    (project / "docs" / "acme").mkdir()
    rc, _, err = cli("new", "--template", "base", "--id", "acme", "-o", "docs/acme/", cwd=project)
    assert rc == 0, err
    assert (project / "docs" / "acme" / "acme.runbook.yml").is_file()


def test_import_output_must_be_a_source_name(project: Path, cli) -> None:
    rc, _, err = cli("import", "a.md", "-o", "a.yml", cwd=project)
    assert rc == 2 and "-o must name a *.runbook.yml file" in err and not (project / "a.yml").exists(), err


@pytest.mark.parametrize("argv", [
    ["check", "--templates", "{f}"], ["export", "docs/ok.runbook.yml", "--templates", "{f}"],
    ["new", "--template", "base", "--id", "a", "--templates", "{f}"],
    ["diff", "docs/ok.runbook.yml", "docs/ok.runbook.yml", "--templates", "{f}"],
], ids=["check", "export", "new", "diff"])
def test_templates_option_must_be_a_folder(project: Path, cli, argv: list[str]) -> None:
    for given, what in (("mkdocs.yml", "is a file, not a folder"), ("nowhere", "does not exist")):
        rc, _, err = cli(*[a.replace("{f}", given) for a in argv], cwd=project)
        assert rc == 2 and f"--templates {given}: {given} {what}" in err, err


def test_a_folder_as_output_is_refused(project: Path, cli) -> None:
    rc, _, err = cli("schema", "-o", "docs", cwd=project)
    assert rc == 2 and "cannot write docs: it is a folder" in err, err
    rc, _, err = cli("schema", "-o", "newdir/", cwd=project)
    assert rc == 2 and "newdir/" in err and not (project / "newdir").exists(), err


def test_disk_full_is_reported_as_such_and_the_device_is_kept(project: Path, cli) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    rc, _, err = cli("schema", "-o", "/dev/full", cwd=project)
    assert rc == 2 and "cannot write /dev/full: No space left on device" in err, err
    assert "internal error" not in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written to, never replaced by a regular file


def test_dev_null_is_written_to_not_replaced(project: Path, cli) -> None:
    rc, _, err = cli("export", "docs/ok.runbook.yml", "-o", os.devnull, cwd=project)
    assert rc == 0, err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_permission_denied_is_reported_with_the_path(project: Path, cli) -> None:
    target = Path("/sys/kernel/runbooks-test.json")  # sysfs refuses new files, even to root
    if not target.parent.is_dir():
        pytest.skip("no sysfs")
    rc, _, err = cli("schema", "-o", str(target), cwd=project)
    assert rc == 2 and f"cannot write {target}: Permission denied" in err, err
    assert "internal error" not in err


def test_a_path_under_a_file_is_named(project: Path, cli) -> None:
    rc, _, err = cli("diff", "docs/ok.runbook.yml", "docs/ok.runbook.yml", "-o", "a.md/x.txt", cwd=project)
    assert rc == 2 and "a.md is a file, not a folder" in err, err


def test_a_failed_write_keeps_the_old_file(project: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "out.json").write_text("old")
    real_replace = os.replace

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    rc, _, err = cli("schema", "-o", "out.json", "--force", cwd=project)
    monkeypatch.setattr(os, "replace", real_replace)
    assert rc == 2 and "cannot write out.json: No space left on device" in err, err
    assert (project / "out.json").read_text() == "old"
    assert [p.name for p in project.iterdir() if p.name.startswith(".out.json")] == []  # no temp file left


def test_an_unreadable_input_is_not_an_internal_error(project: Path, cli) -> None:
    rc, _, err = cli("import", "/proc/self/mem", "-o", "m.runbook.yml", cwd=project)
    assert rc == 2 and "cannot read /proc/self/mem: Input/output error" in err, err
