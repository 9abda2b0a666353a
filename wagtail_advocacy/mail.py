"""Email-safe HTML: styles inlined by css-inline, every link and image address absolute.

Mail clients drop ``<style>`` elements and class-based layout, run no JavaScript and have no
page address to resolve ``/media/…`` against. A block that may go out in an email (the
spotlight, the game's leaderboard) mixes in ``EmailBlockMixin``: its ``render_email`` renders
an email template of its own with its stylesheet inlined, so a host can put it in any email.

css-inline is an optional dependency: ``pip install "wagtail-advocacy[email]"``.
"""

import re
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

# Addresses an email may keep; anything else (javascript:, data:, vbscript:…) is dropped.
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src"}
# Elements an email never carries, with what is inside them.
DROPPED_ELEMENTS = {"script", "style", "link", "iframe", "object", "embed", "form"}
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


def _css_inline():
    try:
        import css_inline
    except ImportError as error:  # pragma: no cover - the extra is installed in the tests
        raise ImproperlyConfigured(
            'Email rendering needs css-inline: pip install "wagtail-advocacy[email]".'
        ) from error
    return css_inline


def inline_styles(html: str, css: str = "") -> str:
    """``html`` with ``css`` (and, for a whole document, its ``<style>`` elements) moved into
    ``style`` attributes; the ``<style>`` elements are removed."""
    css_inline = _css_inline()
    if re.match(r"\s*(<!doctype|<html)", html, re.IGNORECASE):
        return css_inline.CSSInliner(extra_css=css or None, load_remote_stylesheets=False).inline(
            html
        )
    return css_inline.inline_fragment(html, css)


def absolute_url(url: str, root_url: str) -> str:
    """``url`` resolved against the site's ``root_url``; "" for a scheme mail must not carry."""
    resolved = urljoin(root_url.rstrip("/") + "/", url.strip())
    return resolved if urlsplit(resolved).scheme.lower() in SAFE_SCHEMES else ""


class _EmailSerializer(HTMLParser):
    """Re-writes HTML element by element: addresses absolute, classes and event handlers
    removed, scripts dropped. A parser, not regular expressions, so text that merely looks
    like an attribute is left alone (and escaped again on the way out)."""

    def __init__(self, root_url: str, keep_classes: bool):
        super().__init__(convert_charrefs=True)
        self.root_url = root_url
        self.keep_classes = keep_classes
        self.out = []
        self.dropping = 0  # depth inside a dropped element

    def _attributes(self, attrs) -> str:
        kept = []
        for name, value in attrs:
            if name.startswith("on") or (name == "class" and not self.keep_classes):
                continue
            if name in URL_ATTRIBUTES:
                value = absolute_url(value or "", self.root_url)
            kept.append(name if value is None else f'{name}="{escape(value)}"')
        return "".join(f" {attribute}" for attribute in kept)

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_ELEMENTS:
            self.dropping += tag not in VOID_ELEMENTS
            return
        if not self.dropping:
            self.out.append(f"<{tag}{self._attributes(attrs)}>")

    def handle_startendtag(self, tag, attrs):
        if tag not in DROPPED_ELEMENTS and not self.dropping:
            self.out.append(f"<{tag}{self._attributes(attrs)}>")

    def handle_endtag(self, tag):
        if tag in DROPPED_ELEMENTS:
            self.dropping = max(self.dropping - (tag not in VOID_ELEMENTS), 0)
        elif not self.dropping and tag not in VOID_ELEMENTS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def absolute_urls(html: str, root_url: str, *, keep_classes: bool = True) -> str:
    """Every ``href`` and ``src`` of ``html`` made absolute against ``root_url``; scripts,
    stylesheets and inline event handlers removed (mail clients run none, and none should
    travel); classes too unless ``keep_classes``."""
    serializer = _EmailSerializer(root_url, keep_classes)
    serializer.feed(html)
    serializer.close()
    return "".join(serializer.out)


def email_safe(html: str, root_url: str, css: str = "") -> SafeString:
    """``html`` ready for a mail client: styles inlined, then the classes they came from
    removed (nothing may depend on them), addresses absolute, no script."""
    inlined = inline_styles(html, css)
    return mark_safe(absolute_urls(inlined, root_url, keep_classes=False))  # noqa: S308


def plain_text(html: str) -> str:
    """A readable text version of an HTML fragment: tags stripped, blank runs folded."""
    text = unescape(strip_tags(html))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class EmailBlockMixin:
    """``render_email`` and ``render_email_text`` for a StreamField block: its
    ``email_template`` (HTML, table layout) and ``email_text_template``, with the context of
    ``get_email_context``, styled by ``email_stylesheet`` (a template of CSS) inlined.

    The context must hold ``root_url``, the site root every address is made absolute
    against (``Site.root_url`` of the page being sent).
    """

    email_template = None
    email_text_template = None
    email_stylesheet = None

    def get_email_context(self, value, parent_context=None):
        """The template context of the email rendering: the web one, unless overridden."""
        return self.get_context(value, parent_context=parent_context)

    def _email_context(self, value, context):
        context = dict(context or {})
        if "root_url" not in context:
            raise ValueError("An email rendering needs the site's root_url in its context.")
        block_context = self.get_email_context(value, parent_context=context)
        block_context.setdefault("root_url", context["root_url"])
        return block_context

    def render_email(self, value, context=None) -> SafeString:
        """The block as email-safe HTML (inline styles, absolute addresses)."""
        block_context = self._email_context(value, context)
        html = render_to_string(self.email_template, block_context)
        if not html.strip():
            return mark_safe("")
        css = render_to_string(self.email_stylesheet) if self.email_stylesheet else ""
        return email_safe(html, block_context["root_url"], css)

    def render_email_text(self, value, context=None) -> str:
        """The block as plain text, for the text part of an email."""
        block_context = self._email_context(value, context)
        if self.email_text_template:
            return render_to_string(self.email_text_template, block_context).strip()
        return plain_text(self.render_email(value, context))
