"""The thin adapter for MkDocs 1.x and ProperDocs: config, events, generated files."""
