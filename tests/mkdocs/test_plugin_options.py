"""The plugin's `changes`, `cache` and `cache_dir` options (issue 17 item 7): real MkDocs builds in tmp git
repositories, and the one rule that places the cache (project/cache.py `cache_folder`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BASE_CONFIG, mkdocs_build, write_tree
from gitrepo import commit, init_repo
from mkdocs_runbooks.cli.main import main
from mkdocs_runbooks.project.cache import APP_NAME, CHANGES_FILE, cache_folder, project_key

APP = """\
id: app
title: App deploy
version: 1.0.0
sections:
  - id: prep
    title: Prep
    items:
      - {id: backup, text: Take a full backup}
"""


def _config(options: str = "") -> str:
    """BASE_CONFIG with `options` (YAML lines) under the runbooks plugin."""
    if not options:
        return BASE_CONFIG
    indented = "".join(f"      {line}\n" for line in options.strip().splitlines())
    return BASE_CONFIG.replace("  - runbooks\n", "  - runbooks:\n" + indented)


def _repo(root: Path, options: str = "") -> None:
    """A project in a git repository with two versions of one runbook: its page has a "Changes" section."""
    init_repo(root)
    commit(root, "v1", {"mkdocs.yml": _config(options), "docs/index.md": "# Home\n", "docs/app.runbook.yml": APP})
    commit(root, "v1.1", {"docs/app.runbook.yml": APP.replace("full", "fresh").replace("1.0.0", "1.1.0")})


@pytest.fixture
def git_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` first on PATH that notes each call in the returned file, then runs the real git."""
    real = shutil.which("git")
    assert real is not None
    bin_dir, log = tmp_path.parent / f"{tmp_path.name}-bin", tmp_path.parent / f"{tmp_path.name}-git.log"
    bin_dir.mkdir()
    script = bin_dir / "git"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


def _page(root: Path) -> str:
    return (root / "site" / "app" / "index.html").read_text(encoding="utf-8")


def _user_cache(user_cache_dir: Path, root: Path) -> Path:
    return user_cache_dir / APP_NAME / project_key(root)


# -- changes ---------------------------------------------------------------------------------------

def test_changes_on_by_default_in_a_git_repo(tmp_path: Path, git_log: Path) -> None:
    _repo(tmp_path)
    git_log.unlink()  # only what the build runs
    mkdocs_build(tmp_path)
    assert 'id="changes"' in _page(tmp_path) and "1.1.0" in _page(tmp_path)
    assert "log" in git_log.read_text()


def test_changes_false_leaves_the_section_out_and_never_runs_git(tmp_path: Path, git_log: Path,
                                                                  user_cache_dir: Path) -> None:
    _repo(tmp_path, "changes: false")
    git_log.unlink()
    mkdocs_build(tmp_path, strict=True)
    assert 'id="changes"' not in _page(tmp_path)
    assert "Take a fresh backup" in _page(tmp_path)
    assert not git_log.exists()  # not one git process
    assert not (_user_cache(user_cache_dir, tmp_path) / CHANGES_FILE).exists()


