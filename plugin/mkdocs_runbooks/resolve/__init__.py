"""Resolve: templates, fragments, variant operations, vars and conditions -> one runbook."""
