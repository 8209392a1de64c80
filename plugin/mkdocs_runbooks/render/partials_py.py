"""The shipped rollback_map partial written again in Python.

Issue 18 (build time): Jinja's per-call cost (a context, undefined checks, a generator) was most
of a page's render time. When a site does not override a partial named in ``FUNCTIONS``,
``Partials.render`` calls the function here instead of the template; it writes exactly what the
shipped template writes, escaping as autoescape does (tests/render/test_partials_py.py checks
that on generated values). Change both together: the template stays the reference and the
override point. The item, its fields and each field are written straight from the model
instead (render/items.py, render/controls.py; tests/render/test_written_in_python.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs_runbooks.render.escaping import escape_html as _e


def rollback_map(*, t: Any, rows: Any) -> str:
    """templates/runbooks/partials/rollback_map.html. ``rows`` are (step, irreversible, how, started),
    the three texts HTML (Markup for the template; here a plain str is taken as HTML too)."""
    out = [f'<table><thead><tr><th>{_e(t["map.step"])}</th><th>{_e(t["map.rolled_back_by"])}</th>'
           f'<th>{_e(t["map.started_by"])}</th></tr></thead><tbody>']
    badge = f' <span class="rb-badge rb-badge-irreversible">{_e(t["badge.irreversible"])}</span>'
    out += [f'<tr><td>{step}{badge if irreversible else ""}</td><td>{how}</td><td>{started}</td></tr>'
            for step, irreversible, how, started in rows]
    out.append("</tbody></table>")
    return "".join(out)


#: name -> the function that writes what the shipped partial of that name writes
FUNCTIONS: dict[str, Callable[..., str]] = {"rollback_map": rollback_map}
