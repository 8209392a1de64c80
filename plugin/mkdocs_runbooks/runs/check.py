"""Checks of a run file against its runbook: the ids it names exist on the runbook's page.

Run files are records: an id the runbook no longer has is not an error (the runbook changed after
the run), so unknown ids are warnings, each at its key in the JSON file.
"""

from __future__ import annotations

from mkdocs_runbooks.diagnostics import Diagnostics, did_you_mean
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.runs.keys import page_keys
from mkdocs_runbooks.runs.read import RunFile

#: log keys that are the run's own, not the page's
RUN_KEYS = {"@operator", "@outcome", "@started", "@reset", "@trigger"}


def check_run(run: RunFile, rb: Runbook | None, diags: Diagnostics) -> None:
    """``rb``: the runbook the run names (None: no such runbook in the project)."""
    if rb is None:
        diags.error(run.at.get("runbook", run.pos), "unknown-runbook",
                    f"run '{run.id}' is of runbook '{run.runbook}', which is not in this project; "
                    "check the runbook's id, or remove the run file")
        return
    keys = page_keys(rb)
    changed = (f" (the run was made on version {run.version}; checked against version {rb.version}, "
               "as that version is not in the git history)" if run.version != (rb.version or "") else "")
    for k, v in run.items.items():
        if k not in keys.items:
            diags.warning(v.pos, "unknown-item", f"run '{run.id}': no item '{k}' in runbook '{rb.id}'{changed}"
                          f"{did_you_mean(k, keys.items)}")
    for k, v in run.fields.items():
        if k not in keys.fields and not k.startswith("@"):
            diags.warning(v.pos, "unknown-field", f"run '{run.id}': no field '{k}' in runbook '{rb.id}'{changed}"
                          f"{did_you_mean(k, keys.fields)}")
    for e in run.log:
        if e.key not in keys.items and e.key not in keys.fields and e.key not in RUN_KEYS \
                and e.key not in run.items and e.key not in run.fields:  # those were reported above
            diags.warning(e.pos, "unknown-item", f"run '{run.id}': its log names '{e.key}', which runbook "
                          f"'{rb.id}' does not have{changed}")
    if run.outcome is None:
        diags.warning(run.at.get("outcome", run.pos), "open-run",
                      f"run '{run.id}' has no outcome: finish it on the page (Finish run) before committing it")
