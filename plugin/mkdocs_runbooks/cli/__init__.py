"""The ``runbooks`` command line: one module per command; commands call the library only."""
