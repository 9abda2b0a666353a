"""The digest email: each new kit once, at the ambassador's frequency, with unsubscribe."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from tests.sharing_factories import create_kit, host_base_template
from tests.testapp.models import EventPage
from wagtail_advocacy.models import Ambassador, ShareKit
from wagtail_advocacy.people.digest import UNSUBSCRIBE_SALT, send_due_digests
from wagtail_advocacy.tasks import enqueue, send_digests

pytestmark = pytest.mark.usefixtures("host_base_template")
__all__ = ["host_base_template"]  # a fixture, imported to be found


@pytest.fixture
def ambassador(make_ambassador):
    return make_ambassador(joined_at=timezone.now() - timedelta(days=30))


def test_weekly_digest_lists_new_kits_with_a_link_to_share_each(ambassador, make_event_page):
    kit = create_kit(make_event_page(title="Open day"), description="Come and see us")
    assert send_digests() == 1
    message = mail.outbox[0]
    share = f"http://localhost{reverse('wagtail_advocacy:share', args=[kit.pk])}"
    assert message.to == [ambassador.user.email]
    assert message.subject == "New to share: 1 item"
    assert "Open day" in message.body and share in message.body
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    assert f'<a href="{share}">Share it</a>' in html
    preferences = f"http://localhost{reverse('wagtail_advocacy:programme')}#digest"
    assert f'<a href="{preferences}">Change how often</a>' in html
    assert f"To receive it daily or weekly instead:\n{preferences}\n" in message.body
    assert Ambassador.objects.get(pk=ambassador.pk).last_digest_at is not None


def test_running_twice_sends_nothing_new(ambassador, make_event_page):
    create_kit(make_event_page())
    send_digests()
    send_digests()
    assert len(mail.outbox) == 1


def test_each_kit_is_sent_once_across_digests(ambassador, make_event_page):
    eight_days_ago = timezone.now() - timedelta(days=8)
    first = create_kit(make_event_page(title="First news", first_published_at=eight_days_ago))
    send_digests()
    Ambassador.objects.filter(pk=ambassador.pk).update(
        last_digest_at=timezone.now() - timedelta(days=7)
    )
    type(first).objects.filter(pk=first.pk).update(created_at=eight_days_ago)
    create_kit(make_event_page(title="Second news"))
    send_digests()
    assert len(mail.outbox) == 2
    assert "Second news" in mail.outbox[1].body and "First news" not in mail.outbox[1].body


def test_a_kit_prepared_on_a_draft_is_sent_once_after_its_page_goes_live(ambassador, root_page):
    now = timezone.now()
    page = EventPage(title="Prepared in advance", live=False)
    root_page.add_child(instance=page)
    page.save_revision()
    kit = create_kit(page)
    ShareKit.objects.filter(pk=kit.pk).update(created_at=now - timedelta(days=10))
    # A week ago the page was a draft: nothing to send, but the digest was claimed.
    assert send_due_digests(now - timedelta(days=7)) == 0

    page.save_revision().publish()

    assert send_due_digests(now + timedelta(minutes=1)) == 1
    assert "Prepared in advance" in mail.outbox[0].body
    assert send_due_digests(now + timedelta(days=8)) == 0
    assert len(mail.outbox) == 1


def test_a_stale_copy_of_the_ambassador_cannot_send_again(ambassador, make_event_page):
    # Two workers read the same row; the conditional UPDATE lets only the first send.
    from wagtail_advocacy.people.digest import send_digest

    create_kit(make_event_page())
    now = timezone.now()
    stale = Ambassador.objects.select_related("user").get(pk=ambassador.pk)
    assert send_digest(ambassador, now, "http://localhost") is True
    assert send_digest(stale, now, "http://localhost") is False
    assert len(mail.outbox) == 1


def test_weekly_ambassadors_wait_a_week_daily_ones_a_day(make_ambassador, make_event_page):
    long_ago = timezone.now() - timedelta(days=30)
    weekly = make_ambassador(joined_at=long_ago, last_digest_at=timezone.now() - timedelta(days=2))
    daily = make_ambassador(
        joined_at=long_ago,
        digest_frequency="daily",
        last_digest_at=timezone.now() - timedelta(days=1),
    )
    make_ambassador(joined_at=long_ago, digest_frequency="off")
    create_kit(make_event_page())
    send_digests()
    assert [m.to for m in mail.outbox] == [[daily.user.email]]
    assert weekly.user.email not in {m.to[0] for m in mail.outbox}


def test_kits_not_shareable_for_the_ambassador_are_left_out(
    ambassador, make_event_page, make_team
):
    kit = create_kit(make_event_page(title="Finance only"))
    kit.audience_groups.add(make_team("Finance"))
    kit.save()
    create_kit(make_event_page(title="Withdrawn"), withdrawn_at=timezone.now())
    create_kit(make_event_page(title="Later"), share_starts_at=timezone.now() + timedelta(days=3))
    assert send_digests() == 0
    assert mail.outbox == []


def test_digest_is_in_the_ambassadors_language(ambassador, make_event_page):
    from wagtail.users.models import UserProfile

    UserProfile.objects.update_or_create(
        user=ambassador.user, defaults={"preferred_language": "fr"}
    )
    create_kit(make_event_page())
    send_digests()
    assert mail.outbox[0].subject == "Nouveautés à partager : 1 contenu"
    assert '<html lang="fr">' in mail.outbox[0].alternatives[0].content


def test_unsubscribe_link_confirms_on_get_and_turns_off_on_post(
    client, ambassador, make_event_page
):
    create_kit(make_event_page())
    send_digests()
    message = mail.outbox[0]
    # The signed token carries a timestamp: read the link from the email, as a reader would.
    absolute = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert absolute in message.body
    url = absolute.removeprefix("http://localhost")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert signing.loads(token, salt=UNSUBSCRIBE_SALT) == ambassador.pk
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page = client.get(url)
    assert "Stop the digest" in page.content.decode()
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "weekly"
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert "you will not receive the digest any more" in done.content.decode()
    # Where to turn it back on, for a reader who changes their mind.
    assert f'<a href="{reverse("wagtail_advocacy:programme")}#digest">' in done.content.decode()
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "off"


def test_turned_back_on_the_digest_lists_the_last_period_not_the_whole_pause(
    client, make_ambassador, make_event_page
):
    now = timezone.now()
    ambassador = make_ambassador(
        joined_at=now - timedelta(days=200),
        digest_frequency="off",
        last_digest_at=now - timedelta(days=90),
    )
    sixty_days_ago = now - timedelta(days=60)
    during_the_pause = create_kit(
        make_event_page(title="Spring fair", first_published_at=sixty_days_ago)
    )
    type(during_the_pause).objects.filter(pk=during_the_pause.pk).update(created_at=sixty_days_ago)
    create_kit(make_event_page(title="Open day"))
    client.force_login(ambassador.user)
    client.post(reverse("wagtail_advocacy:digest_frequency"), {"digest_frequency": "weekly"})

    assert send_digests() == 1
    assert "Open day" in mail.outbox[0].body
    assert "Spring fair" not in mail.outbox[0].body


def test_switching_between_daily_and_weekly_keeps_the_last_digest_time(
    client, ambassador, make_event_page
):
    create_kit(make_event_page())
    send_digests()
    client.force_login(ambassador.user)
    client.post(reverse("wagtail_advocacy:digest_frequency"), {"digest_frequency": "daily"})
    assert send_digests() == 0  # already sent today
    assert len(mail.outbox) == 1


def test_a_forged_unsubscribe_token_changes_nothing(client, ambassador):
    url = reverse("wagtail_advocacy:digest_unsubscribe", args=[f"{ambassador.pk}:forged"])
    assert client.post(url).status_code == 404
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "weekly"


def test_schedule_command_creates_one_daily_digest_schedule(db):
    call_command("setup_advocacy_schedules")
    call_command("setup_advocacy_schedules")
    schedule = Schedule.objects.get(func="wagtail_advocacy.tasks.send_digests")
    assert schedule.schedule_type == Schedule.DAILY
    assert timezone.localtime(schedule.next_run).hour == 8


@override_settings(WAGTAIL_ADVOCACY_DIGEST_HOUR=17)
def test_changing_the_digest_hour_moves_the_schedule(db):
    call_command("setup_advocacy_schedules")
    with override_settings(WAGTAIL_ADVOCACY_DIGEST_HOUR=6):
        call_command("setup_advocacy_schedules")
    schedule = Schedule.objects.get(func="wagtail_advocacy.tasks.send_digests")
    assert timezone.localtime(schedule.next_run).hour == 6


def test_queued_digest_runs_the_job(ambassador, make_event_page):
    create_kit(make_event_page())
    enqueue(send_digests)  # Q_CLUSTER is sync in tests
    assert len(mail.outbox) == 1
