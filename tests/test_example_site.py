"""The example intranet: its page types render their content inside the shared layout."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from intranet.demo import build_demo
from intranet.models import (
    ArticlePage,
    EmployeeProfile,
    HomePage,
    NewsIndexPage,
    NewsletterIndexPage,
    NewsletterPage,
    PeopleDirectoryPage,
    StandardPage,
)
from wagtail_advocacy.models import AdvocacyHubPage, AmbassadorDirectoryPage


class ExampleIntranetPageTests(WagtailPageTestCase):
    """Every page type of the demo intranet, built once by the demo builders."""

    @classmethod
    def setUpTestData(cls):
        build_demo()
        cls.home = HomePage.objects.get()
        cls.news = NewsIndexPage.objects.get()
        cls.announcements = StandardPage.objects.get(slug="announcements")
        cls.camille = get_user_model().objects.get(username="camille")

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(ArticlePage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(NewsletterPage, {NewsletterIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                NewsIndexPage,
                NewsletterIndexPage,
                PeopleDirectoryPage,
                StandardPage,
                AdvocacyHubPage,
                AmbassadorDirectoryPage,
            },
        )

    def test_an_editor_can_write_an_article(self):
        self.login()
        engineering = Group.objects.get(name="Engineering")
        self.assertCanCreate(
            self.news,
            ArticlePage,
            nested_form_data(
                {
                    "title": "A new test bench in Hamburg",
                    "date": "2026-03-02",
                    "intro": "Bench 15 is ready.",
                    "body": rich_text("<p>Climate chamber included.</p>"),
                    "team": engineering.pk,
                }
            ),
        )
        article = ArticlePage.objects.get(slug="a-new-test-bench-in-hamburg")
        assert article.live
        assert article.team == engineering

    def test_every_page_is_renderable(self):
        pages = [self.home, self.news, self.announcements]
        pages += [
            model.objects.first()
            for model in (ArticlePage, NewsletterIndexPage, NewsletterPage, PeopleDirectoryPage)
        ]
        for page in pages:
            self.assertPageIsRenderable(page, user=self.camille)

    def test_home_page_shows_the_latest_news_and_the_layout(self):
        response = self.client.get("/")

        self.assertContains(response, '<html lang="en">', html=False)
        self.assertContains(response, '<a class="nw-skip-link" href="#main">', html=False)
        self.assertContains(response, '<main id="main"', html=False)
        self.assertContains(response, "Northwind intranet")
        self.assertContains(response, "Welcome to the Northwind intranet")
        latest = ArticlePage.objects.order_by("-date").first()
        self.assertContains(response, latest.title.replace("'", "&#x27;"))
        for label in ("News", "Newsletters", "People", "Share hub"):
            self.assertContains(response, f">{label}</a>")
        # "My impact" is for signed-in employees only.
        self.assertNotContains(response, reverse("wagtail_advocacy:impact"))
        self.assertContains(
            response, f'<a href="{reverse("wagtail_advocacy:programme")}">Ambassador programme</a>'
        )
        self.assertContains(response, f'href="{reverse("login")}?next=/"', html=False)

    def test_signed_in_employee_sees_their_name_and_a_post_logout_form(self):
        self.client.force_login(self.camille)

        response = self.client.get("/")

        self.assertContains(response, "Signed in as <strong>Camille Martin</strong>")
        self.assertContains(
            response, f'<a href="{reverse("wagtail_advocacy:impact")}">My impact</a>'
        )
        self.assertContains(
            response, f'<form method="post" action="{reverse("logout")}">', html=False
        )
        self.assertContains(response, 'name="csrfmiddlewaretoken"', html=False)
        self.assertNotContains(response, ">Admin</a>")

    def test_logging_out_is_a_post(self):
        self.client.force_login(self.camille)

        response = self.client.post(reverse("logout"))

        assert response.url == "/"
        assert "_auth_user_id" not in self.client.session

    def test_news_index_lists_articles_and_paginates(self):
        articles = ArticlePage.objects.order_by("-date", "-pk")
        first_page = self.client.get(self.news.url)
        second_page = self.client.get(self.news.url, {"page": 2})

        self.assertContains(first_page, articles[0].title.replace("'", "&#x27;"))
        self.assertNotContains(first_page, articles[10].title.replace("'", "&#x27;"))
        self.assertContains(first_page, 'rel="next"', html=False)
        self.assertContains(second_page, articles[10].title.replace("'", "&#x27;"))
        self.assertContains(second_page, "Page 2 of 2")

    def test_article_shows_its_team_author_and_body(self):
        article = ArticlePage.objects.get(slug="hamburg-test-lab")

        response = self.client.get(article.url)

        self.assertContains(response, "<h1>Meet the Hamburg lab that breaks our", html=False)
        self.assertContains(response, '<span class="nw-tag">Engineering</span>', html=False)
        self.assertContains(response, "by Noah Schmidt")
        self.assertContains(response, "climate chamber")
        # The base template's link preview tags, from the article's share kit.
        head = response.content.decode().split("</head>")[0]
        self.assertIn(
            f'<meta property="og:title" content="{article.advocacy_share_kit.title}">', head
        )

    def test_newsletter_renders_its_streamfield(self):
        newsletter = NewsletterPage.objects.get(slug="northwind-monthly-42")
        index = NewsletterIndexPage.objects.get()

        listing = self.client.get(index.url)
        response = self.client.get(newsletter.url)

        self.assertContains(listing, "Northwind Monthly, issue 41")
        self.assertContains(listing, "Northwind Monthly, issue 42")
        self.assertContains(response, "<h2>A word from the management board</h2>", html=True)
        self.assertContains(response, "Welcome to issue 42 of the Northwind Monthly")

    def test_people_directory_lists_teams_and_employees(self):
        response = self.client.get(PeopleDirectoryPage.objects.get().url)

        self.assertContains(response, "People &amp; Culture")
        self.assertContains(response, "Camille Martin")
        self.assertContains(response, "Content marketing manager · Lyon")
        # Wagtail's permission groups have no employees and are no team.
        self.assertNotContains(response, "Moderators")

    def test_about_page_shows_its_body(self):
        response = self.client.get(StandardPage.objects.get(slug="about").url)

        self.assertContains(response, "<h1>About Northwind</h1>", html=True)
        self.assertContains(response, "founded in Lyon in 1998")

    def test_restricted_section_sends_anonymous_visitors_to_the_login_page(self):
        child = self.announcements.get_children().first()

        for page in (self.announcements, child):
            response = self.client.get(page.url)
            assert response.status_code == 302
            assert response.url == f"{reverse('login')}?next={page.url}"

    def test_restricted_section_is_shown_to_employees(self):
        self.client.force_login(self.camille)

        response = self.client.get(self.announcements.url)

        self.assertContains(response, "For Northwind employees only")
        self.assertContains(response, "Updated travel policy")

    def test_login_page_logs_employees_in(self):
        form = self.client.get(reverse("login"), {"next": "/news/"})
        self.assertContains(form, '<label for="id_username">Username</label>', html=True)
        self.assertContains(form, '<label for="id_password">Password</label>', html=True)
        self.assertContains(form, '<input type="hidden" name="next" value="/news/">', html=True)

        response = self.client.post(
            reverse("login"), {"username": "camille", "password": "changeme", "next": "/news/"}
        )

        assert response.url == "/news/"
        assert self.client.session["_auth_user_id"] == str(self.camille.pk)

    def test_the_login_page_offers_no_link_to_itself_that_would_nest_next(self):
        response = self.client.get(reverse("login"), {"next": "/news/"})

        html = response.content.decode()
        assert html.count(f'href="{reverse("login")}') == 0
        assert "next=%2Faccounts%2Flogin" not in html
        self.assertContains(
            response, '<input type="hidden" name="next" value="/news/">', html=True
        )

    def test_the_layout_and_the_login_page_are_in_french_for_french_readers(self):
        response = self.client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")

        self.assertContains(response, '<html lang="fr">', html=False)
        self.assertContains(response, "<h1>Connexion à l’intranet</h1>", html=True)
        self.assertContains(
            response, "<title>Se connecter · Intranet Northwind</title>", html=True
        )
        self.assertContains(
            response, '<nav class="nw-nav" aria-label="Menu principal">', html=False
        )
        self.assertContains(response, "Aller au contenu principal")
        self.assertContains(
            response, '<label for="id_username">Nom d’utilisateur</label>', html=True
        )
        self.assertContains(response, ">Programme ambassadeurs</a>")
        html = response.content.decode()
        for english in ("Log in", 'aria-label="Main"', "Skip to main content", "Username"):
            assert english not in html

    def test_the_signed_in_layout_is_in_french_for_french_readers(self):
        self.client.force_login(self.camille)

        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

        self.assertContains(response, "Connecté en tant que <strong>Camille Martin</strong>")
        self.assertContains(response, ">Se déconnecter</button>")
        self.assertContains(response, ">Mon impact</a>")
        self.assertContains(response, "Dernières actualités")
        self.assertNotContains(response, "Latest news")

    def test_login_page_explains_a_wrong_password(self):
        response = self.client.post(reverse("login"), {"username": "camille", "password": "wrong"})

        self.assertContains(response, 'class="nw-errors" role="alert"', html=False)

    def test_messages_are_shown_in_the_layout(self):
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        request._messages = CookieStorage(request)
        request._messages.add(constants.SUCCESS, "Welcome aboard")

        response = self.home.serve(request)
        response.render()

        assert '<li class="nw-message nw-message--success">Welcome aboard</li>' in (
            response.content.decode()
        )


def _make_article(news, number, team, author):
    article = ArticlePage(
        title=f"Article {number}",
        slug=f"article-{number}",
        date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
        intro="An intro.",
        body="<p>A body.</p>",
        team=team,
        author=author,
    )
    news.add_child(instance=article)
    article.save_revision().publish()


@pytest.fixture
def small_intranet(root_page, make_team, make_user):
    """A home page with a news section, as the site's root, and nothing in it yet."""
    home = HomePage(title="Home", slug="intranet-home")
    root_page.get_parent().add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()  # save(), not update(): it clears Wagtail's cache of site root paths
    news = NewsIndexPage(title="News", slug="news")
    home.add_child(instance=news)
    news.save_revision().publish()
    people = PeopleDirectoryPage(title="People", slug="people")
    home.add_child(instance=people)
    people.save_revision().publish()
    return {"home": home, "news": news, "people": people, "team": make_team("Sales")}


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url_of", ["home", "news"])
def test_news_listings_keep_a_constant_number_of_queries(
    client, small_intranet, make_user, django_assert_max_num_queries, url_of
):
    news, team = small_intranet["news"], small_intranet["team"]
    for number in range(3):
        _make_article(news, number, team, make_user(teams=[team]))
    url = small_intranet[url_of].url
    with_three = _count_queries(client, url)

    for number in range(3, 15):
        _make_article(news, number, team, make_user(teams=[team]))

    with django_assert_max_num_queries(with_three):
        response = client.get(url)
    assert b"Article 14" in response.content


@pytest.mark.django_db
def test_people_directory_keeps_a_constant_number_of_queries(
    client, small_intranet, make_user, django_assert_max_num_queries
):
    team, url = small_intranet["team"], small_intranet["people"].url

    def hire(count):
        for _ in range(count):
            user = make_user(teams=[team])
            EmployeeProfile.objects.create(user=user, job_title="Key account manager")

    hire(3)
    with_three = _count_queries(client, url)
    hire(12)

    with django_assert_max_num_queries(with_three):
        response = client.get(url)
    assert response.content.decode().count("Key account manager") == 15
