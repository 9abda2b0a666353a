"""Everything an employee or a visitor types goes through here: the only bleach import.

``plain_text`` cleans what people type on the way in; ``spreadsheet_cell`` neutralises it on
the way out to a CSV file, where a spreadsheet would otherwise run it as a formula.
"""

import html
import re
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter

#: First characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection
#: list, with the line feed and NUL that some spreadsheets skip before looking for one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")

# A plain decimal number ("-5", "+3", "-12.50", "-12,50"): a spreadsheet reads it as the
# number it is, and digits alone cannot call a function.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


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


def spreadsheet_cell(value):
    """Return ``value`` as a CSV cell that no spreadsheet runs as a formula (CSV injection).

    The rule, after OWASP's advice on CSV injection:

    - numbers stay numbers: a value that is not text (an ``int``, a ``Decimal``, a date…) is
      returned unchanged, and so is text that is a plain decimal number (``"-5"``,
      ``"-12.50"``), which a spreadsheet reads as that number and nothing else;
    - any other text whose first character is ``=``, ``+``, ``-``, ``@``, a tab, a carriage
      return, a line feed or NUL is prefixed with a single quote: ``=1+1`` becomes ``'=1+1``,
      ``-5 %`` becomes ``'-5 %``; a spreadsheet reads such a cell as text, and may show the
      quote;
    - every other text is returned unchanged.

    Only CSV needs it: an XLSX file types each cell, and text cells are never formulas.
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


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
