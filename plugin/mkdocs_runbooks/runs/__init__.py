"""Runs as records (issue 15): the run file format (``*.run.json``, mkdocs-runbooks/run@2), its
JSON Schema, reading and checking run files, and the read-only run record pages of the archive.

Engine-free like the rest of the core: the MkDocs plugin only calls ``runs.site``.
"""
