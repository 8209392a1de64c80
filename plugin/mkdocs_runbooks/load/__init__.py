"""Load: YAML text -> positioned tree -> source model (and the canonical source layout, `fmt`)."""
