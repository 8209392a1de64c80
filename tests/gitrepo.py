"""Real git repositories for tests: one way to make one, commit to it and tag it.

Every repository is on branch ``main`` with a test author and no signing, whatever the machine's
own git config says, so commits work on a fresh CI machine too.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import write_tree


def git(root: Path, *args: str) -> str:
    """``git ARGS`` run in ``root``: its output; CalledProcessError (with git's message) when it fails."""
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def init_repo(root: Path) -> Path:
    """``root`` as an empty repository (made if missing); returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for key, value in (("user.email", "t@example.com"), ("user.name", "Tester"),
                       ("commit.gpgsign", "false"), ("tag.gpgsign", "false")):
        git(root, "config", key, value)
    return root


def commit(root: Path, message: str, files: dict[str, str] | None = None, tag: str | None = None) -> str:
    """Write ``files`` ({path: text}, as write_tree), commit every change as ``message``, tag it
    ``tag``; the commit's sha."""
    if files:
        write_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    if tag:
        git(root, "tag", tag)
    return git(root, "rev-parse", "HEAD").strip()
