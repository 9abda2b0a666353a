"""The content calendar passes axe-core, light and dark, with past, today's and future kits.

Among the demo's kits: one whose window ended yesterday, one open today with a posting
time today, one that opens in three days and one spanning weeks; the previous month is all
past. Before, the days around the month were drawn at 70 % opacity: their links fell to
2.9:1 (axe wants 4.5:1), 20 nodes on the demo data.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wagtail_advocacy.models import ShareKit, SuggestedPostingTime

pytestmark = pytest.mark.browser


def move_kits_around_today():
    """Four of the demo's kits moved to the past, today and the future (a page has one)."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    kits = ShareKit.objects.order_by("pk")[:4]
    windows = {
        "Ended yesterday": (now - 4 * day, now - day),
        "Open today": (now - datetime.timedelta(hours=1), now + 2 * day),
        "Opens in three days": (now + 3 * day, now + 5 * day),
        "Spans weeks": (now - 12 * day, now + 12 * day),
    }
    for kit, (title, (starts, ends)) in zip(kits, windows.items(), strict=True):
        ShareKit.objects.filter(pk=kit.pk).update(
            title=title, share_starts_at=starts, share_ends_at=ends, withdrawn_at=None
        )
        SuggestedPostingTime.objects.create(kit=kit, post_at=starts + datetime.timedelta(hours=1))


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_content_calendar_passes_axe(demo_site, page, login, axe_check, color_scheme):
    move_kits_around_today()
    page.emulate_media(color_scheme=color_scheme)
    login(page, "admin")
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)

    page.goto(f"{demo_site}/admin/advocacy/calendar/")
    expect(page.get_by_role("heading", level=2, name=this_month.strftime("%B %Y"))).to_be_visible()
    expect(page.get_by_role("link", name="Open today").first).to_be_visible()
    assert page.locator(".advocacy-calendar__day--today").count() == 1
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Previous month").click()
    expect(page.get_by_role("heading", level=2, name=last_month.strftime("%B %Y"))).to_be_visible()
    assert page.locator(".advocacy-calendar__bar").count() > 0
    axe_check(page)

    # Each kit's title is a link to its share-kit form, reached with the keyboard.
    page.get_by_role("link", name="Spans weeks").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/share-kit/" in page.url
