"""A host base template with only a content block (like bakerydemo's), and how a test reads
what the app put in it: shared by the core's and the game's tests of it."""

import re

import pytest
from django.test import override_settings

STATIC = "/static/wagtail_advocacy/"


@pytest.fixture
def content_only_base_template():
    with override_settings(WAGTAIL_ADVOCACY_BASE_TEMPLATE="testapp/base_content_only.html"):
        yield


@pytest.fixture
def ambassador(client, make_ambassador):
    ambassador = make_ambassador()
    client.force_login(ambassador.user)
    client.ambassador = ambassador
    return client


def content_of(response):
    """The HTML inside the host's <main>, where its content block is."""
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<head><meta charset" in html, "not rendered in the host's base template"
    return re.search(r'<main id="main">(.*)</main>', html, re.DOTALL)[1]


def assert_styled(response, *, stylesheets=("css/advocacy.css",), scripts=()):
    """Each of the app's files linked exactly once, inside the page's width container."""
    html = response.content.decode()
    content = content_of(response)
    assert content.lstrip().startswith('<div class="advocacy advocacy-page">')
    for path in stylesheets:
        link = f'<link rel="stylesheet" href="{STATIC}{path}">'
        assert html.count(link) == 1, f"{path} linked {html.count(link)} times"
        assert link in content
    for path in scripts:
        script = f'<script src="{STATIC}{path}" defer></script>'
        assert html.count(script) == 1, f"{path} included {html.count(script)} times"
        assert script in content
    if not scripts:
        assert "<script src=" not in html
