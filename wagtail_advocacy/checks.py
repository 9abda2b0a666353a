"""System checks: ``manage.py check`` explains misconfiguration with an id and a hint."""

import difflib
import re
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from .conf import DEFAULTS, advocacy_settings

# The published documentation (the project's "Documentation" URL in pyproject.toml): hints
# link there, since the docs/ folder of the repository is not in the installed package.
DOCS_URL = "https://github.com/wagtail-advocacy/wagtail-advocacy/blob/main/docs/"

REQUIRED_APPS = [
    "wagtail",
    "wagtail.admin",
    "wagtail.images",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "modelcluster",
    "django_q",
]


@checks.register(checks.Tags.compatibility)
def check_required_apps(app_configs, **kwargs):
    """E001: an app wagtail-advocacy relies on is missing from INSTALLED_APPS."""
    errors = []
    for app in REQUIRED_APPS:
        if not apps.is_installed(app):
            errors.append(
                checks.Error(
                    f"wagtail-advocacy needs '{app}' in INSTALLED_APPS.",
                    hint=f"See {DOCS_URL}installation.md for the full list of apps to add.",
                    id="wagtail_advocacy.E001",
                )
            )
    return errors


@checks.register(checks.Tags.urls)
def check_urls_included(app_configs, **kwargs):
    """E002: the public URLs are not included; E013: another URL pattern answers them first.

    An include placed after Wagtail's catch-all still reverses, but Wagtail's page serving
    answers the request (a 404 for a tracked link), so the reversed path must resolve back
    to the app's view.
    """
    include_hint = (
        'Add path("advocacy/", include("wagtail_advocacy.urls")) to urls.py, '
        "before Wagtail's own include."
    )
    try:
        programme_path = reverse("wagtail_advocacy:programme")
    except NoReverseMatch:
        return [
            checks.Error(
                "wagtail-advocacy's URLs are not included in the project's URLconf.",
                hint=include_hint,
                id="wagtail_advocacy.E002",
            )
        ]
    try:
        match = resolve(programme_path)
    except Resolver404:
        match = None
    # The app namespace, not the view name: a project may include the URLs under an
    # instance namespace of its own (include(..., namespace="advocacy")).
    if (
        match is None
        or match.url_name != "programme"
        or "wagtail_advocacy" not in (match.app_names)
    ):
        answered_by = match.view_name if match else None
        return [
            checks.Error(
                f"wagtail-advocacy's URLs are included, but {programme_path} is answered by "
                f"{answered_by or 'no view'}: an earlier URL pattern catches the app's URLs.",
                hint=(
                    'Move path("advocacy/", include("wagtail_advocacy.urls")) before '
                    'Wagtail\'s catch-all path("", include(wagtail_urls)).'
                ),
                id="wagtail_advocacy.E013",
            )
        ]
    return []


@checks.register(checks.Tags.urls)
def check_login_url(app_configs, **kwargs):
    """W014: the app's pages would send anonymous employees to a login page that is not there.

    Its views use ``LOGIN_URL``, the advocacy hub page ``WAGTAIL_FRONTEND_LOGIN_URL`` when set
    (as Wagtail's private pages do). Django's default, ``/accounts/login/``, has no view in a
    site made by ``wagtail start``: Wagtail's catch-all page serving answers it with a 404.
    A login on another host (single sign-on) cannot be checked here and is left alone.
    """
    messages = []
    for name in ("LOGIN_URL", "WAGTAIL_FRONTEND_LOGIN_URL"):
        value = getattr(settings, name, None)
        if not value:
            continue
        try:
            url = str(resolve_url(value))
        except NoReverseMatch:  # neither a URL name nor a path
            match = None
        else:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            try:
                match = resolve(parts.path)
            except Resolver404:
                match = None
        if match is not None and match.url_name != "wagtail_serve":
            continue
        answered_by = (
            "no view of this site answers"
            if match is None
            else "only Wagtail's page serving answers (a 404 without a page there)"
        )
        messages.append(
            checks.Warning(
                f"{name} is {value!r}, which {answered_by}: anonymous employees sent to log "
                "in from the ambassador programme would land on a page that does not exist.",
                hint=(
                    f'Set {name} = "wagtailadmin_login": Wagtail\'s own login page '
                    "(/admin/login/), which every employee with an account can use, "
                    "whether or not they may use the admin. Or set it to your site's login "
                    f"page. See {DOCS_URL}installation.md#5-send-employees-to-a-login-page."
                ),
                id="wagtail_advocacy.W014",
            )
        )
    return messages


