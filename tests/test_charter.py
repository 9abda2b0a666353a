"""The social-media charter: versions, the share gate, acceptance, its report and emails."""

import csv
import datetime
import hashlib
import io
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client, override_settings
from django.urls import get_resolver, reverse
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.signals import page_published
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

import wagtail_advocacy
from tests.sharing_factories import create_kit, host_base_template
from tests.testapp.models import EventPage
from wagtail_advocacy import tasks
from wagtail_advocacy.charter.acceptance import accept_charter, version_to_accept
from wagtail_advocacy.charter.versions import record_published_version
from wagtail_advocacy.models import Ambassador, CharterAcceptance, CharterPage, CharterVersion
from wagtail_advocacy.models.charter import CharterNotification, InsertOnlyError
from wagtail_advocacy.sharing.share import ShareRefused, check_can_share

pytestmark = pytest.mark.usefixtures("host_base_template")
__all__ = ["host_base_template"]  # a fixture, imported to be found

CHARTER_TEXT = (
    "<h2>Our rules</h2><p>Speak in your own name. Add #iworkforNorthwind to every post.</p>"
)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for a commit (the queued email job) when the block ends, as a real
    request's transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_charter(root_page, committed):
    """``make_charter(**fields)``: the charter page, published once (version 1)."""

    def make(body=CHARTER_TEXT, **fields):
        page = CharterPage(title="Social-media charter", slug="charter", body=body, **fields)
        root_page.add_child(instance=page)
        with committed():
            page.save_revision().publish()
        return CharterPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def publish(committed):
    """``publish(page, body=…, again=…, summary=…)``: publish an edit of the charter page,
    as an editor would from the page editor; returns the revision."""

    def publish_edit(page, *, body=None, again=False, summary="", **fields):
        page = CharterPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        if body is not None:
            page.body = body
        page.requires_acceptance_again = again
        page.change_summary = summary
        for name, value in fields.items():
            setattr(page, name, value)
        revision = page.save_revision()
        with committed():
            revision.publish()
        return revision

    return publish_edit


@pytest.fixture
def camille(make_ambassador, make_user):
    user = make_user("camille", first_name="Camille", last_name="Martin")
    return make_ambassador(user, joined_at=timezone.now() - datetime.timedelta(days=30))


@pytest.fixture
def kit(make_event_page):
    page = make_event_page(title="Wind farm opening")
    return create_kit(page, messages=["Our new wind farm is open! {link}"])


def accept_as(client, version, next_url=""):
    return client.post(
        reverse("wagtail_advocacy:charter_accept"), {"version": version.pk, "next": next_url}
    )


# Versions


def test_the_first_publication_makes_version_1_with_its_record(make_charter):
    make_charter(
        binding=True,
        consultation_date=datetime.date(2027, 3, 2),
        consultation_reference="CSE minutes 2027-03",
    )
    version = CharterVersion.objects.get()
    assert version.number == 1
    assert version.binding is True
    assert (version.consultation_date, version.consultation_reference) == (
        datetime.date(2027, 3, 2),
        "CSE minutes 2027-03",
    )
    assert version.text == CHARTER_TEXT
    assert version.text_sha256 == hashlib.sha256(CHARTER_TEXT.encode()).hexdigest()
    assert version.takes_effect_at <= timezone.now()


def test_a_minor_edit_makes_no_version_and_shows_at_once(make_charter, camille, client, publish):
    page = make_charter()
    publish(page, body=CHARTER_TEXT.replace("Speak", "Always speak"))
    assert CharterVersion.objects.count() == 1
    client.force_login(camille.user)
    html = client.get(page.url).content.decode()
    assert "Always speak in your own name" in html


def test_a_change_requiring_acceptance_makes_a_new_version_and_resets_the_flag(
    make_charter, publish
):
    page = make_charter()
    publish(page, body="<p>New rules.</p>", again=True, summary="A section on AI images.")
    latest = CharterVersion.objects.order_by("-number").first()
    assert (latest.number, latest.text, latest.change_summary) == (
        2,
        "<p>New rules.</p>",
        "A section on AI images.",
    )
    # The editor's next edit starts unticked: a typo fix then makes no version.
    draft = CharterPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.requires_acceptance_again is False
    assert CharterPage.objects.get(pk=page.pk).requires_acceptance_again is False
    publish(page, body="<p>New rules!</p>")
    assert CharterVersion.objects.count() == 2


