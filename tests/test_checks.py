"""``manage.py check`` explains misconfiguration with clear messages and ids."""

import re
import tomllib
from pathlib import Path

import pytest
from django.core import checks
from django.test import override_settings

from wagtail_advocacy import checks as advocacy_checks

DOCS = Path(__file__).resolve().parent.parent / "docs"


def ids(messages):
    return sorted(m.id for m in messages)


def test_the_example_site_is_correctly_configured():
    assert checks.run_checks() == []


def test_missing_required_app_is_reported():
    from django.apps import apps

    real = apps.is_installed
    try:
        apps.is_installed = lambda name: name != "django_q" and real(name)
        messages = advocacy_checks.check_required_apps(None)
    finally:
        apps.is_installed = real
    assert ids(messages) == ["wagtail_advocacy.E001"]
    assert "django_q" in messages[0].msg


@override_settings(ROOT_URLCONF="tests.urls_without_advocacy")
def test_missing_url_include_is_reported():
    messages = advocacy_checks.check_urls_included(None)
    assert ids(messages) == ["wagtail_advocacy.E002"]
    assert 'include("wagtail_advocacy.urls")' in messages[0].hint


@override_settings(ROOT_URLCONF="tests.urls_advocacy_after_wagtail")
def test_url_include_after_wagtails_catch_all_is_reported():
    messages = advocacy_checks.check_urls_included(None)
    assert ids(messages) == ["wagtail_advocacy.E013"]
    assert "/advocacy/programme/ is answered by wagtail_serve" in messages[0].msg
    assert "before Wagtail's catch-all" in messages[0].hint


def test_url_include_before_wagtails_catch_all_passes():
    assert advocacy_checks.check_urls_included(None) == []


@override_settings(ROOT_URLCONF="tests.urls_advocacy_namespaced")
def test_url_include_under_a_namespace_of_the_projects_own_passes():
    assert advocacy_checks.check_urls_included(None) == []


@override_settings(WAGTAIL_ADVOCACY_PUBLIC_BASE_URLS="https://typo.example")
def test_unknown_setting_name_is_reported():
    messages = advocacy_checks.check_settings(None)
    assert ids(messages) == ["wagtail_advocacy.E003"]
    assert "WAGTAIL_ADVOCACY_PUBLIC_BASE_URLS" in messages[0].msg


@override_settings(WAGTAIL_ADVOCACY_PUBLIC_BASE_URL="go.example.com")
def test_relative_public_base_url_is_an_error():
    assert ids(advocacy_checks.check_settings(None)) == ["wagtail_advocacy.E004"]


@override_settings(WAGTAIL_ADVOCACY_PUBLIC_BASE_URL="http://go.example.com", DEBUG=False)
def test_plain_http_public_base_url_is_a_warning_in_production():
    assert ids(advocacy_checks.check_settings(None)) == ["wagtail_advocacy.W006"]


@override_settings(WAGTAIL_ADVOCACY_ALLOWED_PUBLIC_DOMAINS="www.example.com")
def test_allowed_domains_must_be_a_list():
    assert ids(advocacy_checks.check_settings(None)) == ["wagtail_advocacy.E005"]


@override_settings(WAGTAIL_ADVOCACY_CONVERSION_SECRET="short")
def test_short_conversion_secret_is_an_error():
    assert ids(advocacy_checks.check_settings(None)) == ["wagtail_advocacy.E007"]


@override_settings(WAGTAIL_ADVOCACY_REPEAT_CLICK_WINDOW="30 minutes")
def test_non_numeric_window_is_an_error():
    messages = advocacy_checks.check_settings(None)
    assert ids(messages) == ["wagtail_advocacy.E008"]
    assert "'30 minutes'" in messages[0].msg


@override_settings(
    WAGTAIL_ADVOCACY_FALLBACK_URL="/relative/",
    WAGTAIL_ADVOCACY_UTM_MEDIUM="",
    WAGTAIL_ADVOCACY_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
    WAGTAIL_ADVOCACY_ATTRIBUTION_DAYS=0,
)
def test_tracking_settings_are_checked():
    messages = advocacy_checks.check_tracking_settings(None)
    messages += advocacy_checks.check_settings(None)
    assert ids(messages) == [
        "wagtail_advocacy.E008",
        "wagtail_advocacy.E009",
        "wagtail_advocacy.E010",
        "wagtail_advocacy.E011",
    ]


