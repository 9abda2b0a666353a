"""Everything an employee or a visitor types goes through here: the only bleach import."""

import html
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter


def plain_text(value: str) -> str:
    """Return ``value`` as plain text: every HTML tag and comment stripped, entities decoded.

    The result is text, not markup: templates escape it on output and share-intent URLs
    encode it. Decoding can reveal markup that was entity-encoded (``&lt;b&gt;``), so the
    stripping runs again until nothing changes.
    """
    text = value or ""
    for _round in range(5):
        stripped = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
        decoded = html.unescape(stripped)
        if decoded == text:
            break
        text = decoded
    return text.strip()


# The bio of an ambassador's profile -------------------------------------------------------

#: What a bio may keep: paragraphs, line breaks, links and emphasis; nothing else.
BIO_TAGS = frozenset({"p", "br", "a", "em", "strong"})
BIO_LINK_REL = "nofollow noopener"


def _bio_link(attrs, new=False):
    """Keep a bio's link only when it goes to an http(s) address, and never pass on ranking
    or the opener to it; a link without a safe address becomes its text."""
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(("http://", "https://")):
        return None
    return {(None, "href"): href, (None, "rel"): BIO_LINK_REL, "_text": attrs.get("_text", "")}


_BIO_CLEANER = bleach.sanitizer.Cleaner(
    tags=BIO_TAGS,
    attributes={"a": ["href"]},
    protocols={"http", "https"},
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_bio_link], parse_email=False)],
)


def bio_html(value: str) -> str:
    """A profile bio as safe HTML: only paragraphs, line breaks, links (http and https, with
    ``rel="nofollow noopener"``) and emphasis; scripts, event handlers and styles removed.

    Bare web addresses become links with the same ``rel``. What this returns is what is
    stored and shown (with ``|safe``), so the page never renders markup nobody checked.
    """
    return _BIO_CLEANER.clean(value or "").strip()