@checks.register
def check_settings(app_configs, **kwargs):
    """E003-E005, W006: unknown names, malformed values and unsafe choices."""
    messages = []
    prefix = advocacy_settings.prefix
    for name in dir(settings):
        if name.startswith(prefix) and name[len(prefix) :] not in DEFAULTS:
            closest = difflib.get_close_matches(name[len(prefix) :], DEFAULTS, n=1)
            did_you_mean = f"Did you mean {prefix}{closest[0]}? " if closest else ""
            messages.append(
                checks.Error(
                    f"Unknown setting {name}.",
                    hint=f"{did_you_mean}Settings are listed in {DOCS_URL}reference/settings.md.",
                    id="wagtail_advocacy.E003",
                )
            )

    base_url = advocacy_settings.PUBLIC_BASE_URL
    if base_url:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            messages.append(
                checks.Error(
                    f"{prefix}PUBLIC_BASE_URL must be an absolute http(s) URL, got {base_url!r}.",
                    hint='For example "https://go.example.com".',
                    id="wagtail_advocacy.E004",
                )
            )
        elif parts.scheme == "http" and not settings.DEBUG:
            messages.append(
                checks.Warning(
                    f"{prefix}PUBLIC_BASE_URL uses plain http.",
                    hint="Tracked links are public: serve them over https.",
                    id="wagtail_advocacy.W006",
                )
            )

    domains = advocacy_settings.ALLOWED_PUBLIC_DOMAINS
    if isinstance(domains, str) or not all(isinstance(d, str) for d in domains):
        messages.append(
            checks.Error(
                f"{prefix}ALLOWED_PUBLIC_DOMAINS must be a list of host names.",
                hint='For example ["www.example.com", "careers.example.com"].',
                id="wagtail_advocacy.E005",
            )
        )

    secret = advocacy_settings.CONVERSION_SECRET
    if secret and len(secret) < 32:
        messages.append(
            checks.Error(
                f"{prefix}CONVERSION_SECRET is too short to sign requests safely.",
                hint="Use at least 32 random characters, e.g. python -c "
                '"import secrets; print(secrets.token_urlsafe(32))".',
                id="wagtail_advocacy.E007",
            )
        )

    for name in ("REPEAT_CLICK_WINDOW", "RAW_EVENT_RETENTION_DAYS", "ATTRIBUTION_DAYS"):
        value = getattr(advocacy_settings, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            messages.append(
                checks.Error(
                    f"{prefix}{name} must be a positive whole number, got {value!r}.",
                    id="wagtail_advocacy.E008",
                )
            )
    return messages


@checks.register
def check_tracking_settings(app_configs, **kwargs):
    """E009-E011, W012: the tracked redirect's fallback, UTM medium, proxy header, middleware."""
    messages = []
    prefix = advocacy_settings.prefix
    fallback = advocacy_settings.FALLBACK_URL
    if fallback:
        parts = urlsplit(fallback)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            messages.append(
                checks.Error(
                    f"{prefix}FALLBACK_URL must be an absolute http(s) URL, got {fallback!r}.",
                    hint='For example "https://www.example.com/".',
                    id="wagtail_advocacy.E009",
                )
            )
    medium = advocacy_settings.UTM_MEDIUM
    if not isinstance(medium, str) or not medium.strip():
        messages.append(
            checks.Error(
                f"{prefix}UTM_MEDIUM must be a non-empty string, got {medium!r}.",
                hint='The default is "employee-advocacy".',
                id="wagtail_advocacy.E010",
            )
        )
    header = advocacy_settings.CLIENT_IP_HEADER
    if header and (
        not isinstance(header, str)
        or not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", header)
        or header.upper().startswith("HTTP_")
    ):
        messages.append(
            checks.Error(
                f"{prefix}CLIENT_IP_HEADER must be an HTTP header name, got {header!r}.",
                hint='Write it as sent, e.g. "X-Forwarded-For" or "X-Real-IP", not "HTTP_...".',
                id="wagtail_advocacy.E011",
            )
        )
    middleware = "wagtail_advocacy.middleware.AttributionMiddleware"
    if apps.is_installed("wagtail.contrib.forms") and middleware not in settings.MIDDLEWARE:
        messages.append(
            checks.Warning(
                "Form-page submissions cannot be attributed to tracked links.",
                hint=f'Add "{middleware}" to MIDDLEWARE to count them as conversions.',
                id="wagtail_advocacy.W012",
            )
        )
    return messages
