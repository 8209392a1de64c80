/* mkdocs-runbooks front end: see issue on fillable pages */
