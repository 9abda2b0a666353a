"""Joining the programme is voluntary: only the employee can opt in or out, by POST."""

import pytest
from django.urls import reverse
from django.utils import timezone

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


def test_an_employee_deciding_to_join_finds_what_we_track(client, make_user):
    client.force_login(make_user())

    html = client.get(reverse("wagtail_advocacy:programme")).content.decode()

    assert (
        f'href="{reverse("wagtail_advocacy:what_we_track")}">What we track about you</a>' in html
    )


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


def test_in_several_groups_the_team_is_the_first_by_name_and_is_kept(client, make_user, make_team):
    """The rule docs/concepts/index.md ("An ambassador's team") documents."""
    sales, editors, marketing = make_team("Sales"), make_team("Editors"), make_team("Marketing")
    camille = make_user("camille", teams=[sales, marketing, editors])
    client.force_login(camille)

    client.post(reverse("wagtail_advocacy:join"))
    assert Ambassador.objects.get(user=camille).team == editors  # a permission group counts

    camille.groups.remove(editors)
    client.post(reverse("wagtail_advocacy:leave"))
    client.post(reverse("wagtail_advocacy:join"))
    assert Ambassador.objects.get(user=camille).team == editors  # kept, even on rejoining


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


def test_an_ambassador_sees_their_digest_choice_on_the_programme_page(client, make_ambassador):
    ambassador = make_ambassador(digest_frequency="daily")
    client.force_login(ambassador.user)
    html = client.get(reverse("wagtail_advocacy:programme")).content.decode()
    assert f'action="{reverse("wagtail_advocacy:digest_frequency")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<legend class="advocacy-choices__legend">How often do you want it?</legend>' in html
    assert 'value="daily" id="id_digest_frequency_1" required checked' in html
    assert 'value="weekly" id="id_digest_frequency_2" required>' in html


def test_an_ambassador_changes_their_digest_to_daily(client, make_ambassador):
    ambassador = make_ambassador()
    assert ambassador.digest_frequency == "weekly"
    client.force_login(ambassador.user)
    response = client.post(
        reverse("wagtail_advocacy:digest_frequency"), {"digest_frequency": "daily"}, follow=True
    )
    assert response.redirect_chain == [(reverse("wagtail_advocacy:programme"), 302)]
    assert "You will receive the digest every day." in response.content.decode()
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "daily"


def test_the_digest_can_be_turned_back_on_after_unsubscribing(client, make_ambassador):
    ambassador = make_ambassador(digest_frequency="off")
    client.force_login(ambassador.user)
    client.post(reverse("wagtail_advocacy:digest_frequency"), {"digest_frequency": "weekly"})
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "weekly"


@pytest.mark.parametrize("data", [{"digest_frequency": "hourly"}, {}])
def test_an_invalid_digest_choice_shows_an_error_and_changes_nothing(
    client, make_ambassador, data
):
    ambassador = make_ambassador(digest_frequency="daily")
    client.force_login(ambassador.user)
    response = client.post(reverse("wagtail_advocacy:digest_frequency"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-describedby="advocacy-digest-error"' in html
    assert '<p class="advocacy-error" id="advocacy-digest-error">Choose how often' in html
    assert "You will receive" not in html
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "daily"


def test_only_an_active_ambassador_can_choose_a_digest(client, make_user, make_ambassador):
    url = reverse("wagtail_advocacy:digest_frequency")
    noah = make_user("noah")
    client.force_login(noah)
    html = client.get(reverse("wagtail_advocacy:programme")).content.decode()
    assert "How often do you want it?" not in html
    assert client.post(url, {"digest_frequency": "daily"}).status_code == 403
    assert not Ambassador.objects.filter(user=noah).exists()

    former = make_ambassador(left_at=timezone.now())
    client.force_login(former.user)
    assert client.post(url, {"digest_frequency": "off"}).status_code == 403
    assert Ambassador.objects.get(pk=former.pk).digest_frequency == "weekly"

    client.logout()
    response = client.post(url, {"digest_frequency": "off"})
    assert response["Location"].startswith("/accounts/login/")


def test_a_get_changes_no_digest_choice(client, make_ambassador):
    ambassador = make_ambassador()
    client.force_login(ambassador.user)
    query = {"digest_frequency": "off"}
    assert client.get(reverse("wagtail_advocacy:digest_frequency"), query).status_code == 405
    client.get(reverse("wagtail_advocacy:programme"), query)
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "weekly"


def test_the_programme_page_runs_a_fixed_number_of_queries(
    client, make_ambassador, django_assert_max_num_queries
):
    ambassador = make_ambassador()
    client.force_login(ambassador.user)
    client.get(reverse("wagtail_advocacy:programme"))  # warm the per-process caches
    # Six, and three for the onboarding path's next step (charter, acceptance, a share).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("wagtail_advocacy:programme"))
    assert "Digest emails" in response.content.decode()
