"""Template tags of the example intranet: the main navigation."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

register = template.Library()

# The sections the navigation links to, in order; each is the first live page of its type
# directly under the site's home page.
SECTION_LABELS = {
    "newsindexpage": _("News"),
    "newsletterindexpage": _("Newsletters"),
    "peopledirectorypage": _("People"),
    # wagtail-advocacy's feed of content to share, when the site has one.
    "advocacyhubpage": _("Share hub"),
    # wagtail-advocacy's social-media charter, when the site has one.
    "charterpage": _("Social-media charter"),
    # wagtail-advocacy's ambassador directory, when the site has one.
    "ambassadordirectorypage": _("Ambassadors"),
}


@register.inclusion_tag("intranet/includes/navigation.html", takes_context=True)
def main_navigation(context):
    """The header navigation: home, the intranet's sections and the ambassador programme.

    A fixed number of queries whatever the page, since it shows on every page.
    """
    request = context.get("request")
    # Only a Wagtail page has a tree path; a view may name something else "page".
    current_path = getattr(context.get("page"), "path", None) or ""
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        home = site.root_page
        items.append(_item(_("Home"), home.get_url(request), current_path == home.path))
        sections = {}
        for child in home.get_children().live().select_related("content_type").order_by("path"):
            sections.setdefault(child.content_type.model, child)
        for model_name, label in SECTION_LABELS.items():
            section = sections.get(model_name)
            if section is not None:
                is_current = current_path.startswith(section.path)
                items.append(_item(label, section.get_url(request), is_current))
    programme_url = reverse("wagtail_advocacy:programme")
    items.append(
        _item(
            _("Ambassador programme"),
            programme_url,
            bool(request) and request.path.startswith(programme_url),
        )
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        impact_url = reverse("wagtail_advocacy:impact")
        items.append(_item(_("My impact"), impact_url, request.path.startswith(impact_url)))
    return {"items": items}


def _item(label, url, is_current):
    return {"label": label, "url": url, "is_current": is_current}
