"""Find a project's docs_dir and templates_dir from its config (mkdocs.yml or properdocs.yml).

The config is read as the engine reads it: with the engine's own YAML loader
(``!ENV``, ``INHERIT:`` merged the engine's way) when an adapter has plugged it in
(``use_engine_reader``; the CLI does, when MkDocs or ProperDocs is importable).
Only the config file is read, not its plugins or theme: the CLI also runs where
they are not installed (pre-commit, CI images), and there the same rules are
applied with PyYAML (``INHERIT`` deep-merged, ``!ENV`` read from the
environment), every other tag kept as plain data.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mkdocs_runbooks.errors import RunbooksError
from mkdocs_runbooks.project.engines import CONFIG_NAMES

DEFAULT_TEMPLATES_DIR = "templates"


class TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads unknown tags (!ENV, !!python/name:...) as plain data."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` / ``!ENV [NAME, OTHER, default]``: the first variable set, else the default
    (the rule of pyyaml-env-tag, which MkDocs and ProperDocs use)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1], (items[-1] if len(items) > 1 else None)
        if len(items) == 1:
            names = items
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else None
    return default


TolerantLoader.add_multi_constructor("", _any_tag)
TolerantLoader.add_constructor("!ENV", _env_tag)


def _deep_merge(dst: dict[str, Any], src: dict[str, Any]) -> dict[str, Any]:
    """INHERIT's merge: mappings merged key by key, anything else replaced (the engines' rule)."""
    for key, value in src.items():
        if isinstance(dst.get(key), dict) and isinstance(value, dict):
            _deep_merge(dst[key], value)
        else:
            dst[key] = value
    return dst


def _plain_load(config_file: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    with open(config_file, encoding="utf-8-sig") as fh:
        config = yaml.load(fh, Loader=TolerantLoader) or {}  # noqa: S506 - tolerant SafeLoader subclass
    if isinstance(config, dict) and "INHERIT" in config:
        parent = config_file.parent / str(config.pop("INHERIT"))
        if not parent.is_file():
            raise ProjectError(f"{config_file}: inherited config file '{parent}' does not exist")
        if parent.resolve() in seen:
            raise ProjectError(f"{config_file}: INHERIT loops back to {parent}")
        config = _deep_merge(_plain_load(parent, (*seen, config_file.resolve())), config)
    return config


#: How a config file is read the engine's way: config file -> a function that reads it (INHERIT
#: merged, ``!ENV`` applied), or None when no engine is installed here.
EngineReader = Callable[[Path], Callable[[], dict[str, Any]] | None]
_engine_reader: EngineReader | None = None


def use_engine_reader(reader: EngineReader | None) -> None:
    """Read site configs with ``reader`` from now on; None: with PyYAML by the same rules.

    The adapters plug the engine in (cli/main.py passes mkdocs/engine.py ``config_reader``): the
    core imports no engine. A reader should build its loader on ``TolerantLoader``, so that a
    ``!!python/name:`` tag of a theme extension that is not installed stays plain data."""
    global _engine_reader
    _engine_reader = reader


def _engine_load(config_file: Path) -> Callable[[], dict[str, Any]] | None:
    """The engine's own reader of the config file, or None (no reader plugged in, or no engine)."""
    return _engine_reader(config_file) if _engine_reader is not None else None


@dataclass
class Project:
    """A docs project: its config file, docs_dir, templates_dir and plugin options."""
    root: Path
    docs_dir: Path
    templates_dir: Path
    config_file: Path | None = None
    #: committed run files (*.run.json), the plugin's `runs_dir` (default `runs`, next to docs_dir)
    runs_dir: Path | None = None


class ProjectError(RunbooksError):
    """The site config cannot be read, or names folders that do not exist."""
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


def read_config(config_file: Path) -> dict[str, Any]:
    """The site config as the engine reads it (INHERIT merged, !ENV applied); ProjectError if unreadable."""
    engine_load = _engine_load(config_file)
    try:
        if engine_load is not None:
            config_file.read_bytes().decode("utf-8-sig")  # the engine's message for this is a YAML one
            config = _engine_read(engine_load, config_file)
        else:
            config = _plain_load(config_file)
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
    return config


def load_project(config_file: Path) -> Project:
    """The Project of `config_file` (read as the engine reads it); ProjectError if unreadable."""
    config = read_config(config_file)
    root = config_file.parent
    options = plugin_options(config) or {}
    if not isinstance(options, dict):
        raise ProjectError(f"{config_file}: the 'runbooks' plugin's options must be a mapping, "
                           f"got {options!r}; e.g. '- runbooks: {{templates_dir: templates}}'")
    docs_dir = config.get("docs_dir", "docs")
    templates_dir = options.get("templates_dir", DEFAULT_TEMPLATES_DIR)
    runs_dir = options.get("runs_dir", "runs")
    for key, value in (("docs_dir", docs_dir), ("templates_dir", templates_dir), ("runs_dir", runs_dir)):
        if not isinstance(value, str) or not value:
            raise ProjectError(f"{config_file}: '{key}' must be a folder path, got {value!r}")
    return Project(
        root=root,
        docs_dir=root / docs_dir,
        templates_dir=root / templates_dir,
        config_file=config_file,
        runs_dir=root / runs_dir,
    )


def _engine_read(load: Callable[[], dict[str, Any]], config_file: Path) -> Any:
    """Run the engine's loader; its ConfigurationError (a missing INHERIT file) becomes ours."""
    try:
        return load()
    except yaml.YAMLError:
        raise
    except (OSError, UnicodeDecodeError):
        raise
    except Exception as e:  # the engine's ConfigurationError: a message for the user
        if type(e).__name__ != "ConfigurationError":
            raise
        if isinstance(e.__context__, yaml.YAMLError):  # a syntax error: keep its position
            raise e.__context__ from None
        raise ProjectError(f"{config_file}: {e}") from None


def config_in(folder: Path) -> Path | None:
    """The engine config file directly in ``folder`` (mkdocs.yml, properdocs.yml, .yaml forms)."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def find_config(start: Path | None = None) -> Path | None:
    """The config file of the project ``start`` is in: in ``start`` (cwd by default) or the
    nearest folder above it that has one, as `git` finds its repository."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        found = config_in(folder)
        if found is not None:
            return found
    return None


def find_project(start: Path | None = None) -> Project | None:
    """The project of the config file in ``start`` (cwd by default) or the nearest folder above."""
    found = find_config(start)
    return load_project(found) if found is not None else None
