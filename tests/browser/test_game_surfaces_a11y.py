"""axe-core on the game's surfaces the other browser tests leave out: the administrator's
forms (badges, challenges, rewards, charities, Settings › Game) and the screens deciding on
held points; an ambassador giving points to a charity, reading why a request was rejected,
a named ambassador's profile with badges, and the newsletter's latest issue.

One demo per person (its build is most of a test's time): each test walks through that
person's pages, checking what they see before running axe, rather than a parametrized test
per page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from intranet.models import NewsletterPage
from wagtail_advocacy.game.models import Badge, BadgeAward, Challenge, Charity, HeldPoints, Reward
from wagtail_advocacy.game.rewards import decide, redeem_reward
from wagtail_advocacy.models import Ambassador, TrackedLink

pytestmark = pytest.mark.browser


def hold_camilles_link():
    """A day of one of Camille's links held for review, as ``points.needs_review`` holds it."""
    link = TrackedLink.objects.filter(ambassador__user__username="camille").first()
    return HeldPoints.objects.create(
        ambassador=link.ambassador,
        link=link,
        kit=link.kit,
        network=link.network,
        day=timezone.localdate(),
        unique_clicks=80,
        threshold=50,
        click_value=1,
    )


def reject_camilles_hoodie(reason):
    """Camille asked for the hoodie and the administrator rejected it, saying why."""
    camille = Ambassador.objects.get(user__username="camille")
    hoodie = Reward.objects.get(title="Northwind hoodie")
    redemption = redeem_reward(camille, hoodie.pk)
    admin = get_user_model().objects.get(username="admin")
    decide(redemption.pk, "reject", admin, comment=reason)


def test_an_administrator_opens_the_games_forms_and_held_points(demo_site, page, login, axe_check):
    hold_camilles_link()
    login(page, "admin")

    page.goto(demo_site + reverse("wagtail_advocacy_game_badge_modeladmin_index"))
    expect(page.get_by_role("heading", name="Badges", level=1)).to_be_visible()
    expect(page.get_by_role("columnheader", name="Threshold")).to_be_visible()
    axe_check(page)

    # Each form as an administrator opens it: (URL, its heading, one of its field labels).
    badge = Badge.objects.order_by("pk").first()
    challenge = Challenge.objects.get(title="Everyone together: 500 clicks this month")
    reward = Reward.objects.get(title="Northwind hoodie")
    charity = Charity.objects.get(name="City food bank")
    forms = [
        ("badge_modeladmin_edit", [badge.pk], "Editing", "Threshold"),
        ("challenge_modeladmin_edit", [challenge.pk], "Editing", "Bonus points"),
        ("reward_modeladmin_create", [], "New", "Price in points"),
        ("reward_modeladmin_edit", [reward.pk], "Editing", "Price in points"),
        ("charity_modeladmin_create", [], "New", "Money per point"),
        ("charity_modeladmin_edit", [charity.pk], "Editing", "Money per point"),
    ]
    for url_name, args, heading, label in forms:
        page.goto(demo_site + reverse(f"wagtail_advocacy_game_{url_name}", args=args))
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        expect(page.get_by_label(label, exact=False).first).to_be_visible()
        axe_check(page)

    page.goto(
        demo_site + reverse("wagtailsettings:edit", args=["wagtail_advocacy_game", "gamesettings"])
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Game")
    expect(page.get_by_label("Minimum team size on team boards")).to_be_visible()
    axe_check(page)

    held_points = demo_site + reverse("wagtail_advocacy_game_heldpoints_modeladmin_index")

    for action, title, submit in [
        ("Release", "Release held points", "Release the points"),
        ("Reject", "Reject held points", "Reject the points"),
    ]:
        page.goto(held_points)
        row = page.get_by_role("row").filter(has_text="80 unique clicks in one day")
        expect(row).to_contain_text("Held for review")
        if action == "Release":
            axe_check(page)  # the list with a hold waiting, which the demo has none of
        with page.expect_navigation():
            row.get_by_role("link", name=action).click()
        # Wagtail's header shows the title as a visible h2 beside a hidden h1.
        expect(page.get_by_role("heading", name=title, level=2)).to_be_visible()
        expect(page.get_by_text("80 unique clicks in one day")).to_be_visible()
        expect(page.get_by_role("button", name=submit)).to_be_visible()
        expect(page.get_by_role("link", name="Cancel")).to_be_visible()
        axe_check(page)


def test_camille_gives_points_and_reads_the_games_pages(demo_site, page, login, axe_check):
    reject_camilles_hoodie("The hoodies are sold out until spring.")
    charity = Charity.objects.get(name="City food bank")
    login(page, "camille")

    page.goto(demo_site + reverse("wagtail_advocacy:game_give", args=[charity.pk]))
    expect(page.get_by_role("heading", name="Give points to City food bank")).to_be_visible()
    page.get_by_label("Points to give").fill("20")
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Your 20 points give")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm the donation")).to_be_visible()
    axe_check(page)

    page.goto(demo_site + reverse("wagtail_advocacy:game_my_requests"))
    expect(page.get_by_role("heading", name="My requests")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Northwind hoodie")
    expect(row).to_contain_text("Rejected: The hoodies are sold out until spring.")
    axe_check(page)

    named = (
        BadgeAward.objects.filter(
            ambassador__recognition=Ambassador.Recognition.NAMED, ambassador__directory_listed=True
        )
        .select_related("ambassador")
        .first()
        .ambassador
    )
    page.goto(f"{demo_site}/ambassadors/{named.directory_key}/")
    expect(page.get_by_role("heading", level=1, name=named.display_name)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Badges")).to_be_visible()
    axe_check(page)

    newsletter = NewsletterPage.objects.live().order_by("-date").first()
    page.goto(demo_site + newsletter.url)
    expect(page.get_by_role("heading", name="Our top ambassadors this month")).to_be_visible()
    expect(page.get_by_role("heading", name="Welcome to our new ambassadors")).to_be_visible()
    expect(page.get_by_role("heading", name="What our points gave")).to_be_visible()
    axe_check(page)
