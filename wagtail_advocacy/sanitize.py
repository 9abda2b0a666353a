"""Everything an employee or a visitor types goes through here: the only bleach import."""

import html

import bleach


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
