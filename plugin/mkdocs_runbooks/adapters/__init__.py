"""Adapters that need MkDocs itself, imported only by commands that build a site."""
