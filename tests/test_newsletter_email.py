"""The example newsletter sent by email: an email-safe rendering of its blocks (inline
styles, absolute addresses, only the ambassadors who chose "named"), and the admin screen
that sends it (POST with CSRF, publish rights, one message per recipient)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from intranet import views as newsletter_views
from intranet.models import NewsletterIndexPage, NewsletterPage
from intranet.newsletter import SEND_NOW_AT_MOST, render_newsletter_email
from wagtail_advocacy.blocks import SpotlightBlock
from wagtail_advocacy.game.blocks import LeaderboardBlock
from wagtail_advocacy.game.models import LeaderboardSnapshot, PointsEntry
from wagtail_advocacy.mail import absolute_urls
from wagtail_advocacy.models import RolledUpDay
from wagtail_advocacy.models.people import Recognition

pytestmark = pytest.mark.django_db

ROOT_URL = "http://localhost"  # the default site's root URL in the tests


@pytest.fixture
def leaderboards_on(switch_on):
    return switch_on("points", "leaderboards")


@pytest.fixture
def scored(make_ambassador, make_user):
    """A builder: an ambassador with ``points`` in the ledger today (or on ``day``)."""

    def make(first_name, points, day=None, **choices):
        choices.setdefault("recognition", Recognition.NAMED)
        ambassador = make_ambassador(user=make_user(first_name=first_name), **choices)
        PointsEntry.objects.create(
            ambassador=ambassador,
            reason="share",
            day=day or timezone.localdate(),
            quantity=1,
            rule_value=points,
            points=points,
            cause=f"test:{ambassador.pk}",
            idempotency_key=f"test:{ambassador.pk}",
        )
        return ambassador

    return make


@pytest.fixture
def make_newsletter(root_page):
    """A builder: a newsletter page, published unless ``live=False``, with a heading, a
    paragraph linking within the intranet, a leaderboard of this month and a spotlight."""

    def make(*, live=True, body=None):
        index = NewsletterIndexPage.objects.first()
        if index is None:
            index = NewsletterIndexPage(title="Newsletters", slug="newsletters")
            root_page.add_child(instance=index)
            index.save_revision().publish()
        page = NewsletterPage(
            title=f"Northwind Monthly {NewsletterPage.objects.count() + 1}",
            slug=f"monthly-{NewsletterPage.objects.count() + 1}",
            date=datetime.date(2026, 11, 30),
            body=body
            if body is not None
            else [
                ("heading", "Our month"),
                ("paragraph", '<p>Read <a href="/news/open-day/">the open day</a>.</p>'),
                ("leaderboard", {"title": "Top sharers", "metric": "points", "top": 10}),
                ("spotlight", {"heading": "Meet our ambassadors", "source": "recent"}),
            ],
        )
        index.add_child(instance=page)
        if live:
            page.save_revision().publish()
        else:
            page.live = False
            page.save_revision()
            page.save()
        return NewsletterPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("editor-in-chief", is_superuser=True, is_staff=True))
    return client


def send_url(page_id):
    return reverse("intranet_send_newsletter", args=[page_id])


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


# The email rendering


def test_the_board_is_a_table_with_inline_styles_and_no_stylesheet(
    leaderboards_on, scored, make_newsletter
):
    scored("Amélie", 30)
    email = render_newsletter_email(make_newsletter())

    assert "<style" not in email.html and "<link" not in email.html
    assert "class=" not in email.html  # nothing is laid out by a class the client drops
    assert "<script" not in email.html
    board = email.html.split("Top sharers")[1].split("</table>")[0]
    cells = re.findall(r"<t[dh]\b[^>]*>", board)
    assert len(cells) >= 6  # a header row and Amélie's row
    assert all('style="' in cell for cell in cells), cells
    assert "padding: 6px 8px" in board


def test_every_link_and_image_address_is_absolute(
    leaderboards_on, scored, make_newsletter, make_person_with_photo
):
    make_person_with_photo("Photo")
    email = render_newsletter_email(make_newsletter())

    addresses = re.findall(r'\s(?:href|src)="([^"]*)"', email.html)
    assert f'href="{ROOT_URL}/news/open-day/"' in email.html
    assert any(address.startswith(f"{ROOT_URL}/media/") for address in addresses)  # the photo
    assert addresses and all(a.startswith(("http://", "https://")) for a in addresses), addresses
    assert f"{ROOT_URL}/newsletters/" in email.text  # the text part links the web copy


def test_only_ambassadors_who_chose_named_are_in_the_email(
    client, leaderboards_on, scored, make_newsletter
):
    scored("Amélie", 30)
    scored("Bruno", 20, recognition=Recognition.ANONYMOUS)
    scored("Chloé", 10, recognition=Recognition.HIDDEN)
    scored("Dan", 5)  # the bottom half of the board, with Emil
    scored("Emil", 1)
    page = make_newsletter()

    web = client.get(page.url).content.decode()
    email = render_newsletter_email(page)

    assert "Anonymous ambassador" in web  # the web copy shows the anonymous one's rank
    boards = (
        web.split('class="advocacy advocacy-leaderboard-block"')[1].split("</section>")[0],
        email.html.split("Top sharers")[1].split("</table>")[0],
        email.text.split("Top sharers")[1].split("Meet our ambassadors")[0],
    )
    for board in boards:  # the spotlight may name them: the board does not
        assert "Dan Example" not in board and "Emil Example" not in board
    for part in (email.html, email.text):
        assert "Amélie Example" in part
        assert "Bruno" not in part and "Chloé" not in part
        assert "Anonymous ambassador" not in part
    assert "1. Amélie Example: 30" in email.text
    assert "chose not to be named are left out" in email.html  # why a rank is missing


def test_the_email_of_last_months_issue_ranks_last_month_as_its_web_copy_does(
    client, leaderboards_on, scored, make_newsletter
):
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    scored("Amélie", 30, day=last_month.replace(day=3))
    scored("Bruno", 50)  # this month
    page = make_newsletter(body=[("leaderboard", {"title": "Top sharers", "metric": "points"})])
    NewsletterPage.objects.filter(pk=page.pk).update(
        first_published_at=timezone.make_aware(
            datetime.datetime.combine(last_month.replace(day=14), datetime.time(9))
        )
    )
    page.refresh_from_db()

    email = render_newsletter_email(page)
    assert LeaderboardSnapshot.objects.count() == 0  # the month's last day is not final yet
    assert "1. Amélie Example: 30" in email.text and "Bruno" not in email.text

    RolledUpDay.objects.create(
        day=last_month,
        rolled_up_at=timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time(0, 30))
        ),
    )
    web = client.get(page.url).content.decode()
    email = render_newsletter_email(page)

    assert LeaderboardSnapshot.objects.count() == 1
    for part in (web, email.html, email.text):
        assert "Amélie Example" in part and "Bruno" not in part


def test_the_email_of_this_months_issue_is_live(leaderboards_on, scored, make_newsletter):
    scored("Bruno", 50)

    email = render_newsletter_email(make_newsletter())

    assert "1. Bruno Example: 50" in email.text
    assert LeaderboardSnapshot.objects.count() == 0


def test_photos_in_the_email_are_absolute_and_nobody_without_one_gets_an_image(
    leaderboards_on, scored, make_newsletter
):
    from tests.test_directory import make_image

    scored("Amélie", 30, photo=make_image())
    scored("Bruno", 20)  # no photo: no initials drawn in an email either
    scored("Chloé", 10, photo=make_image(), recognition=Recognition.ANONYMOUS)
    board = {"title": "Top sharers", "metric": "points", "show_photos": True}

    email = render_newsletter_email(make_newsletter(body=[("leaderboard", board)]))

    [photo] = re.findall(r"<img\b[^>]*>", email.html)
    assert f'src="{ROOT_URL}/media/' in photo and ".fill-48x48" in photo
    assert 'alt=""' in photo and 'style="' in photo and "class=" not in photo
    assert "<svg" not in email.html
    bruno_row = email.html.split("Bruno Example")[0].rsplit("<tr", 1)[1]
    assert "<img" not in bruno_row
    assert "Chloé" not in email.html
    assert "1. Amélie Example: 30" in email.text and "media" not in email.text


def test_what_people_typed_is_escaped_in_the_email(leaderboards_on, scored, make_newsletter):
    scored("Amélie", 30, profile_name='<img src=x onerror="alert(1)">Amélie')

    email = render_newsletter_email(make_newsletter())

    assert "<img src=x" not in email.html
    assert '&lt;img src=x onerror="alert(1)"&gt;Amélie</td>' in email.html  # as text
    assert '<img src=x onerror="alert(1)">Amélie' in email.text  # plain text is not HTML


def test_email_html_carries_no_script_and_no_address_it_cannot_resolve():
    html = (
        '<p class="x" onclick="steal()">a href="/text" stays text</p>'
        '<a href="javascript:alert(1)">bad</a><a href="mailto:hr@northwind.example">hr</a>'
        '<script>alert(1)</script><img src="/media/a.png" alt="">'
    )

    safe = absolute_urls(html, ROOT_URL, keep_classes=False)

    assert safe == (
        '<p>a href="/text" stays text</p><a href="">bad</a>'
        '<a href="mailto:hr@northwind.example">hr</a>'
        f'<img src="{ROOT_URL}/media/a.png" alt="">'
    )


def test_the_spotlight_renders_for_email_with_named_ambassadors_only(make_ambassador, make_user):
    make_ambassador(user=make_user(first_name="Named"), recognition=Recognition.NAMED)
    make_ambassador(user=make_user(first_name="Quiet"), recognition=Recognition.ANONYMOUS)
    block = SpotlightBlock()
    value = block.to_python({"heading": "Meet them", "source": "recent", "count": 4})

    html = block.render_email(value, {"root_url": ROOT_URL})

    assert "Named Example" in html and "Quiet" not in html
    assert "<table" in html and "class=" not in html and 'style="' in html
    assert "Named Example" in block.render_email_text(value, {"root_url": ROOT_URL})


def test_an_email_rendering_needs_the_site_root_url():
    block = LeaderboardBlock()
    with pytest.raises(ValueError, match="root_url"):
        block.render_email(block.to_python({"metric": "shares"}), {})


def test_no_board_in_the_email_while_leaderboards_are_off(switch_on, scored, make_newsletter):
    switch_on("points")
    scored("Amélie", 30)

    email = render_newsletter_email(make_newsletter())

    assert "Top sharers" not in email.html and "Top sharers" not in email.text
    assert "1. Amélie" not in email.text
    assert "Our month" in email.html  # the rest of the newsletter goes out
    # No empty row of the newsletter where the board would be.
    assert not re.search(r'<td style="padding: 8px 24px;[^"]*">\s*</td>', email.html)


def test_the_email_reads_a_constant_number_of_queries(leaderboards_on, scored, make_newsletter):
    for number in range(2):
        scored(f"First{number}", 10 + number)
    page = make_newsletter()

    def count():
        page_again = NewsletterPage.objects.get(pk=page.pk)
        with CaptureQueriesContext(connection) as queries:
            render_newsletter_email(page_again)
        return len(queries.captured_queries)

    with_two = count()
    for number in range(12):
        scored(f"Later{number}", 20 + number)
    from django.core.cache import cache

    cache.clear()  # the board is computed again, not read from the cache
    assert count() <= with_two


# The admin screen


def test_the_confirmation_says_an_email_cannot_be_recalled_and_sends_nothing(
    admin_client, make_newsletter, mailoutbox
):
    page = make_newsletter()

    response = admin_client.get(send_url(page.pk))

    assert response.status_code == 200
    assert "cannot be recalled" in response.content.decode()
    assert "Every employee with an email address" in response.content.decode()
    assert mailoutbox == []


def test_the_confirmation_reads_a_constant_number_of_queries(
    admin_client, make_newsletter, make_user, make_team
):
    page = make_newsletter()
    make_user(teams=[make_team()])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(send_url(page.pk)).status_code == 200
        return len(queries.captured_queries)

    with_two = count()
    for _ in range(15):
        make_user(teams=[make_team()])
    assert count() <= with_two


def test_each_recipient_gets_one_multipart_message_of_their_own(
    admin_client, make_newsletter, make_user, make_team, mailoutbox, leaderboards_on, scored
):
    scored("Amélie", 30)
    sales = make_team("Sales")
    make_user("lena", teams=[sales])
    make_user("manon", teams=[sales])
    make_user("noah")  # in no team: not in this sending
    page = make_newsletter()

    response = admin_client.post(send_url(page.pk), {"recipients": str(sales.pk)})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert sorted(message.to for message in mailoutbox) == [
        ["lena@northwind.example"],
        ["manon@northwind.example"],
    ]
    for message in mailoutbox:
        assert message.subject == page.title and message.cc == [] and message.bcc == []
        assert "Amélie Example" in message.body and "Amélie Example" in html_of(message)


def test_many_recipients_are_sent_by_the_task_cluster(
    admin_client, make_newsletter, make_user, mailoutbox, monkeypatch
):
    for _ in range(SEND_NOW_AT_MOST + 2):
        make_user()
    queued = []
    real_enqueue = newsletter_views.enqueue

    def enqueue(job, *args):
        queued.append(job.__name__)
        return real_enqueue(job, *args)  # the tests' cluster runs it at once

    monkeypatch.setattr(newsletter_views, "enqueue", enqueue)
    page = make_newsletter()

    admin_client.post(send_url(page.pk), {"recipients": "all"})

    assert queued == ["send_newsletter"]
    everyone = len(mailoutbox)
    assert everyone == SEND_NOW_AT_MOST + 3  # and the superuser, an employee too
    assert all(len(message.to) == 1 for message in mailoutbox)
    assert len({message.to[0] for message in mailoutbox}) == everyone


def test_nobody_receives_an_issue_twice(
    admin_client, make_newsletter, make_user, make_team, mailoutbox
):
    sales = make_team("Sales")
    make_user("lena", teams=[sales])
    page = make_newsletter()
    admin_client.post(send_url(page.pk), {"recipients": str(sales.pk)})
    assert [message.to for message in mailoutbox] == [["lena@northwind.example"]]
    make_user("manon", teams=[sales])  # joined since

    confirmation = admin_client.get(send_url(page.pk)).content.decode()
    again = admin_client.post(send_url(page.pk), {"recipients": str(sales.pk)})
    last = admin_client.post(send_url(page.pk), {"recipients": str(sales.pk)})

    assert "To 1 person, who will not receive it again." in confirmation
    assert again.status_code == 302
    assert [message.to for message in mailoutbox] == [
        ["lena@northwind.example"],
        ["manon@northwind.example"],
    ]
    assert last.status_code == 400
    assert "everyone there with an email address has already received it" in (
        last.content.decode()
    )


def test_the_sending_job_run_twice_sends_nothing_more(make_newsletter, make_user, mailoutbox):
    from intranet.tasks import send_newsletter

    users = [make_user() for _ in range(3)]
    page = make_newsletter()

    assert send_newsletter(page.pk, [user.pk for user in users]) == 3
    assert send_newsletter(page.pk, [user.pk for user in users]) == 0
    assert len(mailoutbox) == 3


def test_sending_needs_the_csrf_token(make_user, make_newsletter, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(is_superuser=True))
    page = make_newsletter()

    response = client.post(send_url(page.pk), {"recipients": "all"})

    assert response.status_code == 403
    assert mailoutbox == []


def test_sending_needs_publish_rights_on_the_page(client, make_user, make_newsletter, mailoutbox):
    editor = make_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))  # may edit pages, not publish them
    client.force_login(editor)
    page = make_newsletter()

    for response in (
        client.get(send_url(page.pk)),
        client.post(send_url(page.pk), {"recipients": "all"}),
    ):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert mailoutbox == []
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert send_url(page.pk) not in edit


def test_the_action_menu_offers_it_on_a_live_newsletter(admin_client, make_newsletter):
    page = make_newsletter()
    draft = make_newsletter(live=False)

    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    draft_edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))

    assert send_url(page.pk) in edit and "Send by email" in edit
    assert send_url(draft.pk) not in draft_edit.content.decode()


def test_an_unknown_page_or_one_that_is_no_newsletter_is_not_found(
    admin_client, make_newsletter, mailoutbox
):
    make_newsletter()
    other = NewsletterIndexPage.objects.get()

    assert admin_client.get(send_url(999999)).status_code == 404
    assert admin_client.post(send_url(999999), {"recipients": "all"}).status_code == 404
    assert admin_client.post(send_url(other.pk), {"recipients": "all"}).status_code == 404
    assert admin_client.get(send_url(Page.objects.get(depth=1).pk)).status_code == 404
    assert mailoutbox == []


@pytest.mark.parametrize("recipients", ["", "nobody", "999999"])
def test_an_unknown_choice_of_recipients_is_refused_clearly(
    admin_client, make_newsletter, mailoutbox, recipients
):
    page = make_newsletter()

    response = admin_client.post(send_url(page.pk), {"recipients": recipients})

    assert response.status_code == 400
    text = response.content.decode()
    assert "The newsletter was not sent." in text
    assert (
        "Choose who receives the newsletter." in text
        or "Choose every employee or one of the teams listed." in text
    )
    assert mailoutbox == []


def test_a_newsletter_not_yet_published_is_not_sent(admin_client, make_newsletter, mailoutbox):
    draft = make_newsletter(live=False)

    response = admin_client.post(send_url(draft.pk), {"recipients": "all"})

    assert response.status_code == 400
    assert "Publish the newsletter before sending it by email." in response.content.decode()
    assert mailoutbox == []


@pytest.fixture
def make_person_with_photo(make_ambassador, make_user):
    def make(first_name):
        from tests.test_directory import make_image

        return make_ambassador(
            user=make_user(first_name=first_name),
            recognition=Recognition.NAMED,
            photo=make_image(),
        )

    return make


def test_members_of_a_team_left_out_of_the_game_get_the_email_without_its_board(
    admin_client, make_newsletter, make_user, make_team, mailoutbox, leaderboards_on, scored
):
    scored("Amélie", 30)
    council = make_team("Works council")
    leaderboards_on.excluded_teams.add(council)
    make_user("lena", teams=[council])
    make_user("manon")
    page = make_newsletter()

    response = admin_client.post(send_url(page.pk), {"recipients": "all"})

    assert response.status_code == 302
    emails = {message.to[0]: message for message in mailoutbox}
    assert "Top sharers" in html_of(emails["manon@northwind.example"])
    left_out = emails["lena@northwind.example"]
    assert "Top sharers" not in html_of(left_out) and "Top sharers" not in left_out.body
    assert "Our month" in left_out.body  # the rest of the newsletter reaches them


def test_an_ambassador_of_a_team_left_out_gets_no_board_whatever_their_groups(
    admin_client,
    make_newsletter,
    make_user,
    make_team,
    make_ambassador,
    mailoutbox,
    leaderboards_on,
    scored,
):
    """Their team for the game is their ambassador team, which need not be one of their
    groups: the email rendered for a colleague with the same groups is not theirs."""
    scored("Amélie", 30)
    council = make_team("Works council")
    leaderboards_on.excluded_teams.add(council)
    make_user("aaron")  # first in the sending, in no group
    make_ambassador(make_user("zoe"), team=council)  # in no group either
    page = make_newsletter()

    admin_client.post(send_url(page.pk), {"recipients": "all"})

    emails = {message.to[0]: message for message in mailoutbox}
    assert "Top sharers" in html_of(emails["aaron@northwind.example"])
    assert "Top sharers" not in html_of(emails["zoe@northwind.example"])
