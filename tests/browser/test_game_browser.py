"""The game where people meet it: the dashboard panel, "My impact", "What we track about you"
and an editor putting a leaderboard in a newsletter; axe-core on each page."""

import pytest
from playwright.sync_api import expect

from intranet.models import NewsletterPage

pytestmark = pytest.mark.browser


def test_the_dashboard_shows_the_leaderboard_panel(demo_site, page, login, axe_check):
    login(page, "admin")
    page.goto(f"{demo_site}/admin/")

    panel = page.locator(".advocacy-leaderboard-panel")
    expect(panel.get_by_role("heading", name="Top ambassadors")).to_be_visible()
    expect(panel.get_by_role("heading", name="Top teams")).to_be_visible()
    axe_check(page)


def test_camille_reads_her_points_badges_levels_and_the_rules(demo_site, page, login, axe_check):
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/impact/")

    expect(page.get_by_role("heading", name="Your points and rank")).to_be_visible()
    expect(page.get_by_text("points to spend")).to_be_visible()
    expect(page.get_by_role("heading", name="Your levels")).to_be_visible()
    expect(page.get_by_text("Accepting the charter earns no points")).to_be_visible()
    axe_check(page)

    page.goto(f"{demo_site}/advocacy/profile/what-we-track/")
    expect(page.get_by_role("heading", name="The game")).to_be_visible()
    axe_check(page)


def test_an_editor_puts_a_leaderboard_in_a_newsletter(demo_site, page, login, axe_check):
    newsletter = NewsletterPage.objects.order_by("date").first()  # the older issue
    body_blocks = [block.block_type for block in newsletter.body]
    login(page, "admin")
    page.goto(f"{demo_site}/admin/pages/{newsletter.pk}/edit/")

    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Leaderboard").click()
    title = page.locator('input[name^="body-"][name$="-value-title"]').last
    expect(title).to_be_visible()
    title.fill("This quarter's most active ambassadors")
    page.locator('select[name^="body-"][name$="-value-period"]').last.select_option("quarter")
    block_number = title.get_attribute("name").split("-")[1]
    axe_check(page, include=f'[id^="body-{block_number}-value-"]')
    page.locator("footer").get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").click()

    newsletter.refresh_from_db()
    assert [block.block_type for block in newsletter.body] == [*body_blocks, "leaderboard"]
    login(page, "noah")
    page.goto(f"{demo_site}{newsletter.url}")
    board = page.locator(".advocacy-leaderboard-block").last
    expect(
        board.get_by_role("heading", name="This quarter's most active ambassadors")
    ).to_be_visible()
    expect(board.get_by_role("table")).to_be_visible()
    axe_check(page)


def test_an_administrator_reads_the_team_leaderboard_report(demo_site, page, login, axe_check):
    login(page, "admin")
    page.goto(f"{demo_site}/admin/")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Advocacy: leaderboard").click()

    expect(page.get_by_role("heading", name="Advocacy: leaderboard")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Rank")).to_be_visible()
    axe_check(page)

    # The demo's teams are smaller than the minimum team size (5): the report says so.
    page.goto(f"{demo_site}/admin/advocacy/game/reports/leaderboard/?kind=teams&metric=shares")
    expect(page.get_by_text("No team has at least 5 active ambassadors")).to_be_visible()
    axe_check(page)
