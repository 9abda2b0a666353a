"""The admin's ambassador list (filters, export, names only where chosen) and suspensions."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from wagtail_advocacy.charter.acceptance import version_to_accept
from wagtail_advocacy.models import Ambassador, CharterAcceptance, CharterVersion, Share
from wagtail_advocacy.people.roster import ambassador_roster
from wagtail_advocacy.people.suspension import (
    AMBASSADOR_SUSPENDED,
    SUSPENSION_LIFTED,
    lift_suspension,
    suspend_ambassador,
)

LIST_URL = reverse("wagtail_advocacy_ambassador_modeladmin_index")


def suspend_url(ambassador):
    return reverse("wagtail_advocacy_admin:ambassador_suspend", args=[ambassador.pk])


def lift_url(ambassador):
    return reverse("wagtail_advocacy_admin:ambassador_lift_suspension", args=[ambassador.pk])


@pytest.fixture
def boss(make_user):
    return make_user("boss", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, boss):
    client.force_login(boss)
    return client


@pytest.fixture
def make_staff(make_user):
    """An editor who may open the admin, with the given permission codenames."""

    def make(*codenames):
        user = make_user()
        user.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(
                content_type__app_label="wagtail_advocacy", codename__in=codenames
            ),
        )
        return user

    return make


@pytest.fixture
def make_version(db):
    def make(number, *, binding=True, takes_effect_at=None):
        return CharterVersion.objects.create(
            number=number,
            binding=binding,
            takes_effect_at=takes_effect_at or timezone.now() - timedelta(days=30 - number),
            title="Charter",
            text="<p>Rules</p>",
            text_sha256="0" * 64,
        )

    return make


def accept(ambassador, version):
    return CharterAcceptance.objects.create(
        ambassador=ambassador, version=version, accepted_at=timezone.now(), text_sha256="0" * 64
    )


@pytest.fixture
def make_share(make_tracked_link):
    """A share by ``ambassador`` at ``when``."""

    def make(ambassador, when):
        link = make_tracked_link(ambassador=ambassador)
        share = Share.objects.create(
            kit=link.kit, ambassador=ambassador, link=link, network="linkedin", message="Hi"
        )
        Share.objects.filter(pk=share.pk).update(created_at=when)
        return share

    return make


@pytest.fixture
def people(make_ambassador, make_user, make_team):
    """Léa is named, in Sales; Noé anonymous and Ines hidden, in Support; Paul left."""
    sales, support = make_team("Sales"), make_team("Support")
    named = make_ambassador(
        make_user("lea", first_name="Léa", last_name="Roux"), team=sales, recognition="named"
    )
    anonymous = make_ambassador(
        make_user("noe", first_name="Noé", last_name="Petit"), team=support
    )
    hidden = make_ambassador(
        make_user("ines", first_name="Ines", last_name="Haddad"),
        team=support,
        recognition="hidden",
    )
    left = make_ambassador(
        make_user("paul", first_name="Paul", last_name="Blanc"),
        recognition="named",
        left_at=timezone.now(),
    )
    return {"named": named, "anonymous": anonymous, "hidden": hidden, "left": left}


def export(client, export_format, language="en", **params):
    response = client.get(
        LIST_URL, {"export": export_format, **params}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode(), newline="")))
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


# The list -------------------------------------------------------------------------------------


def test_the_list_names_only_those_who_chose_it(admin_client, people):
    html = admin_client.get(LIST_URL).content.decode()
    assert "Léa Roux" in html
    assert "Paul Blanc" in html
    for name in ("Noé", "Petit", "Ines", "Haddad", "noe", "ines"):
        assert name not in html
    assert html.count("Anonymous ambassador") == 2


def test_the_list_shows_team_status_charter_and_joined(admin_client, people, make_version, boss):
    version = make_version(1)
    accept(people["named"], version)
    accept(people["named"], make_version(2))
    suspend_ambassador(people["hidden"], "Posted a confidential slide", boss)

    rows = export(admin_client, "csv")[1:]
    by_name = {row[0]: row for row in rows}
    lea = by_name["Léa Roux"]
    assert lea[1:4] == ["Sales", "Active", "2"]
    joined = timezone.localtime(people["named"].joined_at).isoformat(timespec="seconds")
    assert lea[4:] == [joined, ""]  # no share, no visit to the hub: no activity
    assert by_name["Paul Blanc"][1:4] == ["", "Left", ""]  # no team, accepted no version
    xlsx = {row[0].value: row for row in export(admin_client, "xlsx")[1:]}
    assert xlsx["Léa Roux"][3].value == 2 and xlsx["Léa Roux"][3].data_type == "n"
    assert xlsx["Léa Roux"][4].value == timezone.make_naive(people["named"].joined_at).replace(
        microsecond=0
    )
    assert xlsx["Léa Roux"][5].value is None
    assert sorted(row[2] for row in rows) == ["Active", "Active", "Left", "Suspended"]
    html = admin_client.get(LIST_URL).content.decode()
    assert '<span class="w-status w-status--label">Suspended</span>' in html
    assert '<span class="w-status w-status--primary">Active</span>' in html


def test_last_activity_is_the_later_of_the_last_share_and_hub_visit(
    admin_client, people, make_share
):
    now = timezone.now().replace(microsecond=0)
    Ambassador.objects.filter(pk=people["named"].pk).update(
        last_hub_visit_at=now - timedelta(days=3)
    )
    make_share(people["named"], now - timedelta(days=5))
    make_share(people["named"], now - timedelta(days=1))  # the later: this one
    make_share(people["anonymous"], now - timedelta(days=2))  # no hub visit
    Ambassador.objects.filter(pk=people["hidden"].pk).update(
        last_hub_visit_at=now - timedelta(days=4)
    )  # no share

    activity = {row.pk: row.last_activity for row in ambassador_roster()}
    assert activity[people["named"].pk] == now - timedelta(days=1)
    assert activity[people["anonymous"].pk] == now - timedelta(days=2)
    assert activity[people["hidden"].pk] == now - timedelta(days=4)
    assert activity[people["left"].pk] is None


def test_filters_by_team_status_and_charter(admin_client, people, make_version, boss):
    version = make_version(1)
    accept(people["anonymous"], version)
    suspend_ambassador(people["hidden"], "Spam", boss)
    sales = people["named"].team

    def names(**params):
        return sorted(row[0] for row in export(admin_client, "csv", **params)[1:])

    assert names(team__id__exact=sales.pk) == ["Léa Roux"]
    assert names(status="suspended") == ["Anonymous ambassador"]
    assert names(status="left") == ["Paul Blanc"]
    assert names(status="active") == ["Anonymous ambassador", "Léa Roux"]
    assert names(charter="up-to-date") == ["Anonymous ambassador"]
    assert names(charter="to-accept") == ["Anonymous ambassador", "Léa Roux", "Paul Blanc"]
    # The page shows the same, with the filters' choices.
    html = admin_client.get(LIST_URL, {"status": "left"}).content.decode()
    assert "Paul Blanc" in html and "Léa Roux" not in html
    assert "Must accept the version in effect" in html


def test_a_bad_filter_value_lists_everyone_and_never_fails(admin_client, people):
    for params in ({"status": "banned"}, {"charter": "maybe"}):
        response = admin_client.get(LIST_URL, params)
        assert response.status_code == 200
        assert "Léa Roux" in response.content.decode()
    response = admin_client.get(LIST_URL, {"team__id__exact": "abc"})
    assert response.status_code in (200, 302)


def test_the_charter_filter_is_the_share_gate_rule(people, make_version):
    """Up to date in the list exactly when version_to_accept says nothing is to accept:
    advisory and future versions block nothing, a later acceptance covers an earlier one."""
    v1 = make_version(1)
    v2 = make_version(2, binding=False)
    make_version(3, takes_effect_at=timezone.now() + timedelta(days=3))
    accept(people["named"], v1)
    accept(people["anonymous"], v2)
    up_to_date = {row.pk: row.charter_up_to_date for row in ambassador_roster()}
    for ambassador in people.values():
        assert up_to_date[ambassador.pk] == (version_to_accept(ambassador) is None), ambassador
    assert up_to_date[people["named"].pk] and not up_to_date[people["hidden"].pk]


def test_without_a_charter_everyone_is_up_to_date(people):
    assert all(row.charter_up_to_date for row in ambassador_roster())


# Exports --------------------------------------------------------------------------------------


def test_the_csv_names_only_those_who_chose_it(admin_client, people):
    rows = export(admin_client, "csv")
    assert rows[0] == [
        "Ambassador",
        "Team",
        "Status",
        "Charter version accepted",
        "Joined",
        "Last activity",
    ]
    assert sorted(row[0] for row in rows[1:]) == [
        "Anonymous ambassador",
        "Anonymous ambassador",
        "Léa Roux",
        "Paul Blanc",
    ]
    assert "Noé" not in str(rows) and "Ines" not in str(rows)


def test_the_xlsx_names_only_those_who_chose_it(admin_client, people):
    rows = export(admin_client, "xlsx")
    assert [cell.value for cell in rows[0]][:2] == ["Ambassador", "Team"]
    assert sorted(row[0].value for row in rows[1:]) == [
        "Anonymous ambassador",
        "Anonymous ambassador",
        "Léa Roux",
        "Paul Blanc",
    ]
    values = str([[cell.value for cell in row] for row in rows])
    assert "Noé" not in values and "Haddad" not in values


@pytest.mark.parametrize("payload", ["=1+1", "+SUM(A1)", "@cmd", '=HYPERLINK("http://x")'])
def test_a_formula_typed_in_a_name_or_a_team_is_text(
    admin_client, make_ambassador, make_user, make_team, payload
):
    make_ambassador(
        make_user(), profile_name=payload, recognition="named", team=make_team(payload)
    )

    csv_row = export(admin_client, "csv")[1]
    assert csv_row[:2] == ["'" + payload, "'" + payload]

    xlsx_row = export(admin_client, "xlsx")[1]
    assert [cell.value for cell in xlsx_row[:2]] == [payload, payload]
    assert {cell.data_type for cell in xlsx_row[:2]} == {"s"}


# Who may see it, and what nobody can do here --------------------------------------------------


def test_editors_without_the_permissions_are_refused(client, make_staff, people):
    client.force_login(make_staff())
    response = client.get(LIST_URL)
    assert response.status_code in (302, 403)
    assert "Léa Roux" not in response.content.decode()
    assert client.get(LIST_URL, {"export": "csv"}).status_code in (302, 403)
    for url in (suspend_url(people["anonymous"]), lift_url(people["anonymous"])):
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"reason": "x"}).status_code in (302, 403)
    assert not Ambassador.objects.filter(suspended_at__isnull=False).exists()


def test_report_readers_see_the_list_but_cannot_suspend(client, make_staff, people):
    client.force_login(make_staff("view_advocacy_reports"))
    html = client.get(LIST_URL).content.decode()
    assert "Léa Roux" in html
    assert suspend_url(people["named"]) not in html
    client.post(suspend_url(people["named"]), {"reason": "Spam"})
    assert not Ambassador.objects.get(pk=people["named"].pk).is_suspended


def test_suspenders_see_suspend_and_lift_buttons(client, make_staff, people, boss):
    suspend_ambassador(people["hidden"], "Spam", boss)
    client.force_login(make_staff("suspend_ambassador"))
    html = client.get(LIST_URL).content.decode()
    assert suspend_url(people["named"]) in html
    assert suspend_url(people["anonymous"]) in html
    assert lift_url(people["hidden"]) in html
    assert suspend_url(people["left"]) not in html  # who left cannot be suspended


def test_the_permission_can_be_granted_to_groups(admin_client):
    html = admin_client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert "Can suspend ambassadors" in html
    assert "Can view advocacy reports" in html
    # Not the model's own add/change permissions, which would open nothing.
    from wagtail import hooks

    registered = set()
    for hook in hooks.get_hooks("register_permissions"):
        registered |= set(hook().values_list("content_type__model", "codename"))
    ambassador = {codename for model, codename in registered if model == "ambassador"}
    assert ambassador == {"suspend_ambassador"}


def test_no_admin_path_creates_an_ambassador_or_edits_a_profile(admin_client, make_user, people):
    """Opt-in: even a superuser finds no create, edit, delete or inspect screen."""
    employee = make_user("zoe")
    named = people["named"]
    for action, args in (("create", ()), ("edit", (named.pk,)), ("delete", (named.pk,))):
        url = reverse(f"wagtail_advocacy_ambassador_modeladmin_{action}", args=args)
        # Wagtail answers PermissionDenied with a redirect to the dashboard and a message.
        assert admin_client.get(url).status_code in (302, 403)
        admin_client.post(
            url, {"user": employee.pk, "joined_at": "2026-01-01", "profile_name": "Forced"}
        )
    html = admin_client.get(LIST_URL).content.decode()
    assert reverse("wagtail_advocacy_ambassador_modeladmin_create") not in html
    assert not Ambassador.objects.filter(user=employee).exists()
    assert Ambassador.objects.get(pk=named.pk).profile_name == ""
    assert Ambassador.objects.count() == 4


def test_the_list_has_no_search_that_would_tell_who_is_who(admin_client, people):
    html = admin_client.get(LIST_URL, {"q": "Noé"}).content.decode()
    assert "Noé" not in html.replace('value="Noé"', "")
    assert 'name="q"' not in html


# Query counts ---------------------------------------------------------------------------------


def grow(make_ambassador, make_user, make_team, make_share, make_version, count):
    version = make_version(count)
    team = make_team(f"Team of {count}")
    for index in range(count):
        ambassador = make_ambassador(
            make_user(), team=team, recognition="named" if index % 2 else "anonymous"
        )
        make_share(ambassador, timezone.now())
        accept(ambassador, version)


@pytest.mark.parametrize("export_format", [None, "csv", "xlsx"])
def test_the_list_costs_the_same_queries_for_3_or_30_ambassadors(
    admin_client,
    django_assert_num_queries,
    make_ambassador,
    make_user,
    make_team,
    make_share,
    make_version,
    export_format,
):
    params = {"export": export_format} if export_format else {}

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(LIST_URL, params)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    grow(make_ambassador, make_user, make_team, make_share, make_version, 3)
    count_queries()  # warm the caches a first request fills (site, permissions)
    few = count_queries()
    grow(make_ambassador, make_user, make_team, make_share, make_version, 27)
    with django_assert_num_queries(few):
        response = admin_client.get(LIST_URL, params)
        if response.streaming:
            b"".join(response.streaming_content)


# Suspending and lifting -----------------------------------------------------------------------


def test_the_confirmation_never_names_an_anonymous_ambassador(admin_client, people):
    anonymous = people["anonymous"]
    html = admin_client.get(suspend_url(anonymous)).content.decode()
    assert "Anonymous ambassador" in html
    assert f"Ambassador #{anonymous.pk}" in html
    assert "Support" in html
    assert "Noé" not in html and "Petit" not in html
    named_html = admin_client.get(suspend_url(people["named"])).content.decode()
    assert "Léa Roux" in named_html


def test_suspending_needs_a_post_with_the_csrf_token(boss, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(boss)
    response = client.post(suspend_url(people["named"]), {"reason": "Spam"})
    assert response.status_code == 403
    assert not Ambassador.objects.get(pk=people["named"].pk).is_suspended
    # GET only shows the confirmation.
    client.get(suspend_url(people["named"]), {"reason": "Spam"})
    assert not Ambassador.objects.get(pk=people["named"].pk).is_suspended


@pytest.mark.parametrize("reason", ["", "   ", "<b></b>"])
def test_suspending_needs_a_reason(admin_client, people, reason):
    response = admin_client.post(suspend_url(people["named"]), {"reason": reason})
    assert response.status_code == 200
    assert "Write the reason: the ambassador sees it, in these words." in (
        response.content.decode()
    )
    assert not Ambassador.objects.get(pk=people["named"].pk).is_suspended


def test_suspending_records_who_when_why_in_the_audit_log(admin_client, people, boss):
    anonymous = people["anonymous"]
    response = admin_client.post(
        suspend_url(anonymous), {"reason": "Posted <script>x</script>a client's name"}
    )
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    anonymous.refresh_from_db()
    assert anonymous.is_suspended and anonymous.suspended_by == boss
    assert anonymous.suspension_reason == "Posted xa client's name"
    assert anonymous.is_active  # still an ambassador
    entry = ModelLogEntry.objects.get(action=AMBASSADOR_SUSPENDED)
    assert entry.object_id == str(anonymous.pk) and entry.user == boss
    assert entry.label == f"Ambassador #{anonymous.pk}"  # never a name
    assert entry.data == {"reason": "Posted xa client's name"}
    page = admin_client.get(LIST_URL).content.decode()
    assert f"Anonymous ambassador (Ambassador #{anonymous.pk}) is suspended" in page


def test_a_left_or_already_suspended_ambassador_is_refused_clearly(admin_client, people, boss):
    response = admin_client.post(suspend_url(people["left"]), {"reason": "Spam"})
    assert "Only an active ambassador can be suspended" in response.content.decode()
    suspend_ambassador(people["named"], "Spam", boss)
    response = admin_client.post(suspend_url(people["named"]), {"reason": "Again"})
    assert "This ambassador is already suspended." in response.content.decode()
    assert Ambassador.objects.get(pk=people["named"].pk).suspension_reason == "Spam"
    assert ModelLogEntry.objects.filter(action=AMBASSADOR_SUSPENDED).count() == 1


def test_lifting_is_a_post_and_is_logged(admin_client, people, boss):
    named = people["named"]
    suspend_ambassador(named, "Spam", boss)
    html = admin_client.get(lift_url(named)).content.decode()
    assert "“Spam”" in html and "Lift the suspension" in html
    assert Ambassador.objects.get(pk=named.pk).is_suspended  # GET changes nothing

    response = admin_client.post(lift_url(named))
    assert response.status_code == 302
    named.refresh_from_db()
    assert not named.is_suspended and named.suspension_reason == ""
    assert named.suspended_by is None
    entry = ModelLogEntry.objects.get(action=SUSPENSION_LIFTED)
    assert entry.label == f"Ambassador #{named.pk}" and entry.data == {"reason": "Spam"}
    # Lifting twice changes nothing and logs nothing more.
    assert lift_suspension(named, boss) is False
    assert ModelLogEntry.objects.filter(action=SUSPENSION_LIFTED).count() == 1


def test_an_unknown_ambassador_is_not_found(admin_client):
    assert admin_client.get(suspend_url(Ambassador(pk=999))).status_code == 404


def test_in_french(admin_client, people, boss):
    suspend_ambassador(people["hidden"], "Spam", boss)
    html = admin_client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for words in ("Ambassadeur anonyme", "Suspendu", "Parti", "Dernière activité", "Suspendre"):
        assert words in html, words
    rows = export(admin_client, "csv", language="fr")
    assert rows[0][:3] == ["Ambassadeur", "Équipe", "Statut"]
    confirmation = admin_client.get(suspend_url(people["anonymous"]), HTTP_ACCEPT_LANGUAGE="fr")
    assert f"Ambassadeur n° {people['anonymous'].pk}" in confirmation.content.decode()
