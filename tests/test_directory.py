"""The ambassador directory: who is listed, search and filters, pages, profiles, and a
constant number of queries."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from tests.testapp.models import EventPage
from wagtail_advocacy.models import Ambassador, AmbassadorDirectoryPage
from wagtail_advocacy.people.profile import save_profile

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    """The names on the cards of a directory page, in order."""
    html = response.content.decode()
    return re.findall(r'class="advocacy-person__name"><a href="[^"]+">([^<]+)</a>', html)


def test_anonymous_visitors_are_sent_to_log_in(client, directory, make_listed):
    camille = make_listed("Camille", "Martin")

    for url in (directory.url, directory.profile_url(camille)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/accounts/login/?next={url}")


def test_only_active_listed_ambassadors_are_shown(colleague, directory, make_listed, make_user):
    make_listed("Camille", "Martin")
    make_listed("Unlisted", directory_listed=False)
    make_listed("Left", left_at=timezone.now())
    make_listed("Never", joined_at=None)
    deactivated = make_listed("Deactivated")
    get_user_model().objects.filter(pk=deactivated.user_id).update(is_active=False)
    make_user("notanambassador")

    response = colleague.get(directory.url)

    assert names(response) == ["Camille Martin"]
    assert "1 ambassador found" in response.content.decode()


def test_the_directory_names_listed_ambassadors_whatever_their_recognition(
    colleague, directory, make_listed
):
    # Recognition governs leaderboards, the spotlight and the newsletter; the directory is
    # the "Listed" choice (docs/how-to/ambassador-profiles.md).
    make_listed("Anna", recognition=Ambassador.Recognition.ANONYMOUS)
    make_listed("Hiddy", recognition=Ambassador.Recognition.HIDDEN)

    assert names(colleague.get(directory.url)) == ["Anna Example", "Hiddy Example"]


def test_a_card_shows_the_profile_the_ambassador_filled_in(colleague, directory, make_listed):
    make_listed(
        "Camille",
        "Martin",
        profile_name="Camille M.",
        job_title="Content marketing manager",
        expertise="heat pumps, hiring",
        languages=["fr", "en"],
    )

    html = colleague.get(directory.url).content.decode()

    card = html.split('class="advocacy-person"')[1]
    assert "Camille M." in card
    assert "Content marketing manager" in card
    assert '<span class="advocacy-badge">heat pumps</span>' in card
    assert "Speaks: French, English" in card
    assert '<svg class="advocacy-avatar"' in card  # no photo: the initials, drawn here
    assert ">CM</text>" in card


def test_the_page_shows_its_introduction_and_invites_non_ambassadors(colleague, directory):
    html = colleague.get(directory.url).content.decode()

    assert "Find a colleague." in html
    assert "Nobody is listed yet" in html
    assert "/advocacy/programme/?next=/ambassadors/" in html


def test_an_unlisted_ambassador_is_told_how_to_be_listed(client, directory, make_listed):
    me = make_listed("Julien", directory_listed=False)
    client.force_login(me.user)

    html = client.get(directory.url).content.decode()

    assert "You are not listed here." in html
    assert 'href="/advocacy/profile/"' in html


# --- search and filters ---------------------------------------------------------------------


@pytest.fixture
def people(make_listed, make_team):
    marketing, engineering = make_team("Marketing"), make_team("Engineering")
    return {
        "camille": make_listed(
            "Camille",
            "Martin",
            team=marketing,
            expertise="content, heat pumps",
            languages=["fr", "en"],
        ),
        "lena": make_listed(
            "Lena",
            "Becker",
            team=engineering,
            job_title="Head of R&D",
            expertise="batteries",
            languages=["de", "en"],
        ),
        "julien": make_listed("Julien", "Moreau", team=marketing, languages=["fr"]),
        "marketing": marketing,
        "engineering": engineering,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "camille"}, ["Camille Martin"]),
        ({"q": "MOREAU"}, ["Julien Moreau"]),
        ({"q": "heat"}, ["Camille Martin"]),
        ({"q": "r&d"}, ["Lena Becker"]),
        ({"q": "marketing"}, ["Camille Martin", "Julien Moreau"]),
        ({"q": "camille content"}, ["Camille Martin"]),
        ({"q": "camille batteries"}, []),
        ({"language": "en"}, ["Camille Martin", "Lena Becker"]),
        ({"language": "fr", "q": "julien"}, ["Julien Moreau"]),
    ],
)
def test_search_by_name_job_topic_team_and_language(
    colleague, directory, people, params, expected
):
    assert names(colleague.get(directory.url, params)) == expected


def test_the_team_filter(colleague, directory, people):
    response = colleague.get(directory.url, {"team": people["engineering"].pk})
    assert names(response) == ["Lena Becker"]


def test_the_filters_offer_only_teams_and_languages_of_listed_ambassadors(
    colleague, directory, people, make_listed, make_team
):
    make_listed("Secret", team=make_team("Finance"), languages=["ja"], directory_listed=False)

    html = colleague.get(directory.url).content.decode()

    assert '<option value="" selected>Every team</option>' in html
    assert f'<option value="{people["engineering"].pk}">Engineering</option>' in html
    assert "Finance" not in html
    assert '<option value="de">German</option>' in html
    assert "Japanese" not in html
    assert '<form class="advocacy-directory__search" method="get"' in html


def test_a_search_that_finds_nobody_says_so(colleague, directory, people):
    html = colleague.get(directory.url, {"q": "nobody-like-this"}).content.decode()
    assert "Nobody listed matches this search." in html
    assert "0 ambassadors found" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"team": "abc"}, "Choose a team of the list: showing every team."),
        ({"team": "999999"}, "Choose a team of the list: showing every team."),
        ({"language": "<script>alert(1)</script>"}, "Choose a language of the list"),
        ({"language": "ja"}, "Choose a language of the list: showing every language."),
        ({"q": "x" * 101}, "Write at most 100 characters: showing everyone."),
        ({"q": "camille\x00"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_filter_says_why_and_shows_everyone(colleague, directory, people, params, message):
    response = colleague.get(directory.url, params)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert names(response) == ["Camille Martin", "Julien Moreau", "Lena Becker"]


def test_a_bad_filter_keeps_the_good_ones(colleague, directory, people):
    response = colleague.get(directory.url, {"team": "abc", "language": "de"})
    assert names(response) == ["Lena Becker"]


# --- pages ----------------------------------------------------------------------------------


@pytest.fixture
def many_listed(make_team):
    """``count`` listed ambassadors in one team, created in bulk, named Person 001…"""

    def make(count, *, team=None, languages=("en",)):
        users = get_user_model().objects.bulk_create(
            get_user_model()(
                username=f"person{number:03}", first_name="Person", last_name=f"{number:03}"
            )
            for number in range(1, count + 1)
        )
        Ambassador.objects.bulk_create(
            Ambassador(
                user=user,
                team=team,
                joined_at=timezone.now(),
                directory_listed=True,
                languages=list(languages),
                expertise="energy",
            )
            for user in users
        )

    return make


def test_the_directory_is_paginated_keeping_the_search(colleague, directory, many_listed):
    many_listed(30)

    first = colleague.get(directory.url, {"q": "energy"})
    second = colleague.get(directory.url, {"q": "energy", "page": "2"})

    assert names(first)[:2] == ["Person 001", "Person 002"]
    assert len(names(first)) == 24
    assert names(second) == [f"Person {number:03}" for number in range(25, 31)]
    assert 'rel="next" href="?q=energy&amp;page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(
    ("page", "first_name"),
    [("abc", "Person 001"), ("-1", "Person 025"), ("0", "Person 025"), ("999", "Person 025")],
)
def test_a_bad_page_number_shows_a_page(colleague, directory, many_listed, page, first_name):
    many_listed(30)
    response = colleague.get(directory.url, {"page": page})
    assert response.status_code == 200
    assert names(response)[0] == first_name


def test_the_directory_reads_a_constant_number_of_queries(
    colleague,
    directory,
    many_listed,
    make_team,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    team = make_team("Energy")
    many_listed(10, team=team)
    photo = make_image()
    Ambassador.objects.filter(pk__in=Ambassador.objects.order_by("pk")[:5]).update(photo=photo)
    colleague.get(directory.url)  # warm caches (site root paths) and the photo's renditions
    params = {"q": "person", "team": team.pk, "language": "en"}
    # The host's base template (navigation, share preview, user bar) reads about a dozen.
    with django_assert_max_num_queries(25) as at_ten:
        response = colleague.get(directory.url, params)
    assert len(names(response)) == 10
    assert response.content.decode().count('<img alt="" class="advocacy-avatar"') == 5
    count = len(at_ten.captured_queries)

    Ambassador.objects.all().delete()
    get_user_model().objects.filter(username__startswith="person").delete()
    many_listed(500, team=team)
    Ambassador.objects.filter(pk__in=Ambassador.objects.order_by("pk")[:250]).update(photo=photo)
    with django_assert_num_queries(count):
        response = colleague.get(directory.url, params)
    assert len(names(response)) == 24
    html = response.content.decode()
    assert "500 ambassadors found" in html
    assert html.count('<img alt="" class="advocacy-avatar"') == 24


def make_image():
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (200, 200), "#2e6b30").save(buffer, "PNG")
    return get_image_model().objects.create(
        title="A photo",
        file=SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png"),
        collection=Collection.get_first_root_node(),
    )


# --- profiles -------------------------------------------------------------------------------


def test_a_profile_shows_what_the_ambassador_chose_to_show(colleague, directory, make_listed):
    camille = make_listed("Camille", "Martin")
    save_profile(
        camille,
        {
            "profile_name": "Camille Martin",
            "job_title": "Content marketing manager",
            "bio": "I write about heat pumps.<script>alert(1)</script>",
            "linkedin_profile": "https://www.linkedin.com/in/camille-martin/",
            "mastodon_account": "@camille@mastodon.social",
            "bluesky_handle": "camille.bsky.social",
            "expertise": "content, heat pumps",
            "languages": ["fr"],
            "declared_audience": {"linkedin": 1234},
        },
    )

    response = colleague.get(directory.profile_url(camille))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="advocacy-directory-profile__name">Camille Martin</h1>' in html
    assert "Content marketing manager" in html
    assert "<p>I write about heat pumps.alert(1)</p>" in html  # sanitised when saved
    assert "<script>alert" not in html
    assert '<a href="https://www.linkedin.com/in/camille-martin/" rel="nofollow noopener">' in html
    assert 'href="https://mastodon.social/@camille"' in html
    assert 'href="https://bsky.app/profile/camille.bsky.social"' in html
    assert "French" in html
    assert "1234" not in html and "1,234" not in html  # the declared audience is not shown
    assert f'href="{directory.url}"' in html


def test_a_profile_address_is_a_random_key_not_the_login(directory, make_listed):
    camille = make_listed("Camille", "Martin")

    url = directory.profile_url(camille)

    assert url == f"/ambassadors/{camille.directory_key}/"
    assert "camille" not in url.lower()
    assert f"/{camille.pk}/" not in url and f"/{camille.user_id}/" not in url
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", camille.directory_key)
    assert make_listed("Lena").directory_key != camille.directory_key


def test_a_profile_links_from_its_card(colleague, directory, make_listed):
    camille = make_listed("Camille", "Martin")
    html = colleague.get(directory.url).content.decode()
    assert f'<a href="/ambassadors/{camille.directory_key}/">Camille Martin</a>' in html


@pytest.mark.parametrize(
    "change",
    [
        {"directory_listed": False},
        {"left_at": timezone.now()},
        {"joined_at": None},
    ],
    ids=["unlisted", "left", "never joined"],
)
def test_a_profile_not_listed_is_not_found(colleague, directory, make_listed, change):
    camille = make_listed("Camille", "Martin")
    url = directory.profile_url(camille)
    assert colleague.get(url).status_code == 200

    Ambassador.objects.filter(pk=camille.pk).update(**change)

    assert colleague.get(url).status_code == 404


def test_a_profile_of_a_deactivated_account_is_not_found(colleague, directory, make_listed):
    camille = make_listed("Camille", "Martin")
    get_user_model().objects.filter(pk=camille.user_id).update(is_active=False)
    assert colleague.get(directory.profile_url(camille)).status_code == 404


@pytest.mark.parametrize(
    "path", ["nosuchkey123/", "camille/", "1/", "%3Cscript%3E/", "a" * 40 + "/", "x/y/"]
)
def test_an_unknown_profile_is_not_found(colleague, directory, make_listed, path):
    make_listed("Camille", "Martin")
    assert colleague.get(directory.url + path).status_code == 404


def test_a_profile_reads_a_constant_number_of_queries(
    colleague, directory, make_listed, django_assert_max_num_queries
):
    camille = make_listed("Camille", "Martin", languages=["fr", "en"], expertise="a, b, c")
    url = directory.profile_url(camille)
    colleague.get(url)
    with django_assert_max_num_queries(15):
        assert colleague.get(url).status_code == 200


# --- the page type --------------------------------------------------------------------------


@override_settings(WAGTAIL_ADVOCACY_BASE_TEMPLATE="testapp/base.html")
class TestDirectoryPageType(WagtailPageTestCase):
    """The directory page in the page tree, created through Wagtail's own add view."""

    @classmethod
    def setUpTestData(cls):
        cls.root = Site.objects.get(is_default_site=True).root_page
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editor_creates_the_directory_under_any_page(self):
        self.assertCanCreateAt(EventPage, AmbassadorDirectoryPage)
        self.assertCanCreate(
            self.root,
            AmbassadorDirectoryPage,
            nested_form_data(
                {
                    "title": "Ambassadors",
                    "slug": "ambassadors",
                    "intro": rich_text("<p>Who shares our news.</p>"),
                }
            ),
        )

    def test_the_directory_and_a_profile_are_renderable(self):
        page = AmbassadorDirectoryPage(title="Ambassadors", slug="ambassadors")
        self.root.add_child(instance=page)
        page.save_revision().publish()
        user = get_user_model().objects.create_user("camille", first_name="Camille")
        camille = Ambassador.objects.create(
            user=user,
            joined_at=timezone.now() - datetime.timedelta(days=3),
            directory_listed=True,
        )
        self.assertPageIsRenderable(page, user=self.editor)
        self.assertPageIsRoutable(page, f"{camille.directory_key}/")
        self.assertPageIsRenderable(page, f"{camille.directory_key}/", user=self.editor)
        self.assertPageIsPreviewable(page)
        self.client.force_login(self.editor)
        response = self.client.get(page.profile_url(camille))
        self.assertContains(response, '<h1 class="advocacy-directory-profile__name">Camille')
