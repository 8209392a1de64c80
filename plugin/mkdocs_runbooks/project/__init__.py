"""A whole docs_dir compiled into pages, one runbook at a time, with a content-hash cache."""
