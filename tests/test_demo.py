"""The demo data command: counts, idempotence, logins and ambassadors."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Revision, Site

from intranet.models import ArticlePage, EmployeeProfile, HomePage, NewsletterPage
from wagtail_advocacy.game.models import LeaderboardSnapshot, PointsEntry, Redemption
from wagtail_advocacy.game.rules import Feature, game_settings, switched_on_features
from wagtail_advocacy.models import Ambassador, Share, ShareKit, SharingSettings
from wagtail_advocacy.people.programme import leave_programme


def posted_value(bound_field):
    """What a browser posts for ``bound_field`` left unchanged: a rich-text editor posts its
    widget's format (Draftail's JSON), every other field its value."""
    widget = bound_field.field.widget
    if hasattr(widget, "converter"):  # Draftail: the editor's contentstate, not the HTML
        return widget.format_value(bound_field.value())
    return bound_field.value()


def run_demo() -> str:
    out = StringIO()
    call_command("advocacy_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "teams": Group.objects.count(),
        "memberships": get_user_model().groups.through.objects.count(),
        "profiles": EmployeeProfile.objects.count(),
        "ambassadors": Ambassador.objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "sites": Site.objects.count(),
        "points entries": PointsEntry.objects.count(),
        "donations": Redemption.objects.count(),
        "images": get_image_model().objects.count(),
        "listed": Ambassador.objects.listed().count(),
    }


class DemoDataTests(TestCase):
    """What one run of ``advocacy_demo`` leaves in an empty database."""

    @classmethod
    def setUpTestData(cls):
        cls.output = run_demo()

    def test_demo_loads_a_believable_intranet(self):
        employees = get_user_model().objects.filter(is_superuser=False)
        assert employees.count() >= 30
        assert Group.objects.filter(user__isnull=False).distinct().count() >= 4
        assert ArticlePage.objects.live().count() >= 12
        assert NewsletterPage.objects.live().count() == 2
        assert EmployeeProfile.objects.filter(location="Lyon").exists()
        assert employees.filter(first_name="Léa", last_name="Dubois").exists()
        oldest = ArticlePage.objects.order_by("date").first().date
        assert oldest >= timezone.localdate() - datetime.timedelta(days=90)
        assert ArticlePage.objects.values("team").distinct().count() >= 4

    def test_output_names_the_url_and_the_logins(self):
        assert "http://127.0.0.1:8000/" in self.output
        for login in ("admin / changeme", "camille / changeme", "noah / changeme"):
            assert login in self.output

    def test_demo_replaces_the_welcome_page_with_the_intranet_home(self):
        site = Site.objects.get(is_default_site=True)
        assert isinstance(site.root_page.specific, HomePage)
        assert site.site_name == "Northwind intranet"
        assert (site.hostname, site.port) == ("127.0.0.1", 8000)
        assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail").exists()
        assert Site.objects.count() == 1

    def test_demo_logins_work(self):
        for username in ("admin", "camille", "noah"):
            assert self.client.login(username=username, password="changeme"), username
            self.client.logout()
        assert get_user_model().objects.get(username="admin").is_superuser

    def test_camille_is_an_ambassador_and_noah_is_not(self):
        camille = Ambassador.objects.get(user__username="camille")
        assert camille.is_active
        assert camille.team.name == "Marketing"
        assert camille.user.get_full_name() == "Camille Martin"
        assert not Ambassador.objects.filter(user__username="noah").exists()
        assert get_user_model().objects.get(username="noah").groups.filter(name="Engineering")

    def test_ambassadors_joined_over_the_last_ninety_days_across_teams(self):
        ambassadors = Ambassador.objects.active()
        assert ambassadors.count() >= 13
        assert ambassadors.values("team").distinct().count() >= 5
        ninety_days_ago = timezone.now() - datetime.timedelta(days=90)
        assert not ambassadors.filter(joined_at__lt=ninety_days_ago).exists()
        assert ambassadors.filter(joined_at__lt=timezone.now() - datetime.timedelta(days=60))


class DemoDirectoryTests(TestCase):
    """The demo's ambassador directory: in the menu, with profiles chosen as people would."""

    @classmethod
    def setUpTestData(cls):
        run_demo()

    def test_camille_is_named_listed_and_has_a_photo_drawn_here(self):
        camille = Ambassador.objects.get(user__username="camille")
        assert camille.is_listed and camille.is_named
        assert camille.job_title == "Content marketing manager"
        assert camille.photo.file.name.endswith(".png")
        assert not Ambassador.objects.filter(user__username="noah").exists()

    def test_the_profiles_make_every_choice_visible(self):
        ambassadors = Ambassador.objects.active()
        assert ambassadors.filter(directory_listed=False).exists()
        assert {a.recognition for a in ambassadors} == {"named", "anonymous", "hidden"}
        assert ambassadors.filter(photo__isnull=True, directory_listed=True).exists()
        assert ambassadors.filter(photo__isnull=False).count() >= 5
        assert ambassadors.values("team").distinct().count() >= 5

    def test_every_demo_profile_passes_the_profile_validators(self):
        for ambassador in Ambassador.objects.all():
            ambassador.full_clean()

    def test_noah_finds_camille_in_the_directory_from_the_menu(self):
        self.client.force_login(get_user_model().objects.get(username="noah"))
        home = self.client.get("/").content.decode()
        assert '<a href="/ambassadors/"' in home

        html = self.client.get("/ambassadors/", {"q": "camille"}).content.decode()

        camille = Ambassador.objects.get(user__username="camille")
        assert f'<a href="/ambassadors/{camille.directory_key}/">Camille Martin</a>' in html
        profile = self.client.get(f"/ambassadors/{camille.directory_key}/").content.decode()
        assert "I write our customer stories." in profile
        assert 'href="https://www.linkedin.com/in/camille-martin-northwind/"' in profile

    def test_the_latest_newsletter_has_a_spotlight_of_named_joiners(self):
        newsletter = NewsletterPage.objects.live().order_by("-date").first()
        assert "spotlight" in [block.block_type for block in newsletter.body]
        self.client.force_login(get_user_model().objects.get(username="noah"))

        html = self.client.get(newsletter.url).content.decode()

        assert "Welcome to our new ambassadors" in html
        spotlight = html.split('class="advocacy advocacy-spotlight"')[1]
        assert "Chidi Okafor" in spotlight  # the most recent named joiner
        assert "Katarzyna" not in spotlight  # joined since, but not named


