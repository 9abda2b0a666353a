"""The onboarding path: join, accept the charter, the profile, a first share; its progress,
resuming it, ``next``, plain forms without JavaScript, and nobody enrolled by anyone else."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

import wagtail_advocacy
from tests.sharing_factories import create_kit, host_base_template
from wagtail_advocacy.models import Ambassador, CharterAcceptance, CharterPage, CharterVersion
from wagtail_advocacy.models.sharing import Share
from wagtail_advocacy.people.onboarding import current_step, onboarding_steps
from wagtail_advocacy.sharing.share import share_kit

pytestmark = pytest.mark.usefixtures("host_base_template")
__all__ = ["host_base_template"]  # a fixture, imported to be found

ONBOARDING = "/advocacy/onboarding/"


@pytest.fixture
def make_charter(root_page, django_capture_on_commit_callbacks):
    """The charter page, published once (version 1)."""

    def make(**fields):
        page = CharterPage(
            title="Social-media charter",
            slug="charter",
            body="<p>Speak in your own name. Add #iworkforNorthwind.</p>",
            **fields,
        )
        root_page.add_child(instance=page)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return make


@pytest.fixture
def kit(make_event_page):
    return create_kit(
        make_event_page(title="Wind farm opening"), messages=["Our wind farm is open! {link}"]
    )


@pytest.fixture
def noah(make_user, client):
    user = make_user("noah", first_name="Noah", last_name="Schmidt")
    client.force_login(user)
    return user


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}"


def html_of(response):
    return unescape(response.content.decode())


def hidden_next(html):
    return unescape(re.search(r'name="next" value="([^"]*)"', html).group(1))


def post_profile(client, next_url="", **fields):
    data = {"profile_name": "Noah S.", "directory": "unlisted", "recognition": "anonymous"}
    return client.post(
        reverse("wagtail_advocacy:onboarding_profile"), {**data, **fields, "next": next_url}
    )


def accept(client, next_url):
    version = CharterVersion.objects.get()
    return client.post(
        reverse("wagtail_advocacy:charter_accept"), {"version": version.pk, "next": next_url}
    )


def progress(html):
    return re.search(r"Step \d of \d", html).group(0)


# The steps


def test_four_steps_with_a_charter_and_three_without(noah, make_charter):
    assert [step.key for step in onboarding_steps(noah)] == ["join", "profile", "share"]
    make_charter()
    steps = onboarding_steps(noah)
    assert [(step.key, step.number, step.total) for step in steps] == [
        ("join", 1, 4),
        ("charter", 2, 4),
        ("profile", 3, 4),
        ("share", 4, 4),
    ]
    assert not any(step.done for step in steps)


def test_without_a_charter_the_progress_counts_three_steps(noah, client):
    html = html_of(client.get(ONBOARDING))
    assert progress(html) == "Step 1 of 3"
    assert "Read and accept the charter" not in html
    client.post(reverse("wagtail_advocacy:join"), {"next": ONBOARDING})
    html = html_of(client.get(ONBOARDING))
    assert progress(html) == "Step 2 of 3"
    assert 'name="profile_name"' in html


def test_a_charter_taking_effect_later_is_not_a_step_yet(noah, make_charter):
    make_charter(takes_effect_on=timezone.localdate() + timezone.timedelta(days=5))
    assert [step.key for step in onboarding_steps(noah)] == ["join", "profile", "share"]


def test_the_join_step_posts_to_the_join_view_and_comes_back(noah, client, make_charter):
    make_charter()
    here = with_next(ONBOARDING, "/news/")
    html = html_of(client.get(here))
    assert progress(html) == "Step 1 of 4"
    assert '<li class="advocacy-onboarding__step" aria-current="step">Join the programme' in html
    assert f'action="{reverse("wagtail_advocacy:join")}"' in html
    assert hidden_next(html) == here
    assert not Ambassador.objects.exists()

    joined = client.post(reverse("wagtail_advocacy:join"), {"next": hidden_next(html)})

    assert joined["Location"] == here
    assert Ambassador.objects.get().user == noah


def test_the_charter_step_is_the_charter_and_its_own_acceptance(noah, client, make_charter):
    make_charter()
    here = with_next(ONBOARDING, "/news/")
    client.post(reverse("wagtail_advocacy:join"), {"next": here})
    html = html_of(client.get(here))
    assert progress(html) == "Step 2 of 4"
    assert "Speak in your own name." in html
    assert f'action="{reverse("wagtail_advocacy:charter_accept")}"' in html
    assert hidden_next(html) == here

    accepted = accept(client, hidden_next(html))

    assert accepted["Location"] == here
    assert CharterAcceptance.objects.get().ambassador.user == noah
    assert progress(html_of(client.get(here))) == "Step 3 of 4"


def test_an_advisory_charter_is_a_step_too(noah, client, make_charter):
    make_charter(binding=False)
    client.post(reverse("wagtail_advocacy:join"), {"next": ONBOARDING})
    assert current_step(noah).key == "charter"
    accept(client, ONBOARDING)
    assert current_step(noah).key == "profile"


def test_the_profile_step_asks_the_display_name_only(noah, client, make_ambassador):
    ambassador = make_ambassador(noah, bio="<p>Embedded software.</p>")
    html = html_of(client.get(ONBOARDING))
    assert progress(html) == "Step 2 of 3"
    assert re.search(r'Display name <span class="advocacy-field__required">\(required\)', html)
    for field in ("job_title", "networks_used", "directory", "recognition"):
        assert f'name="{field}"' in html
    for field in ("bio", "photo_upload", "linkedin_profile", "credit", "digest_frequency"):
        assert f'name="{field}"' not in html

    missing = post_profile(client, profile_name="  ")

    assert missing.status_code == 200
    assert "Write the name colleagues see you by." in html_of(missing)
    assert progress(html_of(missing)) == "Step 2 of 3"
    ambassador.refresh_from_db()
    assert ambassador.profile_completed_at is None

    saved = post_profile(client, job_title="Engineer", networks_used=["linkedin"])

    assert saved["Location"] == ONBOARDING
    ambassador.refresh_from_db()
    assert (ambassador.profile_name, ambassador.job_title) == ("Noah S.", "Engineer")
    assert ambassador.networks_used == ["linkedin"]
    assert ambassador.profile_completed_at is not None
    # What the shorter form does not ask stays as it was.
    assert ambassador.bio == "<p>Embedded software.</p>"
    assert ambassador.credit_clicks is True


def test_saving_the_full_profile_completes_the_step_too(noah, client, make_ambassador):
    make_ambassador(noah)
    client.post(
        reverse("wagtail_advocacy:profile"),
        {
            "profile_name": "Noah",
            "directory": "unlisted",
            "recognition": "anonymous",
            "credit": "yes",
            "digest_frequency": "weekly",
        },
    )
    assert current_step(noah).key == "share"


def test_the_share_step_without_next_suggests_kits(noah, client, make_ambassador, kit):
    make_ambassador(noah)
    post_profile(client)
    html = html_of(client.get(ONBOARDING))
    assert progress(html) == "Step 3 of 3"
    assert "Wind farm opening" in html
    assert reverse("wagtail_advocacy:share", args=[kit.pk]) in html


def test_after_a_first_share_the_path_is_done(noah, client, make_ambassador, kit):
    make_ambassador(noah)
    post_profile(client)
    share_kit(noah, kit, "linkedin", "Our wind farm is open! {link}")
    assert current_step(noah) is None
    html = html_of(client.get(ONBOARDING))
    assert "You are all set" in html
    assert "Step " not in html
    assert client.get(with_next(ONBOARDING, "/news/"))["Location"] == "/news/"


# Resuming


def test_leaving_half_way_resumes_where_they_were(make_user, make_charter):
    make_charter()
    user = make_user("noah")
    first = Client()
    first.force_login(user)
    first.post(reverse("wagtail_advocacy:join"), {"next": ONBOARDING})
    accept(first, ONBOARDING)
    # Another day, another browser: nothing remembered but what they did.
    later = Client()
    later.force_login(user)
    html = html_of(later.get(ONBOARDING))
    assert progress(html) == "Step 3 of 4"
    assert '<li class="advocacy-onboarding__step advocacy-onboarding__step--done">Join' in html


def test_who_left_the_programme_joins_again_and_keeps_what_they_did(noah, client, make_charter):
    make_charter()
    client.post(reverse("wagtail_advocacy:join"), {"next": ONBOARDING})
    accept(client, ONBOARDING)
    post_profile(client)
    client.post(reverse("wagtail_advocacy:leave"))
    assert current_step(noah).key == "join"
    client.post(reverse("wagtail_advocacy:join"), {"next": ONBOARDING})
    assert current_step(noah).key == "share"


def test_the_programme_page_offers_to_continue(noah, client, make_charter):
    make_charter()
    client.post(reverse("wagtail_advocacy:join"), {"next": ONBOARDING})
    html = html_of(client.get(reverse("wagtail_advocacy:programme")))
    assert "Continue your first steps: step 2 of 4, Read and accept the charter" in html


# From a share button, and back to it


def test_from_the_share_button_to_the_share_dialog_with_plain_posts(make_user, make_charter, kit):
    """Without JavaScript: links, plain forms and redirects, CSRF tokens included."""
    make_charter()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("noah"))

    def post(url, data):
        # The token a rendered form carries (its cookie was set with the gate's form).
        token = client.cookies["csrftoken"].value
        return client.post(url, {**data, "csrfmiddlewaretoken": token})

    share = reverse("wagtail_advocacy:share", args=[kit.pk]) + "?network=linkedin"
    gate = client.get(share)["Location"]
    html = html_of(client.get(gate))
    assert progress(html) == "Step 1 of 4"
    here = hidden_next(html)
    assert here == with_next(ONBOARDING, share)

    assert post(reverse("wagtail_advocacy:join"), {"next": here})["Location"] == here
    html = html_of(client.get(here))
    assert progress(html) == "Step 2 of 4"
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    accepted = post(reverse("wagtail_advocacy:charter_accept"), {"version": version, "next": here})
    assert accepted["Location"] == here
    assert progress(html_of(client.get(here))) == "Step 3 of 4"
    saved = post(
        reverse("wagtail_advocacy:onboarding_profile"),
        {"next": share, "profile_name": "Noah", "directory": "listed", "recognition": "named"},
    )
    assert saved["Location"] == here

    back = client.get(here)

    assert back["Location"] == share
    dialog = client.get(share)
    assert "Our wind farm is open!" in html_of(dialog)
    said = [str(message) for message in dialog.context["messages"]]
    assert "Step 4 of 4: share it, in your own words." in said
    ambassador = Ambassador.objects.get()
    assert (ambassador.directory_listed, ambassador.recognition) == (True, "named")


def test_a_post_without_the_csrf_token_is_refused(make_ambassador):
    client = Client(enforce_csrf_checks=True)
    ambassador = make_ambassador()
    client.force_login(ambassador.user)
    response = client.post(
        reverse("wagtail_advocacy:onboarding_profile"),
        {"profile_name": "X", "directory": "listed", "recognition": "named"},
    )
    assert response.status_code == 403
    ambassador.refresh_from_db()
    assert ambassador.profile_completed_at is None


def test_an_ambassador_who_never_shared_goes_through_the_path_to_the_charter(
    make_ambassador, make_charter, client, kit
):
    make_charter()
    client.force_login(make_ambassador().user)
    share = reverse("wagtail_advocacy:share", args=[kit.pk]) + "?network=linkedin"
    assert client.get(share)["Location"] == with_next(ONBOARDING, share)
    notice = client.get(share, headers={"X-Requested-With": "advocacy-share"})
    assert with_next(ONBOARDING, share).replace("&", "&amp;") in notice.content.decode()


@pytest.mark.parametrize(
    "bad_next",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "wagtail_advocacy:leave",
        "/share/\r\nSet-Cookie: x=1",
        "http://testserver/news/",
        "/" + "a" * 5000,
    ],
)
def test_an_unsafe_next_is_refused(noah, client, make_ambassador, bad_next):
    make_ambassador(noah)
    page = client.get(ONBOARDING, {"next": bad_next})
    assert page.status_code == 200
    assert hidden_next(page.content.decode()) == ""
    saved = post_profile(client, next_url=bad_next)
    assert saved["Location"] == ONBOARDING
    # At the last step, no redirect to it: the step is shown instead.
    last = client.get(ONBOARDING, {"next": bad_next})
    assert last.status_code == 200
    assert "Your first share" in html_of(last)


def test_anonymous_visitors_are_sent_to_log_in(db):
    for url in (ONBOARDING, reverse("wagtail_advocacy:onboarding_profile")):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_profile_step_needs_a_post_and_an_ambassador(noah, client):
    assert client.get(reverse("wagtail_advocacy:onboarding_profile")).status_code == 405
    assert post_profile(client)["Location"] == ONBOARDING
    assert not Ambassador.objects.exists()


# Nobody enrols anyone else


def test_a_superuser_cannot_enrol_someone_else(make_user, noah):
    boss = make_user("boss", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(boss)
    client.post(reverse("wagtail_advocacy:join"), {"user": noah.pk, "username": "noah"})
    post_profile(client, user=noah.pk, ambassador=noah.pk)
    assert list(Ambassador.objects.values_list("user__username", flat=True)) == ["boss"]
    assert client.get(reverse("wagtail_advocacy:join")).status_code == 405


def test_no_admin_api_or_command_enrols_or_fills_a_profile(noah):
    """The one way in is ``join_programme``, called by the join view for the person signed
    in; the one profile writer ``save_profile``, called by the profile views."""
    package = Path(wagtail_advocacy.__file__).parent
    sources = {
        path.relative_to(package).as_posix(): path.read_text() for path in package.rglob("*.py")
    }
    creators = {
        name
        for name, text in sources.items()
        if re.search(
            r"Ambassador\.objects\.(create|get_or_create|update_or_create|bulk_create)", text
        )
    }
    assert creators == {"people/programme.py"}
    assert {name for name, text in sources.items() if "join_programme(" in text} == {
        "people/programme.py",
        "views/programme.py",
    }
    assert {name for name, text in sources.items() if "save_profile(" in text} == {
        "people/profile.py",
        "views/profile.py",
    }
    # No admin screen, snippet or API edits ambassadors; the app's commands enrol nobody.
    assert not admin.site.is_registered(Ambassador)
    from wagtail.snippets.models import get_snippet_models

    assert Ambassador not in get_snippet_models()
    call_command("setup_advocacy_schedules", verbosity=0)
    assert not Ambassador.objects.exists()


# Queries


def test_the_onboarding_page_costs_the_same_queries_whatever_the_data(
    client, make_ambassador, make_share_kit
):
    ambassador = make_ambassador(profile_completed_at=timezone.now())
    client.force_login(ambassador.user)
    make_share_kit()
    client.get(ONBOARDING)  # warm the per-process caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            html = html_of(client.get(ONBOARDING))
        assert "Your first share" in html
        return len(queries)

    few = count()
    for _ in range(10):
        make_share_kit()
        make_ambassador()
    assert count() == few


# The share bar, and a link from any page of the host site


def render(template, user, path, page=None):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user = user
    return Template("{% load wagtail_advocacy_tags %}" + template).render(
        Context({"request": request, "page": page})
    )


def test_the_share_bar_sends_a_new_ambassador_along_the_path(make_ambassador, make_charter, kit):
    from wagtail_advocacy.models import TrackedLink

    make_charter()
    ambassador = make_ambassador()
    html = render("{% share_bar page %}", ambassador.user, kit.page.url, kit.page)
    assert f'href="{with_next(ONBOARDING, kit.page.url)}"' in html
    # Once they shared, a new charter version is only the charter to accept.
    link = TrackedLink.objects.create(kit=kit, ambassador=ambassador, network="linkedin")
    Share.objects.create(kit=kit, ambassador=ambassador, network="linkedin", link=link)
    html = render("{% share_bar page %}", ambassador.user, kit.page.url, kit.page)
    assert f'href="{with_next(reverse("wagtail_advocacy:charter"), kit.page.url)}"' in html


def test_a_host_template_links_to_the_path_back_to_its_page(make_user):
    user = make_user()
    assert render("{% onboarding_url %}", user, "/people/?team=3") == (
        with_next(ONBOARDING, "/people/?team=3")
    )
    assert render('{% onboarding_url next_url="/news/" %}', user, "/people/") == with_next(
        ONBOARDING, "/news/"
    )


def test_the_share_bar_with_a_charter_to_accept_runs_six_queries(
    make_ambassador, make_charter, kit, django_assert_max_num_queries
):
    make_charter()
    ambassador = make_ambassador()
    render("{% share_bar page %}", ambassador.user, kit.page.url, kit.page)  # warm caches
    with django_assert_max_num_queries(6):
        html = render("{% share_bar page %}", ambassador.user, kit.page.url, kit.page)
    assert "Read and accept the charter" in html
