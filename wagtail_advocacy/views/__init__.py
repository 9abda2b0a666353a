"""Views of wagtail-advocacy. Front-end views render through ``render_advocacy`` and read
a ``next`` parameter through ``safe_next_url``, the two things every public view shares;
``optional_sections`` adds what optional apps contribute to a page."""

from django.template.response import TemplateResponse
from django.utils.html import conditional_escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail import hooks

from ..conf import advocacy_settings

#: Longer than any path of the site a link could carry; longer ``next`` values are refused.
MAX_NEXT_LENGTH = 2000


def render_advocacy(request, template_name, context=None, status=None):
    """Render a front-end template that extends the host's base template (BASE_TEMPLATE)."""
    context = {"advocacy_base_template": advocacy_settings.BASE_TEMPLATE, **(context or {})}
    return TemplateResponse(request, template_name, context, status=status)


def safe_next_url(request, default: str) -> str:
    """Where the request's ``next`` (POST, else GET) asks to go back to, or ``default``.

    Only a path of this site is returned: one ``/`` then no second ``/`` or ``\\``, no
    scheme, no host, no control character or space, accepted by Django's
    ``url_has_allowed_host_and_scheme`` for the request's own host. Anything else (an
    absolute URL, even to this site, ``//host``, ``javascript:``, a URL *name*) gives
    ``default``, which must be a URL (``reverse(...)``) or ``""``. Answer with
    ``HttpResponseRedirect``, not ``redirect()``: ``redirect()`` would try a value without
    a slash as a URL name.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        len(target) <= MAX_NEXT_LENGTH
        and target.startswith("/")
        and target[1:2] not in ("/", "\\")
        and target.isprintable()
        and " " not in target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def url_with_next(url: str, next_url: str) -> str:
    """``url`` carrying ``next_url`` as its ``next`` parameter (``url`` alone without one)."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def optional_sections(hook_name: str, request, ambassador) -> list:
    """The HTML that optional apps add to a page (the game's points on "My impact"): each
    function of the ``hook_name`` Wagtail hook takes the request and the ambassador (or
    None) and returns HTML, or None to add nothing."""
    sections = (section_of(request, ambassador) for section_of in hooks.get_hooks(hook_name))
    return [conditional_escape(section) for section in sections if section]
