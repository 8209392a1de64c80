"""Check: ids, references, types and lint rules -> positioned diagnostics."""
