"""``manage.py check`` explains misconfiguration with clear messages and ids."""

from django.core import checks
from django.test import override_settings

from wagtail_advocacy import checks as advocacy_checks


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