def test_changes_from_the_environment_with_env_tag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented CI switch: `changes: !ENV [RUNBOOKS_CHANGES, true]`."""
    _repo(tmp_path, "changes: !ENV [RUNBOOKS_CHANGES, true]")
    monkeypatch.setenv("RUNBOOKS_CHANGES", "false")
    mkdocs_build(tmp_path)
    assert 'id="changes"' not in _page(tmp_path)
    monkeypatch.delenv("RUNBOOKS_CHANGES")
    mkdocs_build(tmp_path)
    assert 'id="changes"' in _page(tmp_path)


def test_changes_must_be_a_boolean(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _repo(tmp_path, "changes: sometimes")
    with pytest.raises(BaseException, match="configuration error"):
        mkdocs_build(tmp_path)
    assert "Plugin 'runbooks' option 'changes'" in caplog.text


def test_render_reads_changes_false_from_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     git_log: Path) -> None:
    _repo(tmp_path, "changes: false")
    git_log.unlink()
    monkeypatch.chdir(tmp_path)
    assert main(["render", "-q", "--out", str(tmp_path / "out")]) == 0
    assert "Take a fresh backup" in (tmp_path / "out" / "app.md").read_text()
    assert 'id="changes"' not in (tmp_path / "out" / "app.md").read_text()
    assert not git_log.exists()
    write_tree(tmp_path, {"mkdocs.yml": _config()})
    assert main(["render", "-q", "--out", str(tmp_path / "out")]) == 0
    assert 'id="changes"' in (tmp_path / "out" / "app.md").read_text()


# -- cache and cache_dir ---------------------------------------------------------------------------

def test_default_cache_is_the_projects_folder_under_the_user_cache_dir(tmp_path: Path, user_cache_dir: Path) -> None:
    _repo(tmp_path)
    mkdocs_build(tmp_path)
    folder = _user_cache(user_cache_dir, tmp_path)
    assert (folder / "sources.pickle").is_file() and (folder / CHANGES_FILE).is_file()
    assert any((folder / "pages").iterdir())
    assert not (tmp_path / ".cache").exists()  # nothing written into the project
    assert folder.name.startswith(tmp_path.name + "-")


def test_two_projects_of_the_same_name_never_share_a_cache(tmp_path: Path, user_cache_dir: Path) -> None:
    one, two = tmp_path / "a" / "ops-site", tmp_path / "b" / "ops-site"
    for root, text in ((one, "Take a full backup"), (two, "Take a cold backup")):
        root.mkdir(parents=True)
        write_tree(root, {"mkdocs.yml": BASE_CONFIG, "docs/index.md": "# Home\n",
                          "docs/app.runbook.yml": APP.replace("Take a full backup", text)})
        mkdocs_build(root)
    assert cache_folder(one) != cache_folder(two)
    assert _user_cache(user_cache_dir, one).is_dir() and _user_cache(user_cache_dir, two).is_dir()
    mkdocs_build(one)  # a rebuild from its own cache: still its own text
    assert "Take a full backup" in _page(one) and "cold" not in _page(one)
    assert "Take a cold backup" in _page(two)


def test_cache_dir_option_relative_to_mkdocs_yml(tmp_path: Path, user_cache_dir: Path) -> None:
    _repo(tmp_path, "cache_dir: build/rb-cache")
    mkdocs_build(tmp_path)
    folder = tmp_path / "build" / "rb-cache"
    assert (folder / "sources.pickle").is_file() and (folder / CHANGES_FILE).is_file()
    assert not _user_cache(user_cache_dir, tmp_path).exists()


def test_cache_dir_option_absolute_wins_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path.parent / f"{tmp_path.name}-abs"
    env_base = tmp_path.parent / f"{tmp_path.name}-env"
    monkeypatch.setenv("RUNBOOKS_CACHE_DIR", str(env_base))
    _repo(tmp_path, f"cache_dir: {elsewhere}")
    mkdocs_build(tmp_path)
    assert (elsewhere / CHANGES_FILE).is_file()
    assert not env_base.exists()


def test_runbooks_cache_dir_replaces_the_user_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        user_cache_dir: Path) -> None:
    env_base = tmp_path.parent / f"{tmp_path.name}-ci"
    monkeypatch.setenv("RUNBOOKS_CACHE_DIR", str(env_base))
    _repo(tmp_path)
    mkdocs_build(tmp_path)
    assert (env_base / project_key(tmp_path) / CHANGES_FILE).is_file()
    assert not _user_cache(user_cache_dir, tmp_path).exists()


@pytest.mark.parametrize("how", ["option", "environment"])
def test_cache_off_writes_nothing_and_pages_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         user_cache_dir: Path, how: str) -> None:
    _repo(tmp_path)
    mkdocs_build(tmp_path)
    cached_page = _page(tmp_path)
    shutil.rmtree(_user_cache(user_cache_dir, tmp_path))
    shutil.rmtree(tmp_path / "site")
    if how == "option":
        write_tree(tmp_path, {"mkdocs.yml": _config(f"cache: false\ncache_dir: {tmp_path / 'never'}")})
    else:  # the CI override wins over the options
        write_tree(tmp_path, {"mkdocs.yml": _config(f"cache: true\ncache_dir: {tmp_path / 'never'}")})
        monkeypatch.setenv("RUNBOOKS_CACHE", "off")
    mkdocs_build(tmp_path)
    assert _page(tmp_path) == cached_page  # the Changes section computed afresh is the same
    assert not (tmp_path / "never").exists() and not _user_cache(user_cache_dir, tmp_path).exists()


# -- the rule -------------------------------------------------------------------------------------

_names = st.text(st.characters(codec="utf-8", exclude_characters="/\\\0"), min_size=1, max_size=12).filter(
    lambda s: s not in (".", ".."))


@settings(max_examples=60, deadline=None)
@given(a=st.lists(_names, min_size=1, max_size=3), b=st.lists(_names, min_size=1, max_size=3))
def test_project_key_is_a_plain_folder_name_and_one_per_path(a: list[str], b: list[str]) -> None:
    base = Path("/nonexistent-runbooks-base")
    ka, kb = project_key(base.joinpath(*a)), project_key(base.joinpath(*b))
    assert (ka == kb) == (a == b)
    for key in (ka, kb):
        assert key and "/" not in key and "\\" not in key and key not in (".", "..")
        assert all(ch.isalnum() or ch in "-_." for ch in key)


@settings(max_examples=60, deadline=None)
@given(enabled=st.booleans(), off=st.sampled_from([None, "off", "OFF", "on", ""]),
       cache_dir=st.sampled_from([None, "", "rel/cache", "/abs/cache"]),
       env_dir=st.sampled_from([None, "", "/ci/cache"]))
def test_cache_folder_rule(enabled: bool, off: str | None, cache_dir: str | None, env_dir: str | None) -> None:
    root = Path("/projects/ops")
    environ = {"XDG_CACHE_HOME": "/home/u/.cache"}
    if off is not None:
        environ["RUNBOOKS_CACHE"] = off
    if env_dir is not None:
        environ["RUNBOOKS_CACHE_DIR"] = env_dir
    got = cache_folder(root, enabled, cache_dir, environ)
    if not enabled or (off or "").lower() == "off":
        assert got is None
    elif cache_dir == "rel/cache":
        assert got == root / "rel" / "cache"
    elif cache_dir == "/abs/cache":
        assert got == Path("/abs/cache")
    elif env_dir:
        assert got == Path(env_dir) / project_key(root)
    else:
        assert got is not None and got.parent.name == APP_NAME and got.name == project_key(root)


# -- documentation -------------------------------------------------------------------------------

def test_every_option_is_documented_in_the_manual_and_in_config_py() -> None:
    """The options table of content/index.md and the docstrings of mkdocs/config.py name every option."""
    import ast
    import re

    from conftest import REPO
    from mkdocs_runbooks.mkdocs import config as config_module
    from mkdocs_runbooks.mkdocs.config import RunbooksConfig

    options = {name for name, _ in RunbooksConfig._schema}
    assert {"changes", "cache", "cache_dir"} <= options
    manual = (REPO / "content" / "index.md").read_text(encoding="utf-8")
    table = manual.split("### Plugin options", 1)[1].split("\n\n", 2)[1]
    assert set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M)) == options
    tree = ast.parse(Path(config_module.__file__).read_text(encoding="utf-8"))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "RunbooksConfig"]
    documented = {a.targets[0].id for a, d in zip(cls.body, cls.body[1:])  # type: ignore[attr-defined]
                  if isinstance(a, ast.Assign) and isinstance(d, ast.Expr) and isinstance(d.value, ast.Constant)}
    assert documented == options
