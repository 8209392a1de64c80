"""The tests' git repositories (tests/gitrepo.py) do not depend on the machine's git config: a
developer's global config that signs commits, or names no author, changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitrepo import commit, git, init_repo


def test_commits_work_whatever_the_global_git_config_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[commit]\n\tgpgsign = true\n[tag]\n\tgpgsign = true\n\tforceSignAnnotated = true\n"
                      "[gpg]\n\tprogram = false\n[init]\n\tdefaultBranch = trunk\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    repo = init_repo(tmp_path / "repo")
    first = commit(repo, "first", {"a.txt": "a\n"}, tag="v1")
    second = commit(repo, "second", {"a.txt": "b\n"})
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(repo, "rev-list", "HEAD").split() == [second, first]
    assert git(repo, "rev-parse", "v1^{commit}").strip() == first
    assert git(repo, "log", "-1", "--format=%an <%ae>").strip() == "Tester <t@example.com>"
