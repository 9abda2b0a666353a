"""An editor sends the demo newsletter by email from its action menu: the confirmation
screen (axe-core clean) says an email cannot be recalled, and each employee gets one."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from intranet.models import NewsletterPage
from intranet.newsletter import newsletter_recipients

pytestmark = pytest.mark.browser


def test_an_editor_sends_the_newsletter_by_email(demo_site, page, login, axe_check):
    newsletter = NewsletterPage.objects.order_by("-date").first()
    employees = newsletter_recipients().count()
    mail.outbox = []
    login(page, "admin")
    page.goto(f"{demo_site}/admin/pages/{newsletter.pk}/edit/")

    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("link", name="Send by email…").click()

    expect(page.locator("#header-title")).to_have_text("Send the newsletter by email")
    expect(page.get_by_text("An email already sent cannot be recalled.")).to_be_visible()
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the email now").click()

    expect(page.get_by_text(f"is being sent to {employees} employees")).to_be_visible()
    assert len(mail.outbox) == employees
    assert all(len(message.to) == 1 for message in mail.outbox)