class DemoSharingSettingsTests(TestCase):
    """The demo's data passes the app's own validation: an editor can save it unchanged."""

    @classmethod
    def setUpTestData(cls):
        run_demo()
        cls.site = Site.objects.get(is_default_site=True)

    def test_the_sharing_settings_pass_full_clean(self):
        sharing = SharingSettings.for_site(self.site)
        assert self.site.hostname in sharing.allowed_domains()

        sharing.full_clean()

    def test_the_sharing_settings_form_saves_them_unchanged(self):
        self.client.force_login(get_user_model().objects.get(username="admin"))
        url = reverse(
            "wagtailsettings:edit", args=["wagtail_advocacy", "sharingsettings", self.site.pk]
        )
        form = self.client.get(url).context["form"]
        before = SharingSettings.for_site(self.site)
        data = {name: posted_value(form[name]) for name in form.fields}
        data = {name: value for name, value in data.items() if value is not None}

        response = self.client.post(url, data)

        assert response.status_code == 302, response.context["form"].errors
        after = SharingSettings.objects.get(pk=before.pk)
        assert after.allowed_public_domains == before.allowed_public_domains
        assert after.offered_networks == before.offered_networks

    def test_the_demo_switches_every_element_of_the_game_on(self):
        settings = game_settings()

        assert switched_on_features(settings) == list(Feature)
        settings.full_clean()

    def test_the_demos_rewards_catalogue_offers_rewards_and_charities(self):
        self.client.force_login(get_user_model().objects.get(username="camille"))

        html = self.client.get(reverse("wagtail_advocacy:game_rewards")).content.decode()

        assert "Northwind hoodie" in html
        assert "City food bank" in html

    def test_the_demos_past_earned_points_and_its_newsletters_rank_them(self):
        assert PointsEntry.objects.filter(reason="share").count() == Share.objects.count()
        assert PointsEntry.objects.filter(reason="unique_clicks").exists()
        latest, previous = NewsletterPage.objects.order_by("-date")[:2]
        self.client.force_login(get_user_model().objects.get(username="camille"))

        html = self.client.get(latest.url).content.decode()
        assert "Our top ambassadors this month" in html
        assert 'class="advocacy-leaderboard-block__table"' in html  # people, in the top half
        # The older issue's "this month" is the month it came out in, over and frozen.
        html = self.client.get(previous.url).content.decode()
        assert "This month&#x27;s most active ambassadors" in html
        assert 'class="advocacy-leaderboard-block__table"' in html
        month = previous.date.replace(day=1)
        assert f"from {date_format(month)} to " in html
        assert LeaderboardSnapshot.objects.filter(spec__contains=f":shares:{month}:").exists()

    def test_the_demos_boards_show_people_in_their_top_half(self):
        """About twenty ambassadors: the dashboard's board and a quarter's board (what the
        browser test's editor adds to a newsletter) show people, never the last place."""
        from wagtail_advocacy.game.choices import BoardKind, Metric, PeriodChoice
        from wagtail_advocacy.game.leaderboards import board, panel_boards, resolve_period

        for shown in (
            panel_boards(game_settings())[BoardKind.AMBASSADORS],
            board(BoardKind.AMBASSADORS, Metric.POINTS, resolve_period(PeriodChoice.QUARTER)),
        ):
            assert shown.rows
            assert len(shown.rows) <= max(1, shown.ranked // 2)
        self.client.force_login(get_user_model().objects.get(username="admin"))
        assert "Nobody is on the board yet" not in (
            self.client.get(reverse("wagtailadmin_home")).content.decode()
        )

    def test_the_latest_newsletter_says_what_the_points_gave(self):
        latest = NewsletterPage.objects.order_by("-date").first()
        assert "donations" in [block.block_type for block in latest.body]
        self.client.force_login(get_user_model().objects.get(username="camille"))

        html = self.client.get(latest.url).content.decode()

        assert "What our points gave" in html
        assert "<td>City food bank</td><td>5.00 EUR</td><td>2.50 EUR</td>" in html
        assert "<td>Reforest now</td><td>4.00 EUR</td><td>0.00 EUR</td>" in html

    def test_every_demo_kit_passes_full_clean(self):
        for kit in ShareKit.objects.select_related("page"):
            kit.full_clean()


@pytest.mark.django_db
def test_running_the_demo_again_duplicates_nothing_and_re_enrols_nobody():
    run_demo()
    camille = get_user_model().objects.get(username="camille")
    leave_programme(camille)  # her choice: a later run must respect it
    first = counts()

    run_demo()

    assert counts() == first
    assert not Ambassador.objects.get(user=camille).is_active


@pytest.mark.django_db
def test_demo_builds_on_a_flushed_database_without_a_page_tree():
    from django.contrib.contenttypes.models import ContentType

    call_command("flush", interactive=False, verbosity=0)

    try:
        run_demo()
    finally:
        # The flush made new content types, which the test's rollback removes: forget them,
        # or a later test creates pages with a stale content type id (the charter page).
        ContentType.objects.clear_cache()

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.get_parent().is_root()
    assert ArticlePage.objects.live().count() >= 12
