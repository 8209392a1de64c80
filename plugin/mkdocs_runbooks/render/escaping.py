"""HTML escaping of values, once for the whole renderer: what Jinja's autoescape writes.

The entities are markupsafe's (``&amp; &lt; &gt; &#39; &#34;``), so HTML written in Python and
HTML written by a partial agree byte for byte (tests/render/test_written_in_python.py).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

__all__ = ["escape_html"]

_SPECIAL = re.compile("[&<>'\"]")


def escape_html(value: object) -> str:
    """``value`` as ``{{ value }}`` writes it under autoescape: Markup as it is, anything else as
    escaped text. A str without special characters (ids, classes, most labels) is returned as is,
    without making a Markup object of it: the renderer escapes several values per item."""
    if value.__class__ is str:
        text: str = value
        if _SPECIAL.search(text) is None:
            return text
        return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return str(value) if isinstance(value, Markup) else str(escape(value))
