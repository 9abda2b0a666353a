"""The spotlight block on a host page: who it shows, in which order, and its queries."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.testapp.models import StreamPage
from wagtail_advocacy.blocks import SpotlightBlock
from wagtail_advocacy.models import Ambassador, AmbassadorDirectoryPage
from wagtail_advocacy.people.spotlight import spotlight_choices

pytestmark = pytest.mark.django_db

NAMED = Ambassador.Recognition.NAMED


@pytest.fixture
def make_person(make_ambassador, make_user):
    """An ambassador who joined ``days`` ago, named by their first name."""

    def make(first_name, *, days=1, **fields):
        user = make_user(first_name.lower(), first_name=first_name, last_name="Example")
        fields.setdefault("recognition", NAMED)
        fields.setdefault("joined_at", timezone.now() - datetime.timedelta(days=days))
        return make_ambassador(user, **fields)

    return make


@pytest.fixture
def make_stream_page(root_page):
    def make(*blocks):
        page = StreamPage(title="Newsletter", slug=f"newsletter-{len(blocks)}", body=list(blocks))
        root_page.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


def spotlight(**value):
    return ("spotlight", {"heading": "Meet our ambassadors", "count": 4, **value})


def shown(response) -> list[str]:
    """The names in the spotlight, in order."""
    html = response.content.decode().split('class="advocacy advocacy-spotlight"')[1]
    return re.findall(r'class="advocacy-person__name">(?:<a href="[^"]+">)?([^<]+)<', html)


def test_the_most_recent_named_joiners_are_shown_newest_first(
    client, make_stream_page, make_person, make_user
):
    make_person("Old", days=90)
    make_person("Newest", days=1)
    make_person("Middle", days=20)
    make_person("Anonymous", days=1, recognition=Ambassador.Recognition.ANONYMOUS)
    make_person("Hidden", days=1, recognition=Ambassador.Recognition.HIDDEN)
    make_person("Left", days=1, left_at=timezone.now())
    make_person("Never", joined_at=None)
    deactivated = make_person("Deactivated", days=1)
    get_user_model().objects.filter(pk=deactivated.user_id).update(is_active=False)
    make_user("notanambassador")
    page = make_stream_page(spotlight(source="recent", count=2))

    response = client.get(page.url)

    assert shown(response) == ["Newest Example", "Middle Example"]
    assert '<h2 class="advocacy-spotlight__heading">Meet our ambassadors</h2>' in (
        response.content.decode()
    )


def test_chosen_ambassadors_keep_the_editors_order_and_lose_who_is_no_longer_named(
    client, make_stream_page, make_person
):
    lena, camille, julien = make_person("Lena"), make_person("Camille"), make_person("Julien")
    page = make_stream_page(
        spotlight(source="chosen", ambassadors=[str(julien.pk), str(lena.pk), str(camille.pk)])
    )
    assert shown(client.get(page.url)) == ["Julien Example", "Lena Example", "Camille Example"]

    Ambassador.objects.filter(pk=lena.pk).update(recognition=Ambassador.Recognition.ANONYMOUS)
    Ambassador.objects.filter(pk=camille.pk).update(left_at=timezone.now())

    assert shown(client.get(page.url)) == ["Julien Example"]


def test_a_spotlight_with_nobody_to_show_says_so(client, make_stream_page, make_person):
    make_person("Anonymous", recognition=Ambassador.Recognition.ANONYMOUS)
    page = make_stream_page(spotlight(source="recent"))

    html = client.get(page.url).content.decode()

    assert "Our ambassadors will appear here." in html
    assert "Anonymous Example" not in html


def test_the_editor_may_choose_only_named_ambassadors(make_person):
    camille = make_person("Camille")
    make_person("Anna", recognition=Ambassador.Recognition.ANONYMOUS)
    make_person("Hiddy", recognition=Ambassador.Recognition.HIDDEN)
    make_person("Left", left_at=timezone.now())

    assert spotlight_choices() == [(str(camille.pk), "Camille Example")]


def test_a_card_links_to_the_directory_profile_only_when_listed(
    client, root_page, make_stream_page, make_person
):
    directory = AmbassadorDirectoryPage(title="Ambassadors", slug="ambassadors")
    root_page.add_child(instance=directory)
    directory.save_revision().publish()
    listed = make_person("Listed", days=1, directory_listed=True)
    make_person("Unlisted", days=2)
    page = make_stream_page(spotlight(source="recent"))

    html = client.get(page.url).content.decode()

    assert f'<a href="/ambassadors/{listed.directory_key}/">Listed Example</a>' in html
    assert '<h3 class="advocacy-person__name">Unlisted Example</h3>' in html


def test_the_spotlight_shows_the_photo_or_the_initials(client, make_stream_page, make_person):
    from tests.test_directory import make_image

    make_person("Photo", days=1, photo=make_image(), job_title="Engineer")
    make_person("Initials", days=2)
    page = make_stream_page(spotlight(source="recent"))

    html = client.get(page.url).content.decode()

    assert '<img alt="" class="advocacy-avatar"' in html
    assert ">IE</text>" in html
    assert "Engineer" in html


def test_the_spotlight_reads_a_constant_number_of_queries(
    client,
    make_stream_page,
    make_person,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    from tests.test_directory import make_image

    photo = make_image()

    def add_named(count):
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=f"named{number}-{count}", first_name="Named")
            for number in range(count)
        )
        Ambassador.objects.bulk_create(
            Ambassador(user=user, joined_at=timezone.now(), recognition=NAMED, photo=photo)
            for user in users
        )

    add_named(10)
    page = make_stream_page(
        spotlight(source="recent", count=12),
        spotlight(
            source="chosen",
            ambassadors=[str(pk) for pk in Ambassador.objects.values_list("pk", flat=True)[:3]],
        ),
    )
    client.get(page.url)  # warm caches and the photo's rendition
    with django_assert_max_num_queries(20) as at_ten:
        client.get(page.url)
    count = len(at_ten.captured_queries)

    add_named(490)
    with django_assert_num_queries(count):
        response = client.get(page.url)
    assert len(shown(response)) == 12


def test_the_block_declares_what_the_editor_sees():
    block = SpotlightBlock()

    assert block.meta.template == "wagtail_advocacy/blocks/spotlight.html"
    assert block.meta.icon == "group"
    assert "named" in str(block.meta.description)
    assert block.get_preview_value()["source"] == "recent"
    assert 'class="advocacy advocacy-spotlight"' in block.render(
        block.to_python(block.get_preview_value())
    )


def test_choosing_nobody_is_refused_with_a_reason():
    from wagtail.blocks import StructBlockValidationError

    block = SpotlightBlock()
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({"heading": "", "source": "chosen", "ambassadors": []}))

    assert "Choose at least one ambassador" in str(refused.value.block_errors["ambassadors"])


@override_settings(WAGTAIL_ADVOCACY_BASE_TEMPLATE="testapp/base.html")
class TestSpotlightInTheEditor(WagtailPageTestCase):
    """An editor adds the spotlight to a host page's StreamField with Wagtail's own form."""

    @classmethod
    def setUpTestData(cls):
        cls.root = Site.objects.get(is_default_site=True).root_page
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editor_puts_a_spotlight_on_a_host_page(self):
        self.assertCanCreate(
            self.root,
            StreamPage,
            nested_form_data(
                {
                    "title": "Newsletter",
                    "slug": "newsletter",
                    "body": streamfield(
                        [
                            (
                                "spotlight",
                                {
                                    "heading": "New ambassadors",
                                    "source": "recent",
                                    "count": 3,
                                    "ambassadors": {"count": 0},
                                },
                            )
                        ]
                    ),
                }
            ),
        )
        page = StreamPage.objects.get(slug="newsletter")
        self.assertEqual(page.body[0].value["heading"], "New ambassadors")

    def test_the_editor_form_offers_only_named_ambassadors(self):
        user = get_user_model().objects.create_user("camille", first_name="Camille")
        Ambassador.objects.create(user=user, joined_at=timezone.now(), recognition=NAMED)
        anna = get_user_model().objects.create_user("anna", first_name="Anna")
        Ambassador.objects.create(user=anna, joined_at=timezone.now())

        response = self.client.get(f"/admin/pages/add/testapp/streampage/{self.root.pk}/")

        self.assertContains(response, "Camille")
        self.assertNotContains(response, "Anna")
