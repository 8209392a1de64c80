"""Review dates (review-overdue) and version bumps (version-not-bumped) in `runbooks check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import write_tree
from gitrepo import commit
from mkdocs_runbooks.check.review import check_review
from mkdocs_runbooks.diagnostics import Diagnostics
from mkdocs_runbooks.pipeline import compile_text

CONFIG = "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, runbooks]\n"
APP = """\
id: app
title: App deploy
version: 1.0.0
meta: {owner: Ops, last_updated: 2025-01-01, next_review: 2999-01-01}
sections:
  - id: prep
    title: Prep
    items:
      - {id: backup, text: Take a full backup}
"""


def review_diags(next_review: str, on: dt.date | None = None) -> Diagnostics:
    c = compile_text(APP.replace("2999-01-01", next_review), "app.runbook.yml")
    assert c.runbook is not None
    diags = Diagnostics()
    check_review(c.runbook, diags, on)
    return diags


def test_review_overdue_is_a_positioned_warning() -> None:
    (d,) = review_diags("2025-04-21", dt.date(2025, 4, 23)).items
    assert d.format() == ("app.runbook.yml:4:59: warning: runbook 'app' was due for review on 2025-04-21 "
                          "(2 days ago); review it, then move meta.next_review forward [review-overdue]")
    assert not review_diags("2025-04-21", dt.date(2025, 4, 21)).items  # due today is not overdue yet
    assert not review_diags("after the launch").items  # prose is not a deadline


def test_source_date_epoch_sets_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2999, 6, 1, tzinfo=dt.timezone.utc).timestamp())))
    assert [d.code for d in review_diags("2999-01-01").items] == ["review-overdue"]


def test_check_warns_and_strict_fails_on_overdue_review(tmp_path: Path, cli) -> None:
    write_tree(tmp_path, {"mkdocs.yml": CONFIG, "docs/app.runbook.yml": APP.replace("2999-01-01", "2001-01-01")})
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 0 and "[review-overdue]" in out and "1 warning" in err
    assert cli("check", "--strict", cwd=tmp_path)[0] == 1


def test_overdue_review_warns_in_the_site_build(site) -> None:
    built = site({"docs/app.runbook.yml": APP.replace("2999-01-01", "2001-01-01")})
    assert any("[review-overdue]" in w for w in built.warnings)


@pytest.fixture
def tagged(git_repo: Path) -> Path:
    commit(git_repo, "v1", {"mkdocs.yml": CONFIG, "docs/app.runbook.yml": APP}, tag="v1.0.0")
    return git_repo


def test_version_not_bumped_since_last_tag(tagged: Path, cli) -> None:
    src = tagged / "docs/app.runbook.yml"
    src.write_text(APP.replace("Take a full backup", "Take a fresh backup"))
    rc, out, _ = cli("check", cwd=tagged)
    assert rc == 0
    assert ("docs/app.runbook.yml:3:10: warning: runbook 'app' changed since v1.0.0 (reworded item 'backup') "
            "but its version is still 1.0.0; bump `version` [version-not-bumped]") in out
    assert cli("check", "--strict", cwd=tagged)[0] == 1
    assert "version-not-bumped" not in cli("check", "--base", "", cwd=tagged)[1]  # turned off
    src.write_text(APP.replace("Take a full backup", "Take a fresh backup").replace("1.0.0", "1.1.0"))
    assert "version-not-bumped" not in cli("check", cwd=tagged)[1]


def test_bookkeeping_alone_needs_no_bump_and_base_is_explicit(tagged: Path, cli) -> None:
    src = tagged / "docs/app.runbook.yml"
    src.write_text(APP.replace("2999-01-01", "2999-06-01").replace("2025-01-01", "2025-02-01"))
    assert "version-not-bumped" not in cli("check", cwd=tagged)[1]
    src.write_text(APP + "      - {id: lock, text: Lock deploys}\n")
    commit(tagged, "add lock")
    assert "(added item 'lock')" in cli("check", cwd=tagged)[1]  # still compared with the last tag
    rc, out, _ = cli("check", "--base", "v1.0.0", cwd=tagged)
    assert "(added item 'lock')" in out
    rc, out, _ = cli("check", "--base", "HEAD", cwd=tagged)
    assert "version-not-bumped" not in out  # unchanged since HEAD
    rc, _, err = cli("check", "--base", "no-such-rev", cwd=tagged)
    assert rc == 2 and "no-such-rev" in err


def test_base_outside_a_repository_is_a_usage_error(tmp_path: Path, cli) -> None:
    write_tree(tmp_path, {"mkdocs.yml": CONFIG, "docs/app.runbook.yml": APP})
    assert cli("check", cwd=tmp_path)[0] == 0  # no repository, no base: the check is skipped
    rc, _, err = cli("check", "--base", "main", cwd=tmp_path)
    assert rc == 2 and "not in a git repository" in err
