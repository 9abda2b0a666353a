"""Factory fixtures: each returns a builder, so a test reads as the story it checks."""

import itertools
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from wagtail_advocacy.models import Ambassador

_counter = itertools.count(1)

# A test module of the game imports it at module level; the rest of the suite is the core's.
_IMPORTS_THE_GAME = re.compile(r"^(from|import) wagtail_advocacy\.game\b", re.MULTILINE)


def pytest_ignore_collect(collection_path, config):
    """Without the game sub-app in ``INSTALLED_APPS`` (the ``nogame`` stage of ``make test``),
    the modules that import it are not collected: every other test is the core's, and must
    pass without the game."""
    from django.conf import settings

    if collection_path.suffix != ".py" or "wagtail_advocacy.game" in settings.INSTALLED_APPS:
        return None
    return bool(_IMPORTS_THE_GAME.search(collection_path.read_text(encoding="utf-8"))) or None


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches site root paths; a test that moves the Site must not leak into others."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    """A request in French leaves French active in the thread (LocaleMiddleware activates a
    language and nothing deactivates it): each test starts in the settings' language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def root_page(db):
    """The default site's root page (Wagtail's initial migration creates one)."""
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def make_team(db):
    def make(name=None):
        return Group.objects.get_or_create(name=name or f"Team {next(_counter)}")[0]

    return make


@pytest.fixture
def make_user(db, django_user_model):
    def make(username=None, *, teams=(), password="changeme", **extra):  # noqa: S107
        username = username or f"user{next(_counter)}"
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@northwind.example",
            password=password,
            first_name=extra.pop("first_name", username.capitalize()),
            last_name=extra.pop("last_name", "Example"),
            **extra,
        )
        user.groups.add(*teams)
        return user

    return make


@pytest.fixture
def make_ambassador(make_user):
    """An employee who opted in, with their team for reports."""

    def make(user=None, *, team=None, **fields):
        user = user or make_user(teams=[team] if team else ())
        return Ambassador.objects.create(
            user=user, team=team, joined_at=fields.pop("joined_at", timezone.now()), **fields
        )

    return make


@pytest.fixture
def directory(root_page):
    """A published ambassador directory page under the site root."""
    from wagtail_advocacy.models import AmbassadorDirectoryPage

    page = AmbassadorDirectoryPage(
        title="Our ambassadors", slug="ambassadors", intro="<p>Find a colleague.</p>"
    )
    root_page.add_child(instance=page)
    page.save_revision().publish()
    return AmbassadorDirectoryPage.objects.get(pk=page.pk)


@pytest.fixture
def make_listed(make_ambassador, make_user):
    """A listed ambassador, named by their first and last name."""

    def make(first_name, last_name="Example", *, team=None, **fields):
        user = make_user(
            first_name.lower().replace(" ", ""),
            first_name=first_name,
            last_name=last_name,
            teams=[team] if team else (),
        )
        fields.setdefault("directory_listed", True)
        return make_ambassador(user, team=team, **fields)

    return make


@pytest.fixture
def colleague(client, make_user):
    """A signed-in employee who is not an ambassador."""
    client.force_login(make_user("noah", first_name="Noah", last_name="Schmidt"))
    return client


@pytest.fixture
def make_event_page(root_page):
    """A page of the test app's own page type, published under the site root."""

    def make(title=None, parent=None, **fields):
        from tests.testapp.models import EventPage

        page = EventPage(title=title or f"Event {next(_counter)}", **fields)
        (parent or root_page).add_child(instance=page)
        page.save_revision().publish()
        return Page.objects.get(pk=page.pk).specific

    return make


@pytest.fixture
def make_share_kit(make_event_page):
    """A share kit on a fresh event page, in a category and optional campaign."""

    def make(title=None, *, page=None, **fields):
        from wagtail_advocacy.models import ShareKit

        page = page or make_event_page(title=title)
        return ShareKit.objects.create(page=page, title=title or page.title, **fields)

    return make


@pytest.fixture
def make_daily_stat(db):
    """A rolled-up day of one (kit, ambassador, network), as the rollup job writes it.

    Team, campaign and category are copied from the ambassador and the kit, like the job.
    """

    def make(kit, ambassador, day, *, network="linkedin", **figures):
        from wagtail_advocacy.models import DailyStat

        return DailyStat.objects.create(
            day=day,
            kit=kit,
            ambassador=ambassador,
            network=network,
            team=figures.pop("team", ambassador.team),
            campaign=figures.pop("campaign", kit.campaign),
            category=figures.pop("category", kit.category),
            **figures,
        )

    return make


@pytest.fixture
def make_tracked_link(make_share_kit, make_ambassador):
    """An ambassador's tracked link for a kit (a fresh kit and ambassador unless given)."""

    def make(*, kit=None, ambassador=None, network="linkedin", **kit_fields):
        from wagtail_advocacy.models import TrackedLink

        return TrackedLink.objects.create(
            kit=kit or make_share_kit(**kit_fields),
            ambassador=ambassador or make_ambassador(),
            network=network,
        )

    return make


@pytest.fixture(autouse=True)
def forget_tracking_caches():
    """Each test starts without the salt, bot patterns and links a previous test cached."""
    from django.core.cache import cache

    from wagtail_advocacy.tracking.bots import forget_extra_bot_patterns
    from wagtail_advocacy.tracking.visitors import forget_cached_salt

    cache.clear()
    forget_cached_salt()
    forget_extra_bot_patterns()
    yield
    forget_cached_salt()
    forget_extra_bot_patterns()


@pytest.fixture
def switch_on(db):
    """``switch_on("points", "leaderboards", **values)``: the game's settings with these
    elements on (every other off, as in a fresh install) and these values set."""
    from wagtail_advocacy.game.rules import Feature, game_settings

    def switch(*features, **values):
        settings = game_settings()
        for feature in features:
            setattr(settings, f"{Feature(feature).value}_enabled", True)
        for name, value in values.items():
            setattr(settings, name, value)
        settings.save()
        return settings

    return switch


@pytest.fixture
def give_points():
    """``give_points(ambassador, 100)``: a share worth that many points in their ledger (the
    game's tests only)."""
    from wagtail_advocacy.game.models import PointsEntry, PointsReason

    def give(ambassador, points):
        n = next(_counter)
        return PointsEntry.objects.create(
            ambassador=ambassador,
            reason=PointsReason.SHARE,
            day=timezone.localdate(),
            quantity=1,
            rule_value=points,
            points=points,
            cause=f"share:test{n}",
            idempotency_key=f"share:test{n}",
        )

    return give
