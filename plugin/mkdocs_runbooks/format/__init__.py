"""The source format, declared once: the spec, the model, the JSON Schema and the resolved export."""
