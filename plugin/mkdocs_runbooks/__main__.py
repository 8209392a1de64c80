"""``python -m mkdocs_runbooks`` runs the ``runbooks`` CLI."""

import sys

from mkdocs_runbooks.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