def test_a_version_is_made_once_per_revision(make_charter, publish):
    page = make_charter()
    revision = publish(page, body="<p>v2</p>", again=True, summary="Shorter.")
    page = CharterPage.objects.get(pk=page.pk)
    page_published.send(sender=CharterPage, instance=page, revision=revision)
    assert record_published_version(page, revision).number == 2
    assert CharterVersion.objects.count() == 2


def test_requiring_acceptance_again_needs_a_summary(make_charter):
    from django.core.exceptions import ValidationError

    page = make_charter().get_latest_revision_as_object()
    page.requires_acceptance_again = True
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "change_summary" in error.value.message_dict


def test_one_charter_page_per_site(make_charter, root_page):
    make_charter()
    assert not CharterPage.can_create_at(root_page)


# Who may share


def test_sharing_waits_for_the_binding_version_in_effect(make_charter, camille, kit):
    make_charter()
    with pytest.raises(ShareRefused) as refusal:
        check_can_share(camille.user, kit)
    assert refusal.value.reason == "charter"


def test_without_a_charter_nothing_blocks(camille, kit):
    assert check_can_share(camille.user, kit) == camille


def test_an_advisory_version_does_not_block(make_charter, camille, kit):
    make_charter(binding=False)
    assert check_can_share(camille.user, kit) == camille


