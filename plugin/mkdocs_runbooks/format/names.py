"""What runbook source files are named: the one place that spells the suffixes (a leaf module)."""

from __future__ import annotations

#: What new files are named (`runbooks new`, `import`).
SOURCE_SUFFIX = ".runbook.yml"
#: Every name a runbook source may have: both YAML extensions, everywhere (plugin, check, pre-commit).
SOURCE_SUFFIXES = (SOURCE_SUFFIX, ".runbook.yaml")


def is_source_name(name: str) -> bool:
    """Whether a file name (or path) is a runbook source's."""
    return name.endswith(SOURCE_SUFFIXES)


def source_stem(name: str) -> str:
    """`a/b.runbook.yaml` -> `a/b`."""
    for suffix in SOURCE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
