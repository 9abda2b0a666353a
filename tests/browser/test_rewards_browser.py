"""The game's newer surfaces in a browser: the rewards catalogue, redeeming and "My
requests", the fulfilment queue, the challenges on "My impact", and the admin's screens for
points held for review and challenges; axe-core on each page."""

import pytest
from playwright.sync_api import expect

from wagtail_advocacy.game.models import Redemption, RedemptionStatus

pytestmark = pytest.mark.browser


def open_game_menu_item(page, demo_site, label):
    """From the admin's dashboard, Game › ``label`` in the sidebar."""
    page.goto(f"{demo_site}/admin/")
    page.get_by_role("button", name="Game").click()
    with page.expect_navigation():
        page.get_by_role("link", name=label).click()


def redeem_the_hoodie(page, demo_site):
    """Camille, logged in: from "My impact" to the catalogue, the hoodie confirmed."""
    page.goto(f"{demo_site}/advocacy/impact/")
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Spend your points on rewards or give them to a charity"
        ).click()
    hoodie = page.locator(".advocacy-rewards__reward").filter(
        has=page.get_by_role("heading", name="Northwind hoodie")
    )
    with page.expect_navigation():
        hoodie.get_by_role("link", name="Choose this reward").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()


def test_camille_redeems_a_reward_and_sees_it_requested(demo_site, page, login, axe_check):
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/impact/")
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Spend your points on rewards or give them to a charity"
        ).click()

    expect(page.get_by_role("heading", name="Rewards", level=1)).to_be_visible()
    balance = page.locator(".advocacy-rewards__balance")
    expect(balance).to_contain_text("points to spend")
    points = int(balance.inner_text().split("You have ")[1].split(" points")[0])
    assert points >= 150, "the demo gives Camille enough points for the hoodie"
    expect(page.get_by_role("heading", name="Northwind hoodie")).to_be_visible()
    expect(page.get_by_role("heading", name="City food bank")).to_be_visible()
    axe_check(page)

    hoodie = page.locator(".advocacy-rewards__reward").filter(
        has=page.get_by_role("heading", name="Northwind hoodie")
    )
    with page.expect_navigation():
        hoodie.get_by_role("link", name="Choose this reward").click()
    expect(page.get_by_role("heading", name="Confirm your reward")).to_be_visible()
    expect(
        page.get_by_text(f"“Northwind hoodie” costs 150 points; you have {points}.")
    ).to_be_visible()
    expect(page.get_by_text(f"You will have {points - 150} points left.")).to_be_visible()
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="My requests")).to_be_visible()
    # Once, by the example intranet's base template: the page leaves messages to it.
    expect(
        page.get_by_role("status").get_by_text(
            "Your request is in: we will tell you here how it goes."
        )
    ).to_have_count(1)
    expect(page.get_by_text(f"You have {points - 150} points to spend.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Northwind hoodie")
    expect(row.get_by_role("cell").nth(2)).to_have_text("150")
    expect(row.get_by_role("cell").nth(3)).to_have_text("Requested")
    axe_check(page)


def test_an_administrator_approves_camilles_request(demo_site, page, login, axe_check):
    login(page, "camille")
    redeem_the_hoodie(page, demo_site)
    page.context.clear_cookies()
    login(page, "admin")

    open_game_menu_item(page, demo_site, "Reward requests")
    expect(page.get_by_role("heading", name="Reward requests")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Northwind hoodie")
    expect(row).to_contain_text("Requested")
    axe_check(page)

    with page.expect_navigation():
        row.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("The request is updated.")).to_be_visible()
    # The queue shows what waits for a decision: the approved request is under "Approved".
    expect(page.get_by_role("row").filter(has_text="Northwind hoodie")).to_have_count(0)
    page.get_by_label("Status").select_option("approved")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text="Northwind hoodie")
    expect(row).to_contain_text("Approved (admin)")
    expect(row.get_by_role("button", name="Mark fulfilled")).to_be_visible()
    axe_check(page)
    redemption = Redemption.objects.get(reward__title="Northwind hoodie")
    assert redemption.status == RedemptionStatus.APPROVED
    assert redemption.ambassador.user.username == "camille"


def test_camille_sees_the_running_challenge_on_my_impact(demo_site, page, login, axe_check):
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/impact/")

    section = page.locator(".advocacy-impact__challenges")
    expect(section.get_by_role("heading", name="Challenges", level=2)).to_be_visible()
    expect(
        section.get_by_role("heading", name="Everyone together: 500 clicks this month")
    ).to_be_visible()
    expect(section.get_by_role("progressbar", name="Progress")).to_be_visible()
    expect(section.get_by_text("Everyone together:", exact=False).last).to_contain_text("of 500")
    expect(section.get_by_text("Your contribution:", exact=False)).to_be_visible()
    expect(section.get_by_role("heading", name="How challenges are won")).to_be_visible()
    axe_check(page)


def test_an_administrator_opens_held_points_and_challenges(demo_site, page, login, axe_check):
    login(page, "admin")

    open_game_menu_item(page, demo_site, "Points held for review")
    expect(page.get_by_role("heading", name="Points held for review")).to_be_visible()
    axe_check(page)

    open_game_menu_item(page, demo_site, "Challenges")
    expect(page.get_by_role("heading", name="Challenges")).to_be_visible()
    expect(
        page.get_by_role("link", name="Everyone together: 500 clicks this month")
    ).to_be_visible()
    axe_check(page)
