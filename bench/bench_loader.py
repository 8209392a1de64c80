"""The YAML loader runs on every build: our libyaml event composer vs the alternatives.

Prints MB/s for the same ~420 KB runbook source with:
- mkdocs_runbooks.load.reader (libyaml events -> positioned nodes; what we ship),
- PyYAML's C composer (nodes with marks, no conversion),
- ruamel.yaml's round-trip loader (keeps marks and comments).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import yaml  # noqa: E402
from _common import best_of, runbook_yaml  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402

from mkdocs_runbooks.load.reader import load_text  # noqa: E402


def main() -> int:
    text = runbook_yaml("bench", 2800)
    mb = len(text.encode()) / 1e6
    rt = YAML(typ="rt")
    cases = {
        "mkdocs_runbooks.load.reader (shipped)": lambda: load_text(text, "bench.yml"),
        "PyYAML CSafeLoader compose": lambda: yaml.compose(text, Loader=yaml.CSafeLoader),
        "ruamel.yaml round-trip load": lambda: rt.load(text),
    }
    print(f"source: {mb * 1000:.0f} KB")
    for name, fn in cases.items():
        best, median = best_of(fn, 3 if "ruamel" in name else 7)
        print(f"{name:34s} {mb / best:5.1f} MB/s  (best {best * 1000:.0f} ms, median {median * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
