"""Shared bits of the accessibility tests (issue 20): the example site, axe-core, focus styles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2, levels A and AA: the tags axe-core gives those rules
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def build_example_site(out: Path) -> Path:
    """The example site, built as users build it: `python -m mkdocs build`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run ./scripts/setup (it runs `npm ci` in tests/browser)")
    return AXE.read_text(encoding="utf-8")


#: Every violation node, with what the allow-list needs to know about it.
AXE_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const out = [];
  for (const v of r.violations) for (const n of v.nodes) {
    const el = document.querySelector(n.target[n.target.length - 1]);
    out.push({rule: v.id, target: n.target.join(' '), html: n.html.slice(0, 160),
              ours: !!(el && el.closest('[class*="rb-"], [id^="rb-"], [data-rb-runbook]')),
              code: !!(el && el.closest('.highlight, pre, code')),
              footer: !!(el && el.closest('.md-footer')),
              why: ((n.any[0] || n.all[0] || n.none[0] || {}).message || '').slice(0, 200)});
  }
  return out;
}"""

#: Material's own findings, allowed: (rule, test on the node, why). Everything else fails the test.
MATERIAL_ALLOWED: list[tuple[str, str, str]] = [
    ("color-contrast", "code", "Material's code colours (its Pygments palette, 4.44-4.48:1), in our commands too"),
    ("color-contrast", "footer", "Material's footer: the copyright line (4.47:1)"),
    ("link-in-text-block", "not ours", "Material styles links in Markdown prose by colour only"),
]


def material_allows(v: dict[str, Any]) -> bool:
    for rule, test, _why in MATERIAL_ALLOWED:
        if v["rule"] != rule:
            continue
        if (test == "code" and v["code"]) or (test == "footer" and v["footer"]) or (test == "not ours" and not v["ours"]):
            return True
    return False


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.x A/AA violations on the page as it is now, minus Material's listed ones."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    found: list[dict[str, Any]] = page.evaluate(AXE_RUN, WCAG_TAGS)
    return [v for v in found if not material_allows(v)]


#: what shows that an element has focus: its own outline and shadow, and those of its label box
FOCUS_STYLE = """(el) => {
  const pick = (e) => { if (!e) return null; const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow, s.backgroundColor, s.color,
            s.textDecorationLine].join('|'); };
  return pick(el) + ' // ' + pick(el.closest('label.rb-btn'));
}"""


def focus_shows(page: Any) -> str:
    """The focused element's focus style must differ from its style unfocused (WCAG 2.4.7); returns its
    description. Unfocused: the same element after blur(); then focus is put back."""
    handle = page.evaluate_handle("document.activeElement")
    tag = page.evaluate("(e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className", handle)
    assert tag.split(".")[0] != "BODY", "focus fell to <body>"
    focused = page.evaluate(FOCUS_STYLE, handle)
    visible = page.evaluate("""(e) => { const r = e.getBoundingClientRect();
      const box = e.type === 'file' ? e.closest('label').getBoundingClientRect() : r;
      return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden'; }""", handle)
    assert visible, f"focused {tag} is not visible"
    # unfocused: the same element after blur() (its :focus-visible and :focus-within styles gone)
    unfocused = page.evaluate("(e) => { e.blur(); return 1; }", handle) and page.evaluate(FOCUS_STYLE, handle)
    page.evaluate("(e) => e.focus({preventScroll: true})", handle)  # back where the keyboard left it
    assert page.evaluate("(e) => e === document.activeElement", handle)
    assert focused != unfocused, f"focus on {tag} looks the same as no focus: {focused}"
    return str(tag)
