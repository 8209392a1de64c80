"""Find a project's docs_dir and templates_dir from mkdocs.yml, without MkDocs.

The CLI runs where MkDocs may not be importable (CI images, pre-commit), so
mkdocs.yml is read as plain YAML here; tags such as !ENV are tolerated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_TEMPLATES_DIR = "templates"


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads unknown tags (!ENV, !!python/name:...) as plain data."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _any_tag)  # type: ignore[no-untyped-call]


@dataclass
class Project:
    root: Path
    docs_dir: Path
    templates_dir: Path
    config_file: Path | None = None


class ProjectError(Exception):
    pass


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The 'runbooks' plugin's options, {} when listed bare, None when absent."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins:
        if entry == "runbooks":
            return {}
        if isinstance(entry, dict) and "runbooks" in entry:
            return entry["runbooks"] or {}
    return None


def load_project(config_file: Path) -> Project:
    try:
        with open(config_file, encoding="utf-8-sig") as fh:
            config = yaml.load(fh, Loader=_TolerantLoader) or {}  # noqa: S506 - tolerant SafeLoader subclass
    except OSError as e:
        raise ProjectError(f"cannot read {config_file}: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise ProjectError(f"{config_file}: file is not valid UTF-8 (byte offset {e.start}); "
                           "re-save it as UTF-8") from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{config_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(config_file)
        raise ProjectError(f"{where}: cannot parse mkdocs config: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise ProjectError(f"cannot parse {config_file}: {e}") from None
    if not isinstance(config, dict):
        raise ProjectError(f"{config_file} is not a mapping")
    root = config_file.parent
    options = plugin_options(config) or {}
    if not isinstance(options, dict):
        raise ProjectError(f"{config_file}: the 'runbooks' plugin's options must be a mapping, "
                           f"got {options!r}; e.g. '- runbooks: {{templates_dir: templates}}'")
    docs_dir = config.get("docs_dir", "docs")
    templates_dir = options.get("templates_dir", DEFAULT_TEMPLATES_DIR)
    for key, value in (("docs_dir", docs_dir), ("templates_dir", templates_dir)):
        if not isinstance(value, str) or not value:
            raise ProjectError(f"{config_file}: '{key}' must be a folder path, got {value!r}")
    return Project(
        root=root,
        docs_dir=root / docs_dir,
        templates_dir=root / templates_dir,
        config_file=config_file,
    )


def find_project(start: Path | None = None) -> Project | None:
    """The project whose mkdocs.yml is in ``start`` (cwd by default)."""
    start = start or Path.cwd()
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        candidate = start / name
        if candidate.is_file():
            return load_project(candidate)
    return None