def test_a_version_taking_effect_later_does_not_block_yet(
    make_charter, camille, kit, client, publish
):
    page = make_charter()
    client.force_login(camille.user)
    accept_as(client, CharterVersion.objects.get())
    publish(
        page,
        body="<p>Version 2 text.</p>",
        again=True,
        summary="Stricter rules on client names.",
        takes_effect_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    assert check_can_share(camille.user, kit) == camille
    # The page still shows version 1, and announces version 2.
    html = client.get(page.url).content.decode()
    assert "Speak in your own name" in html and "Version 2 text." not in html
    assert "Version 2 takes effect on" in html
    later = timezone.now() + datetime.timedelta(days=11)
    assert version_to_accept(camille, at=later).number == 2


# The gate, and back to the share


@pytest.fixture
def has_shared(camille, make_share_kit):
    """Camille shared before: past the onboarding path, a charter is all she is asked."""
    from wagtail_advocacy.models import Share, TrackedLink

    link = TrackedLink.objects.create(kit=make_share_kit(), ambassador=camille, network="linkedin")
    Share.objects.create(kit=link.kit, ambassador=camille, link=link, network="linkedin")


@pytest.mark.usefixtures("has_shared")
def test_the_share_sends_to_the_charter_and_back(make_charter, camille, kit, client):
    page = make_charter()
    client.force_login(camille.user)
    share_url = reverse("wagtail_advocacy:share", args=[kit.pk]) + "?network=linkedin"

    to_charter = client.get(share_url)
    assert to_charter.status_code == 302
    charter_url = to_charter["Location"]
    assert urlsplit(charter_url).path == reverse("wagtail_advocacy:charter")
    assert parse_qs(urlsplit(charter_url).query)["next"] == [share_url]

    to_page = client.get(charter_url)
    assert to_page.status_code == 302
    assert urlsplit(to_page["Location"]).path == page.url
    html = client.get(to_page["Location"]).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*advocacy-charter__accept', html)
    assert form and form.group(1) == reverse("wagtail_advocacy:charter_accept")
    assert f'name="next" value="{share_url.replace("&", "&amp;")}"' in html

    back = accept_as(client, CharterVersion.objects.get(), share_url)
    assert (back.status_code, back["Location"]) == (302, share_url)
    dialog = client.get(share_url)
    assert dialog.status_code == 200
    assert "Our new wind farm is open!" in unescape(dialog.content.decode())


@pytest.mark.usefixtures("has_shared")
def test_the_share_dialog_asks_to_accept_the_charter_first(make_charter, camille, kit, client):
    make_charter()
    client.force_login(camille.user)
    response = client.get(
        reverse("wagtail_advocacy:share", args=[kit.pk]),
        {"network": "linkedin"},
        headers={"X-Requested-With": "advocacy-share"},
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Accept the charter first" in html
    assert reverse("wagtail_advocacy:charter") + "?next=" in html
    assert "<textarea" not in html


def test_the_share_bar_shows_the_call_to_accept(make_charter, camille, kit):
    from django.template import Context, Template
    from django.test import RequestFactory

    make_charter()
    request = RequestFactory().get(kit.page.url)
    request.user = camille.user
    html = Template("{% load wagtail_advocacy_tags %}{% share_bar page %}").render(
        Context({"request": request, "page": kit.page})
    )
    assert "Accept the charter first" in html
    assert "Share on LinkedIn" in html or "data-advocacy-share" in html


@pytest.mark.parametrize(
    "bad_next",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "programme",
        "/share/\r\nSet-Cookie: x=1",
        "http://testserver/advocacy/",
    ],
)
def test_a_bad_next_falls_back_to_the_charter(make_charter, camille, client, bad_next):
    make_charter()
    client.force_login(camille.user)
    response = accept_as(client, CharterVersion.objects.get(), bad_next)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtail_advocacy:charter")
    assert client.get(reverse("wagtail_advocacy:charter"), {"next": bad_next}).status_code == 302


# Acceptance


def test_acceptance_records_who_which_version_when_and_the_texts_hash(make_charter, camille):
    make_charter()
    client = Client()
    client.force_login(camille.user)
    accept_as(client, CharterVersion.objects.get())
    acceptance = CharterAcceptance.objects.get()
    assert acceptance.ambassador == camille
    assert acceptance.version.number == 1
    assert timezone.now() - acceptance.accepted_at < datetime.timedelta(minutes=1)
    assert acceptance.text_sha256 == hashlib.sha256(CHARTER_TEXT.encode("utf-8")).hexdigest()
    # Accepting again keeps the first record.
    accept_as(client, CharterVersion.objects.get())
    assert CharterAcceptance.objects.count() == 1


def test_the_page_shows_the_viewers_status_and_previous_versions(
    make_charter, camille, client, publish
):
    page = make_charter()
    client.force_login(camille.user)
    html = client.get(page.url).content.decode()
    assert "I have read and accept version 1 of the charter" in html
    accept_as(client, CharterVersion.objects.get())
    assert "You accepted this version on" in client.get(page.url).content.decode()
    publish(page, body="<p>Second text.</p>", again=True, summary="Blocked words updated.")
    html = client.get(page.url).content.decode()
    assert "I have read and accept version 2 of the charter" in html
    assert "Blocked words updated." in html
    assert "Previous versions" in html and "Version 1, in effect from" in html


def test_anonymous_visitors_are_sent_to_log_in(make_charter):
    page = make_charter()
    response = Client().get(page.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    response = Client().get(reverse("wagtail_advocacy:charter"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_acceptances_are_insert_only(make_charter, camille, client):
    make_charter()
    client.force_login(camille.user)
    accept_as(client, CharterVersion.objects.get())
    acceptance = CharterAcceptance.objects.get()
    acceptance.text_sha256 = "0" * 64
    with pytest.raises(InsertOnlyError):
        acceptance.save()
    with pytest.raises(InsertOnlyError):
        acceptance.delete()
    with pytest.raises(InsertOnlyError):
        CharterAcceptance.objects.update(accepted_at=timezone.now())
    with pytest.raises(InsertOnlyError):
        CharterAcceptance.objects.all().delete()
    with pytest.raises(InsertOnlyError):
        CharterVersion.objects.update(text="rewritten")
    assert CharterAcceptance.objects.get().text_sha256 != "0" * 64


def test_nobody_accepts_for_someone_else(make_charter, camille, make_ambassador, make_user):
    make_charter()
    version = CharterVersion.objects.get()
    boss = make_user("boss", is_superuser=True, is_staff=True)
    # The form cannot name another person: whoever is signed in accepts for themself.
    client = Client()
    client.force_login(boss)
    make_ambassador(boss)
    client.post(
        reverse("wagtail_advocacy:charter_accept"),
        {"version": version.pk, "ambassador": camille.pk, "user": camille.user.pk},
    )
    assert list(CharterAcceptance.objects.values_list("ambassador__user", flat=True)) == [boss.pk]
    # A link (GET) never accepts, and a POST from another site (no CSRF token) is refused.
    client = Client(enforce_csrf_checks=True)
    client.force_login(camille.user)
    assert client.get(reverse("wagtail_advocacy:charter_accept")).status_code == 405
    assert accept_as(client, version).status_code == 403
    assert not CharterAcceptance.objects.filter(ambassador=camille).exists()


def test_no_admin_command_api_or_migration_path_accepts():
    """The one writer is ``accept_charter(request, version)``: it takes a request, never a
    person. Nothing else in the package creates an acceptance."""
    package = Path(wagtail_advocacy.__file__).parent
    writers = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if re.search(
            r"CharterAcceptance\.objects\.(create|get_or_create|bulk_create)", path.read_text()
        )
        or "accept_charter(" in path.read_text()
    }
    assert writers == {"charter/acceptance.py", "views/charter.py"}
    # No data migration touches acceptances (the charter's own has no RunPython at all).
    for migration in (package / "migrations").glob("0*.py"):
        text = migration.read_text()
        assert "RunPython" not in text or "acceptance" not in text.lower(), migration.name
    assert "RunPython" not in (package / "migrations" / "0007_charter.py").read_text()
    assert list(accept_charter.__code__.co_varnames[:2]) == ["request", "version_id"]
    # The charter's URLs: the page, the acceptance (a POST) and the read-only report.
    assert set(charter_url_names(get_resolver())) == {
        "wagtail_advocacy:charter",
        "wagtail_advocacy:charter_accept",
        "wagtail_advocacy_admin:report_charter-acceptances",
        "wagtail_advocacy_admin:report_charter-acceptances_results",
    }


def charter_url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from charter_url_names(pattern, inner)
        elif pattern.name and "charter" in pattern.name:
            yield f"{namespace}{pattern.name}"


def test_a_non_ambassador_cannot_accept(make_charter, make_user, client):
    make_charter()
    noah = make_user("noah")
    client.force_login(noah)
    response = accept_as(client, CharterVersion.objects.get())
    assert urlsplit(response["Location"]).path == reverse("wagtail_advocacy:programme")
    assert not CharterAcceptance.objects.exists()


def test_a_version_changed_while_reading_is_not_accepted(make_charter, camille, client, publish):
    page = make_charter()
    read = CharterVersion.objects.get()
    publish(page, body="<p>v2</p>", again=True, summary="New.")
    client.force_login(camille.user)
    response = accept_as(client, read)
    assert urlsplit(response["Location"]).path == reverse("wagtail_advocacy:charter")
    assert not CharterAcceptance.objects.exists()


# The report


@pytest.fixture
def reports_client(make_user):
    client = Client()
    client.force_login(make_user("dpo", is_superuser=True, is_staff=True))
    return client


REPORT = "wagtail_advocacy_admin:report_charter-acceptances"


def get_csv(client, **params):
    response = client.get(reverse(REPORT), {**params, "export": "csv"})
    assert response["Content-Type"] == "text/csv"
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_a_formula_typed_as_a_name_is_text_in_the_acceptances_csv(
    make_charter, camille, reports_client
):
    """The charter report writes its CSV through the same cell rule as the other reports."""
    make_charter()
    Ambassador.objects.filter(pk=camille.pk).update(profile_name='=HYPERLINK("http://x")')
    client = Client()
    client.force_login(camille.user)
    accept_as(client, CharterVersion.objects.get())

    rows = get_csv(reports_client)

    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][2] == "1"  # a number stays a number


def test_the_acceptances_export_as_csv(make_charter, camille, reports_client):
    make_charter()
    client = Client()
    client.force_login(camille.user)
    accept_as(client, CharterVersion.objects.get())
    acceptance = CharterAcceptance.objects.get()
    rows = get_csv(reports_client)
    assert rows[0] == [
        "Ambassador",
        "Username",
        "Version",
        "Binding or advisory",
        "Accepted at",
        "SHA-256 of the text accepted",
    ]
    assert rows[1][:4] == ["Camille Martin", "camille", "1", "Binding"]
    assert rows[1][5] == acceptance.text_sha256
    assert rows[1][4].startswith(str(timezone.localtime(acceptance.accepted_at).year))
    assert len(rows) == 2


def test_the_report_filters_by_version_and_needs_the_permission(
    make_charter, camille, make_ambassador, reports_client, make_user, publish
):
    page = make_charter()
    client = Client()
    client.force_login(camille.user)
    accept_as(client, CharterVersion.objects.get())
    publish(page, body="<p>v2</p>", again=True, summary="New.")
    client.force_login(make_ambassador().user)
    accept_as(client, CharterVersion.objects.get(number=2))
    v2 = CharterVersion.objects.get(number=2)
    assert [row[2] for row in get_csv(reports_client, version=v2.pk)[1:]] == ["2"]
    empty = reports_client.get(
        reverse(REPORT), {"accepted_at_from": "2001-01-01", "accepted_at_to": "2001-01-31"}
    )
    assert "Nobody has accepted the charter with these filters." in empty.content.decode()

    editor_user = make_user("editor", is_staff=True)
    editor = Client()
    editor.force_login(editor_user)
    editor_user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    denied = editor.get(reverse(REPORT), {"export": "csv"})
    assert not denied.get("Content-Type", "").startswith("text/csv")
    assert reports_client.post(reverse(REPORT)).status_code == 405


def test_the_report_takes_a_constant_number_of_queries(
    make_charter, make_ambassador, reports_client, django_assert_max_num_queries
):
    make_charter()
    version = CharterVersion.objects.get()

    def accept_many(count):
        for _ in range(count):
            client = Client()
            client.force_login(make_ambassador().user)
            accept_as(client, version)

    accept_many(2)
    reports_client.get(reverse(REPORT))  # warm caches outside the measurement
    with django_assert_max_num_queries(25) as few:
        reports_client.get(reverse(REPORT))
    # Read now: the connection keeps a bounded log, which later queries shift.
    count = len(few.captured_queries)
    accept_many(20)
    with django_assert_max_num_queries(count):
        response = reports_client.get(reverse(REPORT))
    assert len(response.context["object_list"]) == 22


# The email


def test_a_version_in_effect_is_emailed_once_to_each_active_ambassador(
    make_charter, camille, make_ambassador, make_user, publish
):
    left = make_ambassador(joined_at=timezone.now() - datetime.timedelta(days=9))
    left.left_at = timezone.now()
    left.save()
    page = make_charter()  # queues the job: the test queue runs it at once
    assert [m.to for m in mail.outbox] == [[camille.user.email]]
    publish(page, body="<p>v2</p>", again=True, summary="A new section on AI-made images.")
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert "version 2" in message.subject
    assert "A new section on AI-made images." in message.body
    assert reverse("wagtail_advocacy:charter") + "\n" in message.body
    assert "A new section on AI-made images." in message.alternatives[0].content
    assert tasks.send_charter_notices() == 0
    tasks.enqueue(tasks.send_charter_notices)
    assert len(mail.outbox) == 2
    assert CharterNotification.objects.count() == 2


def test_a_version_taking_effect_later_is_emailed_when_it_does(make_charter, camille, publish):
    page = make_charter()
    mail.outbox.clear()
    publish(
        page,
        body="<p>v2</p>",
        again=True,
        summary="Later.",
        takes_effect_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert mail.outbox == []
    from wagtail_advocacy.charter.notify import send_charter_notices

    assert send_charter_notices(now=timezone.now() + datetime.timedelta(days=4)) == 1
    assert send_charter_notices(now=timezone.now() + datetime.timedelta(days=4)) == 0


def test_advisory_versions_and_accepted_ones_send_nothing(make_charter, camille, client):
    make_charter(binding=False)
    assert mail.outbox == []


def test_the_email_is_in_the_ambassadors_language(make_charter, camille):
    from wagtail.users.models import UserProfile

    UserProfile.objects.update_or_create(user=camille.user, defaults={"preferred_language": "fr"})
    make_charter()
    assert "charte" in mail.outbox[0].subject.lower()
    assert '<html lang="fr">' in mail.outbox[0].alternatives[0].content


def test_the_job_is_scheduled_hourly():
    from django_q.models import Schedule

    jobs = {func: kind for _name, func, kind, _at in tasks.scheduled_jobs()}
    assert jobs["wagtail_advocacy.tasks.send_charter_notices"] == Schedule.HOURLY


def test_deleting_the_charter_page_keeps_the_record(make_charter, camille, client):
    page = make_charter()
    client.force_login(camille.user)
    accept_as(client, CharterVersion.objects.get())
    Page.objects.get(pk=page.pk).delete()
    version = CharterVersion.objects.get()
    assert version.page_id is None and version.acceptances.count() == 1
    response = client.get(reverse("wagtail_advocacy:charter"))
    assert response.status_code == 200
    assert "Speak in your own name" in response.content.decode()


def test_the_demo_has_a_charter_camille_accepted(db, client, settings):
    from io import StringIO

    from django.core.management import call_command

    from wagtail_advocacy.models import Ambassador

    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "base.html"  # the example intranet's, with its menu
    call_command("advocacy_demo", stdout=StringIO())
    call_command("advocacy_demo", stdout=StringIO())  # idempotent
    version = CharterVersion.objects.get()
    assert CharterAcceptance.objects.get().ambassador.user.username == "camille"
    assert not Ambassador.objects.filter(user__username="noah").exists()
    client.login(username="camille", password="changeme")
    html = client.get(reverse("wagtail_advocacy:charter"), follow=True).content.decode()
    assert "#iworkforNorthwind" in html and "Version française" in html
    assert "You accepted this version on" in html
    assert 'aria-current="page">Social-media charter</a>' in html
    assert version.number == 1


def test_the_charter_page_takes_a_constant_number_of_queries(
    make_charter, camille, client, publish, django_assert_max_num_queries
):
    page = make_charter()
    client.force_login(camille.user)
    client.get(page.url)  # warm the site lookup outside the measurement
    with django_assert_max_num_queries(20) as few:
        client.get(page.url)
    count = len(few.captured_queries)
    for number in range(2, 7):
        publish(page, body=f"<p>Version {number}</p>", again=True, summary=f"Change {number}.")
        accept_as(client, CharterVersion.objects.get(number=number))
    with django_assert_max_num_queries(count):
        html = client.get(page.url).content.decode()
    assert html.count("<details>") == 5


@override_settings(WAGTAIL_ADVOCACY_BASE_TEMPLATE="testapp/base.html")
class TestCharterPageType(WagtailPageTestCase):
    """The charter page in the page tree, created through Wagtail's own add view."""

    @classmethod
    def setUpTestData(cls):
        cls.root = Site.objects.get(is_default_site=True).root_page
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editor_creates_the_charter_under_a_host_page(self):
        self.assertCanCreateAt(EventPage, CharterPage)
        self.assertCanCreate(
            self.root,
            CharterPage,
            nested_form_data(
                {
                    "title": "Charter",
                    "slug": "charter",
                    "body": rich_text("<p>Be kind.</p>"),
                    "binding": True,
                }
            ),
        )
        # assertCanCreate publishes: the first publication is version 1.
        self.assertEqual(list(CharterVersion.objects.values_list("number", flat=True)), [1])

    def test_a_second_charter_page_cannot_be_created(self):
        self.root.add_child(instance=CharterPage(title="Charter", slug="charter", body="<p>x</p>"))
        self.assertFalse(CharterPage.can_create_at(self.root))
        self.assertFalse(CharterPage.can_create_at(EventPage(title="e")))

    def test_a_new_version_without_a_summary_is_refused_by_the_add_form(self):
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:add", args=("wagtail_advocacy", "charterpage", self.root.pk)
            ),
            nested_form_data(
                {
                    "title": "Charter",
                    "slug": "charter",
                    "body": rich_text("<p>Be kind.</p>"),
                    "binding": True,
                    "requires_acceptance_again": True,
                    "change_summary": "",
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Say what changed: ambassadors are asked to accept it.")
        self.assertFalse(CharterPage.objects.exists())

    def test_the_published_charter_is_renderable_for_a_signed_in_employee(self):
        page = CharterPage(title="Charter", slug="charter", body="<p>Be kind.</p>")
        self.root.add_child(instance=page)
        page.save_revision().publish()
        response = self.client.get(page.url)
        self.assertContains(response, "Be kind.")
        self.assertPageIsRenderable(page, user=self.editor)


@pytest.mark.parametrize(
    ("value", "carried"),
    [
        ("javascript:alert(1)", ""),
        ("//evil.example/", ""),
        ("https://evil.example/", ""),
        ("/news/?page=2", "/news/?page=2"),
    ],
)
def test_the_charter_page_carries_only_a_local_next(make_charter, camille, client, value, carried):
    page = make_charter()
    client.force_login(camille.user)

    before = client.get(page.url, {"next": value}).content.decode()
    assert unescape(re.search(r'name="next" value="([^"]*)"', before).group(1)) == carried

    accept_as(client, CharterVersion.objects.get())
    after = client.get(page.url, {"next": value}).content.decode()
    continue_links = re.findall(r'<a class="advocacy-button" href="([^"]*)">Continue</a>', after)
    assert [unescape(href) for href in continue_links] == ([carried] if carried else [])
