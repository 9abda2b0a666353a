"""Builders for sharing tests: a share kit on a page, and the site's sharing settings."""

import pytest
from wagtail.models import Site

from wagtail_advocacy.models import ShareKit, ShareMessage
from wagtail_advocacy.models.settings import SharingSettings


def create_kit(page, *, messages=("Read our news {link}",), **fields):
    """A share kit for ``page`` with message variants (text or (network, text) pairs)."""
    fields.setdefault("title", page.title)
    fields.setdefault("public_url", "https://www.northwind.example/news/")
    kit = ShareKit.objects.create(page=page, **fields)
    for order, message in enumerate(messages):
        network, text = message if isinstance(message, tuple) else ("", message)
        ShareMessage.objects.create(kit=kit, network=network, text=text, sort_order=order)
    return kit


def configure_sharing(**fields):
    """Set the default site's SharingSettings fields and return them."""
    settings = SharingSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


@pytest.fixture
def host_base_template(settings):
    """Front-end pages extend the test app's base template (the host site provides one)."""
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"
