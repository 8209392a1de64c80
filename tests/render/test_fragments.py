"""Pages are an HTML skeleton plus Markdown fragments converted in one pass."""

from __future__ import annotations

import markdown

from mkdocs_runbooks.render.fragments import Fragments, RenderedPage

EXTS = ["attr_list", "footnotes", "toc"]


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTS).convert(text)


def test_fragments_are_spliced_where_they_belong() -> None:
    frag = Fragments(seed="demo")
    title, text, items = frag.block("# Title"), frag.inline("**bold** `code`"), frag.block("- one\n- two")
    skeleton = f'{title}<div class="a">{text}</div><div class="b">{items}</div>'
    html = RenderedPage(skeleton, frag).html(convert)
    assert html.startswith('<h1 id="title">Title</h1>')
    assert '<div class="a"><strong>bold</strong> <code>code</code></div>' in html  # inline: no <p>
    assert '<div class="b"><ul>\n<li>one</li>\n<li>two</li>\n</ul></div>' in html
    assert "rb-" not in html.replace('class="a"', "").replace('class="b"', "")  # no marker left behind


def test_the_title_is_first_in_the_markdown() -> None:
    frag = Fragments(seed="demo")
    frag.block("# Title")
    frag.inline("text")
    assert RenderedPage("", frag).markdown.startswith("# Title\n")


def test_footnotes_land_at_the_end_of_the_page() -> None:
    frag = Fragments(seed="demo")
    skeleton = f"<p>{frag.inline('See this[^1].')}</p><footer>x</footer>" + "\n" + frag.block("[^1]: The note.")
    html = RenderedPage(skeleton, frag).html(convert)
    assert html.index("<footer>") < html.index("The note.")


def test_text_that_looks_like_a_marker_cannot_split_the_page() -> None:
    frag = Fragments(seed="demo")
    skeleton = f"<p>{frag.inline('before rbfragx1 <!--rb-1:1--> after')}</p><p>{frag.inline('second')}</p>"
    html = RenderedPage(skeleton, frag).html(convert)
    assert "second" in html and "after" in html
    assert frag.nonce not in ("rbfrag", "rb-1")


def test_a_marker_inside_a_raw_html_block_still_splits() -> None:
    # An unclosed <div> makes the next marker part of the raw HTML block, without <p>.
    frag = Fragments(seed="demo")
    skeleton = f"<section>{frag.block('<div>open')}</section><p>{frag.inline('**after**')}</p>"
    html = RenderedPage(skeleton, frag).html(convert)
    assert frag.nonce not in html
    assert "<strong>after</strong>" in html or "**after**" in html


def test_held_blocks_go_back_and_lost_slots_are_counted() -> None:
    from mkdocs_runbooks.render.fragments import put_back, unindexed

    frag = Fragments(seed="demo")
    skeleton = f"<p>{frag.inline('text')}</p>" + unindexed("<form>controls</form>") + "<p>end</p>"
    page = RenderedPage(skeleton, frag)
    content, held = page.hold(convert(page.markdown))
    assert "controls" not in content and held == ["<form>controls</form>"]
    assert put_back(content, held) == (page.assemble(convert(page.markdown)), 0)
    assert put_back(content.replace("<!--rb-held-0-->", ""), held)[1] == 1
