"""Joining the programme is voluntary: only the employee can opt in or out, by POST."""

from django.urls import reverse

from wagtail_advocacy.models import Ambassador


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("wagtail_advocacy:programme"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/advocacy/programme/")


def test_nobody_is_an_ambassador_until_they_join(client, make_user):
    noah = make_user("noah")
    client.force_login(noah)
    response = client.get(reverse("wagtail_advocacy:programme"))
    assert "Become an ambassador" in response.content.decode()
    assert not Ambassador.objects.filter(user=noah).exists()


def test_joining_needs_a_post(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("wagtail_advocacy:join")).status_code == 405
    assert Ambassador.objects.count() == 0


def test_joining_makes_an_active_ambassador_in_their_team(client, make_user, make_team):
    marketing = make_team("Marketing")
    camille = make_user("camille", teams=[marketing])
    client.force_login(camille)
    response = client.post(reverse("wagtail_advocacy:join"), follow=True)
    ambassador = Ambassador.objects.get(user=camille)
    assert ambassador.is_active
    assert ambassador.team == marketing
    assert "you are now an ambassador" in response.content.decode()


def test_join_returns_to_a_local_next_url_only(client, make_user):
    client.force_login(make_user())
    local = client.post(reverse("wagtail_advocacy:join"), {"next": "/news/"})
    assert local["Location"] == "/news/"
    client.force_login(make_user())
    foreign = client.post(reverse("wagtail_advocacy:join"), {"next": "https://evil.example/"})
    assert foreign["Location"] == reverse("wagtail_advocacy:programme")


def test_leaving_keeps_the_row_but_ends_participation(client, make_ambassador):
    ambassador = make_ambassador()
    client.force_login(ambassador.user)
    client.post(reverse("wagtail_advocacy:leave"))
    ambassador.refresh_from_db()
    assert not ambassador.is_active
    assert not Ambassador.objects.active().filter(pk=ambassador.pk).exists()
    # Coming back is one click too.
    client.post(reverse("wagtail_advocacy:join"))
    ambassador.refresh_from_db()
    assert ambassador.is_active
