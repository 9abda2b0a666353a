"""Sending a newsletter page by email: who receives it, the email it becomes, the sending.

The web page and the email come from the same StreamField. Blocks with an email rendering
(``render_email``: wagtail-advocacy's spotlight and leaderboard) give their own email-safe
HTML; headings, paragraphs and images are rendered here. The whole message has its
stylesheet inlined and every address made absolute against the page's site root URL.
Each recipient gets a message of their own (nobody sees the others' addresses), once:
``NewsletterDelivery`` is claimed before the email leaves.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from wagtail_advocacy.mail import email_safe, plain_text

#: More recipients than this and the sending goes to the task cluster.
SEND_NOW_AT_MOST = 5


def employee_teams():
    """The teams a newsletter may be sent to: groups with at least one active employee with
    an email address (Wagtail's own permission groups have none)."""
    return (
        Group.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .distinct()
        .order_by("name")
    )


def newsletter_recipients(team=None, *, page=None):
    """The employees a newsletter goes to: every active user with an email address, or
    only those of ``team`` (a group); with ``page``, only those it was not sent to yet."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if team is not None:
        users = users.filter(groups=team)
    if page is not None:
        users = users.exclude(pk__in=page.deliveries.values("user_id"))
    return users.order_by("last_name", "first_name", "pk")


def claim_delivery(page, user) -> bool:
    """Insert the (newsletter, employee) claim; False when it was already sent to them."""
    from .models import NewsletterDelivery

    try:
        with transaction.atomic():
            NewsletterDelivery.objects.create(page=page, user=user)
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class NewsletterEmail:
    """What every recipient of one newsletter gets: a subject, a text and an HTML part."""

    subject: str
    text: str
    html: str


def _block_email(block, context) -> tuple[str, str]:
    """(HTML, text) of one StreamField child in an email."""
    render_email = getattr(block.block, "render_email", None)
    if render_email is not None:
        return str(render_email(block.value, context)), block.block.render_email_text(
            block.value, context
        )
    html = render_to_string("intranet/newsletter_email/block.html", {**context, "block": block})
    return html, plain_text(html)


def render_newsletter_email(page, recipient=None) -> NewsletterEmail:
    """The email of ``page`` (a NewsletterPage, its live content), in the site's language,
    for ``recipient`` (a user; blocks may leave things out for them: a leaderboard is not
    shown to a member of a team left out of the game), or for nobody in particular."""
    site = page.get_site()
    root_url = site.root_url
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "page": page,
            "root_url": root_url,
            "page_url": page.get_full_url(),
            "recipient": recipient,
        }
        parts = [_block_email(block, context) for block in page.body]
        context["blocks"] = [html for html, _text in parts if html.strip()]
        context["texts"] = [text for _html, text in parts if text]
        html = render_to_string("intranet/newsletter_email/email.html", context)
        css = render_to_string("intranet/newsletter_email/email.css")
        text = render_to_string("intranet/newsletter_email/email.txt", context)
    return NewsletterEmail(
        subject=page.title, text=text, html=str(email_safe(html, root_url, css))
    )


def send_newsletter(page, recipients) -> int:
    """Email ``page`` to each of ``recipients`` (a queryset of users) who did not receive it
    yet, one message each, over one connection; returns how many messages left. The claims
    come first: a crash after them loses emails rather than sending any twice.

    What a block shows may depend on the recipient's teams (their groups, and the team
    they are an ambassador of; never anything else of theirs), so the email is rendered
    once per such set of teams among the recipients."""
    from wagtail_advocacy.models import Ambassador

    recipients = recipients.prefetch_related("groups")
    ambassador_teams = dict(
        Ambassador.objects.filter(user__in=recipients).values_list("user_id", "team_id")
    )
    emails = {}
    messages = []
    for user in recipients:
        if not claim_delivery(page, user):
            continue
        teams = (
            frozenset(group.pk for group in user.groups.all()),
            ambassador_teams.get(user.pk),
        )
        if teams not in emails:
            emails[teams] = render_newsletter_email(page, recipient=user)
        email = emails[teams]
        message = EmailMultiAlternatives(subject=email.subject, body=email.text, to=[user.email])
        message.attach_alternative(email.html, "text/html")
        messages.append(message)
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