def test_missing_attribution_middleware_is_reported(settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "wagtail_advocacy.middleware.AttributionMiddleware"
    ]
    messages = advocacy_checks.check_tracking_settings(None)
    assert ids(messages) == ["wagtail_advocacy.W012"]


@override_settings(WAGTAIL_ADVOCACY_PUBLIC_BASE_URLS="https://typo.example")
def test_a_mistyped_setting_names_the_closest_real_one():
    (message,) = advocacy_checks.check_settings(None)
    assert message.hint.startswith("Did you mean WAGTAIL_ADVOCACY_PUBLIC_BASE_URL? ")


@override_settings(WAGTAIL_ADVOCACY_NOTHING_LIKE_IT=True)
def test_an_unknown_setting_far_from_any_real_one_suggests_nothing():
    (message,) = advocacy_checks.check_settings(None)
    assert "Did you mean" not in message.hint
    assert f"{advocacy_checks.DOCS_URL}reference/settings.md" in message.hint


def _docs_links(text):
    return re.findall(re.escape(advocacy_checks.DOCS_URL) + r"([\w/.-]+\.md)(?:#([\w-]+))?", text)


def _anchors(markdown):
    """The ids MkDocs and GitHub give the headings of a page."""
    return {
        re.sub(r"[^\w\- ]", "", heading).strip().lower().replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", markdown, re.MULTILINE)
    }


@override_settings(
    WAGTAIL_ADVOCACY_PUBLIC_BASE_URLS="https://typo.example",
    LOGIN_URL="/accounts/nowhere/",
)
def test_hints_link_to_pages_of_the_published_docs_that_exist():
    from django.apps import apps

    real = apps.is_installed
    try:
        apps.is_installed = lambda name: name != "django_q" and real(name)
        messages = advocacy_checks.check_required_apps(None)
    finally:
        apps.is_installed = real
    messages += advocacy_checks.check_settings(None) + advocacy_checks.check_login_url(None)
    assert ids(messages) == [
        "wagtail_advocacy.E001",
        "wagtail_advocacy.E003",
        "wagtail_advocacy.W014",
    ]
    for message in messages:
        # A path of the repository is no help to someone who installed the wheel.
        assert not re.search(r"(?<![/\w])docs/", message.hint), message.hint
        links = _docs_links(message.hint)
        assert links, message.hint
        for page, anchor in links:
            markdown = (DOCS / page).read_text()
            assert not anchor or anchor in _anchors(markdown), f"{page}#{anchor}"


def test_the_docs_url_is_the_projects_documentation_url():
    urls = tomllib.loads((DOCS.parent / "pyproject.toml").read_text())["project"]["urls"]
    assert advocacy_checks.DOCS_URL == urls["Documentation"].replace("/tree/", "/blob/") + "/"


@pytest.mark.parametrize(
    "login_url",
    [
        "wagtailadmin_login",  # Wagtail's own login page, by URL name
        "/admin/login/",
        "login",  # the example site's own login view
        "https://sso.northwind.example/login",  # another host: not checked
    ],
)
def test_a_login_url_that_a_view_answers_passes(login_url):
    with override_settings(LOGIN_URL=login_url):
        assert advocacy_checks.check_login_url(None) == []


@pytest.mark.parametrize(
    ("login_url", "answered_by"),
    [
        # Django's default in a site made by `wagtail start`: Wagtail's catch-all takes it.
        ("/accounts/signin/", "only Wagtail's page serving answers"),
        ("no-such-url-name", "no view of this site answers"),
    ],
)
def test_a_login_url_no_login_view_answers_is_a_warning(login_url, answered_by):
    with override_settings(LOGIN_URL=login_url, WAGTAIL_FRONTEND_LOGIN_URL=None):
        (message,) = advocacy_checks.check_login_url(None)
    assert message.id == "wagtail_advocacy.W014"
    assert message.level == checks.WARNING
    assert message.msg.startswith(f"LOGIN_URL is {login_url!r}, which {answered_by}")
    assert 'Set LOGIN_URL = "wagtailadmin_login"' in message.hint


@override_settings(LOGIN_URL="wagtailadmin_login", WAGTAIL_FRONTEND_LOGIN_URL="/login/")
def test_the_hub_pages_login_url_is_checked_too():
    (message,) = advocacy_checks.check_login_url(None)
    assert message.msg.startswith("WAGTAIL_FRONTEND_LOGIN_URL is '/login/'")
