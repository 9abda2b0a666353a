"""Factory fixtures: each returns a builder, so a test reads as the story it checks."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from wagtail_advocacy.models import Ambassador

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches site root paths; a test that moves the Site must not leak into others."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
def make_event_page(root_page):
    """A page of the test app's own page type, published under the site root."""

    def make(title=None, parent=None, **fields):
        from tests.testapp.models import EventPage

        page = EventPage(title=title or f"Event {next(_counter)}", **fields)
        (parent or root_page).add_child(instance=page)
        page.save_revision().publish()
        return Page.objects.get(pk=page.pk).specific

    return make
