"""The Wagtail site the app uses outside a request: for a page, or the default one."""

from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site


def default_site() -> Site:
    """The project's default Wagtail site (Settings › Sites › "Is default site").

    Jobs and editors' forms have no request to find a site from; a Wagtail project always
    has a default site, so a missing one is a configuration error, said as such.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ImproperlyConfigured(
            "wagtail-advocacy needs a default Wagtail site: tick “Is default site” on one "
            "site in Settings › Sites."
        )
    return site


def site_of_page(page) -> Site:
    """The site ``page`` belongs to, else (a page outside every site's tree) the default one."""
    return page.get_site() or default_site()
