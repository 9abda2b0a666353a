"""Rewards and charities: spending points atomically, the fulfilment queue, refunds, the
low-stock alert, the exports, and everything hidden while rewards are off."""

import csv
import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.game_forms import request_key_in
from wagtail_advocacy.game.models import (
    Charity,
    PointsEntry,
    PointsReason,
    Redemption,
    RedemptionStatus,
    Reward,
)
from wagtail_advocacy.game.points import balance, lifetime_points
from wagtail_advocacy.game.rewards import (
    InvalidRequestKey,
    RedemptionRefused,
    decide,
    donate,
    new_request_key,
    redeem_reward,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rewards_on(switch_on):
    return switch_on("points", "rewards")


@pytest.fixture
def make_reward(db):
    def make(title="Company hoodie", *, price=100, teams=(), **fields):
        reward = Reward.objects.create(title=title, points_price=price, **fields)
        reward.teams.set(teams)
        return reward

    return make


@pytest.fixture
def charity(db):
    return Charity.objects.create(name="Food bank", rate=Decimal("0.01"), matching_percentage=50)


@pytest.fixture
def admin_user(make_user):
    return make_user("fulfilment", is_staff=True, is_superuser=True)


def test_redeeming_spends_points_and_never_goes_below_zero(
    rewards_on, make_ambassador, give_points, make_reward
):
    ambassador = make_ambassador()
    give_points(ambassador, 150)
    hoodie = make_reward(price=100, value=Decimal("35.00"))

    redemption = redeem_reward(ambassador, hoodie.pk)

    assert redemption.status == RedemptionStatus.REQUESTED
    assert balance(ambassador) == 50
    assert PointsEntry.objects.get(idempotency_key=f"redemption:{redemption.pk}").points == -100
    with pytest.raises(RedemptionRefused, match="You need 100 points for this and have 50"):
        redeem_reward(ambassador, hoodie.pk)
    assert balance(ambassador) == 50
    assert Redemption.objects.count() == 1
    # Spending is not earning: what they earned in all is unchanged.
    assert lifetime_points(ambassador) == 150


def test_stock_never_goes_below_zero(rewards_on, make_ambassador, give_points, make_reward):
    first, second = make_ambassador(), make_ambassador()
    give_points(first, 100)
    give_points(second, 100)
    mug = make_reward("Mug", price=10, stock=1)

    redeem_reward(first, mug.pk)
    with pytest.raises(RedemptionRefused, match="out of stock"):
        redeem_reward(second, mug.pk)

    mug.refresh_from_db()
    assert mug.stock == 0
    assert balance(second) == 100


def test_unlimited_stock_stays_unlimited(rewards_on, make_ambassador, give_points, make_reward):
    ambassador = make_ambassador()
    give_points(ambassador, 100)
    day_off = make_reward("Half a day off", price=20, stock=None)
    for _ in range(3):
        redeem_reward(ambassador, day_off.pk)
    day_off.refresh_from_db()
    assert day_off.stock is None
    assert balance(ambassador) == 40


def test_rejection_refunds_points_and_stock_and_the_ambassador_reads_why(
    rewards_on, make_ambassador, give_points, make_reward, admin_user, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 100)
    mug = make_reward("Mug", price=60, stock=5)
    redemption = redeem_reward(ambassador, mug.pk)

    with pytest.raises(RedemptionRefused, match="Say why"):
        decide(redemption.pk, "reject", admin_user, "  ")
    decide(redemption.pk, "reject", admin_user, "This mug is <b>discontinued</b>")

    redemption.refresh_from_db()
    mug.refresh_from_db()
    assert redemption.status == RedemptionStatus.REJECTED
    assert redemption.decided_by == admin_user
    assert balance(ambassador) == 100
    assert mug.stock == 5
    assert PointsEntry.objects.get(idempotency_key=f"refund:{redemption.pk}").points == 60
    # Rejecting twice (two people at once) cannot refund twice.
    with pytest.raises(RedemptionRefused, match="not waiting"):
        decide(redemption.pk, "reject", admin_user, "again")
    assert balance(ambassador) == 100

    client.force_login(ambassador.user)
    page = client.get(reverse("wagtail_advocacy:game_my_requests")).content.decode()
    assert "Rejected: This mug is &lt;b&gt;discontinued&lt;/b&gt;" in page
    assert "your points were given back" in page


def test_approve_then_fulfil_through_the_queue_by_post_only(
    rewards_on, make_ambassador, give_points, make_reward, admin_user, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 100)
    redemption = redeem_reward(ambassador, make_reward(price=10).pk)
    client.force_login(admin_user)
    approve = reverse(
        "wagtail_advocacy_game_admin:decide_request", args=[redemption.pk, "approve"]
    )
    fulfil = reverse("wagtail_advocacy_game_admin:decide_request", args=[redemption.pk, "fulfil"])

    assert client.get(approve).status_code == 405
    queue = client.get(reverse("wagtail_advocacy_game_admin:fulfilment_queue"))
    assert "Company hoodie" in queue.content.decode()
    assert client.post(fulfil).status_code == 302  # not approved yet: refused, said
    redemption.refresh_from_db()
    assert redemption.status == RedemptionStatus.REQUESTED
    client.post(approve)
    client.post(fulfil)
    redemption.refresh_from_db()
    assert redemption.status == RedemptionStatus.FULFILLED
    assert redemption.fulfilled_at is not None
    fulfilled = client.get(
        reverse("wagtail_advocacy_game_admin:fulfilment_queue") + "?status=fulfilled"
    )
    assert "Fulfilled" in fulfilled.content.decode()
    bad = client.get(reverse("wagtail_advocacy_game_admin:fulfilment_queue") + "?status=nonsense")
    assert bad.status_code == 200
    assert "Unknown status" in bad.content.decode()
    assert (
        client.post(
            reverse("wagtail_advocacy_game_admin:decide_request", args=[redemption.pk, "explode"])
        ).status_code
        == 404
    )


def test_the_queue_needs_its_permissions(
    rewards_on, make_user, make_ambassador, give_points, make_reward, client
):
    from django.contrib.auth.models import Permission

    ambassador = make_ambassador()
    give_points(ambassador, 100)
    redemption = redeem_reward(ambassador, make_reward(price=10).pk)
    editor = make_user(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    queue = reverse("wagtail_advocacy_game_admin:fulfilment_queue")
    approve = reverse(
        "wagtail_advocacy_game_admin:decide_request", args=[redemption.pk, "approve"]
    )

    for url in [queue, reverse("wagtail_advocacy_game_admin:payroll_export")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")

    # Reading the queue is not deciding it.
    editor.user_permissions.add(Permission.objects.get(codename="view_redemption"))
    page = client.get(queue).content.decode()
    assert "Company hoodie" in page
    assert "/approve/" not in page and "Reject and refund" not in page
    assert client.post(approve).status_code == 302
    redemption.refresh_from_db()
    assert redemption.status == RedemptionStatus.REQUESTED


def test_what_we_track_says_what_a_request_records_only_while_rewards_are_on(
    switch_on, make_ambassador, client
):
    client.force_login(make_ambassador().user)
    url = reverse("wagtail_advocacy:what_we_track")
    assert "For each reward you request" not in client.get(url).content.decode()
    switch_on("rewards")
    assert "For each reward you request" in client.get(url).content.decode()


def test_low_stock_email_is_sent_once(
    rewards_on,
    make_ambassador,
    give_points,
    make_reward,
    make_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    ambassador = make_ambassador()
    give_points(ambassador, 1000)
    keeper = make_user("stockkeeper")
    mug = make_reward(
        "Mug", price=10, stock=4, low_stock_threshold=2, alert_emails="office@northwind.example"
    )
    mug.alert_users.add(keeper)

    # The alert is queued once the spending is committed.
    with django_capture_on_commit_callbacks(execute=True):
        redeem_reward(ambassador, mug.pk)  # 3 left
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        redeem_reward(ambassador, mug.pk)  # 2 left: the alert
    with django_capture_on_commit_callbacks(execute=True):
        redeem_reward(ambassador, mug.pk)  # 1 left: no second alert

    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == [
        "office@northwind.example",
        "stockkeeper@northwind.example",
    ]
    assert "Mug" in mailoutbox[0].subject
    assert "has 2 left" in mailoutbox[0].body


def test_donating_to_a_charity_pledges_money_with_matching(
    rewards_on, make_ambassador, give_points, charity
):
    ambassador = make_ambassador()
    give_points(ambassador, 500)
    redemption = donate(ambassador, charity.pk, 300)
    assert (redemption.value, redemption.matching) == (Decimal("3.00"), Decimal("1.50"))
    assert balance(ambassador) == 200
    with pytest.raises(RedemptionRefused, match="You need 300 points"):
        donate(ambassador, charity.pk, 300)
    with pytest.raises(RedemptionRefused, match="at least 1"):
        donate(ambassador, charity.pk, 0)


def test_catalogue_shows_balance_own_teams_rewards_and_charities(
    rewards_on, make_ambassador, make_team, give_points, make_reward, charity, client
):
    sales, hr = make_team("Sales"), make_team("HR")
    ambassador = make_ambassador(team=sales)
    give_points(ambassador, 250)
    make_reward("Hoodie for all", price=100)
    make_reward("Sales dinner", price=200, teams=[sales])
    make_reward("HR retreat", price=10, teams=[hr])
    make_reward(
        "Last year's calendar", price=10, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    make_reward("Sold-out mug", price=10, stock=0)

    client.force_login(ambassador.user)
    page = client.get(reverse("wagtail_advocacy:game_rewards")).content.decode()

    assert "You have 250 points to spend." in page
    assert "Hoodie for all" in page and "Sales dinner" in page
    assert "HR retreat" not in page
    assert "Last year" not in page and "Sold-out mug" not in page
    assert "Food bank" in page
    assert "Your 250 points would give 2.50 EUR." in page


def test_one_point_reads_one_point_on_the_rewards_pages(
    rewards_on, make_ambassador, give_points, make_reward, charity, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 1)
    sticker = make_reward("Sticker", price=1, stock=1)
    client.force_login(ambassador.user)

    catalogue = client.get(reverse("wagtail_advocacy:game_rewards")).content.decode()
    redeem = client.get(reverse("wagtail_advocacy:game_redeem", args=[sticker.pk]))

    assert "You have 1 point to spend." in catalogue
    assert "1 point" in catalogue and "1 points" not in catalogue
    assert "1 left" in catalogue
    assert "“Sticker” costs 1 point; you have 1." in redeem.content.decode()


def test_redeem_form_confirms_then_spends(
    rewards_on, make_ambassador, give_points, make_reward, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 150)
    hoodie = make_reward(price=100)
    client.force_login(ambassador.user)
    url = reverse("wagtail_advocacy:game_redeem", args=[hoodie.pk])

    confirm = client.get(url).content.decode()
    assert "You will have 50 points left." in confirm
    assert "csrfmiddlewaretoken" in confirm
    assert Redemption.objects.count() == 0

    response = client.post(url, {"request_key": request_key_in(confirm)})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtail_advocacy:game_my_requests")
    mine = client.get(response["Location"]).content.decode()
    assert "Company hoodie" in mine and "Requested" in mine
    # Once: the example intranet's base template shows it, the page leaves it to that.
    assert mine.count("Your request is in: we will tell you here how it goes.") == 1
    assert balance(ambassador) == 50


def test_the_redeem_form_needs_csrf(rewards_on, make_ambassador, give_points, make_reward):
    from django.test import Client

    ambassador = make_ambassador()
    give_points(ambassador, 150)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ambassador.user)
    url = reverse("wagtail_advocacy:game_redeem", args=[make_reward(price=100).pk])
    assert strict.post(url).status_code == 403
    assert balance(ambassador) == 150


def test_a_redeem_form_submitted_twice_makes_one_request(
    rewards_on, make_ambassador, give_points, make_reward, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 250)
    mug = make_reward("Mug", price=100, stock=5)
    client.force_login(ambassador.user)
    url = reverse("wagtail_advocacy:game_redeem", args=[mug.pk])
    key = request_key_in(client.get(url).content.decode())

    first = client.post(url, {"request_key": key})
    second = client.post(url, {"request_key": key})

    my_requests = reverse("wagtail_advocacy:game_my_requests")
    assert first["Location"] == second["Location"] == my_requests
    page = client.get(my_requests).content.decode()
    assert page.count("<td>Mug</td>") == 1
    assert Redemption.objects.count() == 1
    assert balance(ambassador) == 150
    mug.refresh_from_db()
    assert mug.stock == 4
    # A new confirmation is a new request.
    client.post(url, {"request_key": request_key_in(client.get(url).content.decode())})
    assert Redemption.objects.count() == 2
    assert balance(ambassador) == 50


def test_a_donation_confirmed_twice_gives_once(
    rewards_on, make_ambassador, give_points, charity, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 500)
    client.force_login(ambassador.user)
    url = reverse("wagtail_advocacy:game_give", args=[charity.pk])
    key = request_key_in(client.post(url, {"points": "200"}).content.decode())
    confirmed = {"points": "200", "confirmed": "1", "request_key": key}

    responses = [client.post(url, confirmed), client.post(url, confirmed)]

    my_requests = reverse("wagtail_advocacy:game_my_requests")
    assert [response["Location"] for response in responses] == [my_requests, my_requests]
    assert Redemption.objects.count() == 1
    assert balance(ambassador) == 300


def test_the_same_key_in_code_returns_the_first_request(
    rewards_on, make_ambassador, give_points, make_reward, charity
):
    ambassador = make_ambassador()
    give_points(ambassador, 500)
    hoodie = make_reward(price=100)
    key = new_request_key(ambassador)

    first = redeem_reward(ambassador, hoodie.pk, key)
    assert redeem_reward(ambassador, hoodie.pk, key) == first
    assert donate(ambassador, charity.pk, 100, key) == first  # the form's key, used up
    assert balance(ambassador) == 400
    assert PointsEntry.objects.filter(reason=PointsReason.REDEMPTION).count() == 1


def test_a_key_that_lost_the_race_to_the_unique_constraint_returns_the_winner(
    rewards_on, make_ambassador, give_points, make_reward, monkeypatch
):
    """The other request committed between the look-up and the insert: the constraint
    refuses the second row, and the request made first is returned, nothing spent again."""
    from wagtail_advocacy.game import rewards

    ambassador = make_ambassador()
    give_points(ambassador, 500)
    mug = make_reward("Mug", price=100, stock=5)
    key = new_request_key(ambassador)
    first = redeem_reward(ambassador, mug.pk, key)
    found, look_ups = rewards._made_with, []

    def late_look_up(*args):  # the first look-up ran before the other request committed
        look_ups.append(args)
        return found(*args) if len(look_ups) > 1 else None

    monkeypatch.setattr(rewards, "_made_with", late_look_up)

    assert redeem_reward(ambassador, mug.pk, key) == first
    assert len(look_ups) == 2
    assert Redemption.objects.count() == 1
    assert balance(ambassador) == 400
    mug.refresh_from_db()
    assert mug.stock == 4


@pytest.mark.parametrize("case", ["missing", "forged", "tampered", "another's"])
def test_a_confirmation_without_a_valid_key_buys_nothing_and_says_why(
    case, rewards_on, make_ambassador, give_points, make_reward, charity, client
):
    ambassador, colleague = make_ambassador(), make_ambassador()
    give_points(ambassador, 500)
    hoodie = make_reward(price=100)
    client.force_login(ambassador.user)
    key = {
        "missing": lambda: "",
        "forged": lambda: "a-token-made-up-by-hand",
        "tampered": lambda: new_request_key(ambassador)[:-2] + "xx",
        "another's": lambda: new_request_key(colleague),
    }[case]()

    redeem = client.post(
        reverse("wagtail_advocacy:game_redeem", args=[hoodie.pk]), {"request_key": key}
    )
    give = client.post(
        reverse("wagtail_advocacy:game_give", args=[charity.pk]),
        {"points": "100", "confirmed": "1", "request_key": key},
    )

    message = "This confirmation is not valid: go back to the rewards and confirm again."
    for response in (redeem, give):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Redemption.objects.count() == 0
    assert balance(ambassador) == 500
    with pytest.raises(InvalidRequestKey):
        redeem_reward(ambassador, hoodie.pk, key)


@pytest.mark.parametrize("case", ["unknown", "ended", "other team", "too few points"])
def test_bad_redemptions_get_a_clear_message_not_a_500(
    case, rewards_on, make_ambassador, make_team, give_points, make_reward, client
):
    ambassador = make_ambassador(team=make_team("Sales"))
    give_points(ambassador, 50)
    reward_id = {
        "unknown": lambda: 999_999,
        "ended": lambda: make_reward(price=10, ends_on=datetime.date(2020, 1, 1)).pk,
        "other team": lambda: make_reward(price=10, teams=[make_team("HR")]).pk,
        "too few points": lambda: make_reward(price=100).pk,
    }[case]()
    client.force_login(ambassador.user)

    response = client.post(
        reverse("wagtail_advocacy:game_redeem", args=[reward_id]),
        {"request_key": new_request_key(ambassador)},
    )

    expected = (
        "You need 100 points for this and have 50."
        if case == "too few points"
        else "This reward is not offered to you (any more)."
    )
    assert response.status_code in (404, 409)
    assert expected in response.content.decode()
    assert balance(ambassador) == 50
    assert Redemption.objects.count() == 0


@pytest.mark.parametrize("points", ["", "abc", "0", "-5", "1.5", "99999999999"])
def test_bad_donation_amounts_are_refused_clearly(
    points, rewards_on, make_ambassador, give_points, charity, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 50)
    client.force_login(ambassador.user)
    response = client.post(
        reverse("wagtail_advocacy:game_give", args=[charity.pk]), {"points": points}
    )
    assert response.status_code == 400
    assert 'class="advocacy-error"' in response.content.decode()
    assert balance(ambassador) == 50


def test_donation_confirms_then_pledges(rewards_on, make_ambassador, give_points, charity, client):
    ambassador = make_ambassador()
    give_points(ambassador, 500)
    client.force_login(ambassador.user)
    url = reverse("wagtail_advocacy:game_give", args=[charity.pk])

    confirm = client.post(url, {"points": "200"}).content.decode()
    assert "Your 200 points give 2.00 EUR." in confirm and "The company adds 1.00 EUR." in confirm
    assert Redemption.objects.count() == 0
    key = request_key_in(confirm)
    too_many = client.post(url, {"points": "900", "confirmed": "1", "request_key": key})
    assert too_many.status_code == 409
    assert "You need 900 points for this and have 500." in too_many.content.decode()
    pledged = client.post(
        url, {"points": "200", "confirmed": "1", "request_key": key}, follow=True
    )
    assert pledged.redirect_chain[-1][0] == reverse("wagtail_advocacy:game_my_requests")
    assert pledged.content.decode().count("Thank you: your donation is pledged.") == 1
    assert balance(ambassador) == 300
    assert client.get(reverse("wagtail_advocacy:game_give", args=[999_999])).status_code == 404


def test_switched_off_rewards_show_nowhere(
    switch_on, make_ambassador, give_points, make_reward, admin_user, client
):
    switch_on("points")  # rewards stay off
    ambassador = make_ambassador()
    give_points(ambassador, 500)
    hoodie = make_reward(price=10)
    with pytest.raises(RedemptionRefused):
        redeem_reward(ambassador, hoodie.pk)

    client.force_login(ambassador.user)
    for url in [
        reverse("wagtail_advocacy:game_rewards"),
        reverse("wagtail_advocacy:game_redeem", args=[hoodie.pk]),
        reverse("wagtail_advocacy:game_my_requests"),
    ]:
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("wagtail_advocacy:game_redeem", args=[hoodie.pk])).status_code == 404
    )
    impact = client.get(reverse("wagtail_advocacy:impact")).content.decode()
    assert reverse("wagtail_advocacy:game_rewards") not in impact

    client.force_login(admin_user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Reward requests" not in home
    assert "Donations pledged with points" not in home
    assert "/admin/wagtail_advocacy_game/reward/" not in home
    assert client.get(reverse("wagtail_advocacy_game_admin:fulfilment_queue")).status_code == 404
    assert client.get(reverse("wagtail_advocacy_game_admin:finance_export")).status_code == 404


def test_switched_on_rewards_appear_in_the_menu_and_on_my_impact(
    rewards_on, make_ambassador, admin_user, client
):
    ambassador = make_ambassador()
    client.force_login(ambassador.user)
    impact = client.get(reverse("wagtail_advocacy:impact")).content.decode()
    assert reverse("wagtail_advocacy:game_rewards") in impact
    client.force_login(admin_user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Reward requests" in home
    assert "Donations pledged with points" in home


def test_members_of_an_excluded_team_get_no_rewards(
    switch_on, make_ambassador, make_team, give_points, make_reward, client
):
    works_council = make_team("Works council")
    settings = switch_on("points", "rewards")
    settings.excluded_teams.add(works_council)
    ambassador = make_ambassador(team=works_council)
    give_points(ambassador, 100)
    with pytest.raises(RedemptionRefused):
        redeem_reward(ambassador, make_reward(price=10).pk)
    client.force_login(ambassador.user)
    assert client.get(reverse("wagtail_advocacy:game_rewards")).status_code == 404


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_payroll_export_lists_fulfilled_rewards_per_employee_neutralising_formulas(
    rewards_on, make_user, make_ambassador, give_points, make_reward, admin_user, client
):
    camille = make_ambassador(make_user("camille", first_name="=cmd|' /C calc'!A0"))
    give_points(camille, 1000)
    hoodie = make_reward('=HYPERLINK("http://evil.example")', price=100, value=Decimal("35.00"))
    for _ in range(2):
        decide(redeem_reward(camille, hoodie.pk).pk, "approve", admin_user)
    for redemption in Redemption.objects.all():
        decide(redemption.pk, "fulfil", admin_user)
    redeem_reward(camille, hoodie.pk)  # requested only: not a benefit yet

    client.force_login(admin_user)
    rows = _csv_rows(client.get(reverse("wagtail_advocacy_game_admin:payroll_export")))

    assert rows == [
        ["Username", "First name", "Last name", "Reward", "Count", "Value", "Currency"],
        [
            "camille",
            "'=cmd|' /C calc'!A0",
            "Example",
            '\'=HYPERLINK("http://evil.example")',
            "2",
            "70.00",
            "EUR",
        ],
    ]


def test_finance_export_lists_pledged_donations_per_charity_with_matching(
    rewards_on, make_ambassador, give_points, charity, admin_user, client
):
    sneaky = Charity.objects.create(name="@SUM(A1:A9)", rate=Decimal("0.02"))
    first, second = make_ambassador(), make_ambassador()
    give_points(first, 1000)
    give_points(second, 1000)
    donate(first, charity.pk, 100)
    donate(second, charity.pk, 300)
    donate(first, sneaky.pk, 50)
    rejected = donate(second, sneaky.pk, 500)
    decide(rejected.pk, "reject", admin_user, "Not a registered charity")

    client.force_login(admin_user)
    rows = _csv_rows(client.get(reverse("wagtail_advocacy_game_admin:finance_export")))

    assert rows == [
        ["Charity", "Donations", "Points", "Donated", "Company matching", "Total", "Currency"],
        ["'@SUM(A1:A9)", "1", "50", "1.00", "0.00", "1.00", "EUR"],
        ["Food bank", "2", "400", "4.00", "2.00", "6.00", "EUR"],
    ]


def test_the_dashboard_shows_totals_donated_in_constant_queries(
    rewards_on, make_ambassador, give_points, admin_user, rf
):
    from wagtail_advocacy.game.panels import rewards_panel

    def render_panel():
        request = rf.get("/admin/")
        request.user = type(admin_user).objects.get(pk=admin_user.pk)  # as each request
        with CaptureQueriesContext(connection) as queries:
            html = rewards_panel(request).render_html({})
        return html, len(queries)

    def pledge(count):
        for n in range(count):
            charity = Charity.objects.create(name=f"Charity {n:03}", rate=Decimal("0.01"))
            ambassador = make_ambassador()
            give_points(ambassador, 100)
            donate(ambassador, charity.pk, 100)

    pledge(2)
    small_html, small = render_panel()
    pledge(8)
    large_html, large = render_panel()

    assert "2.00 EUR donated by ambassadors" in small_html
    assert "10.00 EUR donated by ambassadors" in large_html
    assert small == large


def test_the_catalogue_and_my_requests_keep_constant_queries(
    rewards_on, make_ambassador, give_points, make_reward, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 10_000)
    client.force_login(ambassador.user)

    def counted(url):
        client.get(url)  # caches warmed and renditions made
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200
        assert "Reward " in page.content.decode()
        return len(queries)

    grown = []

    def grow(count):
        from wagtail.images import get_image_model
        from wagtail.images.tests.utils import get_test_image_file

        for n in range(count):
            image = get_image_model().objects.create(title="Reward", file=get_test_image_file())
            reward = make_reward(f"Reward {len(grown)}", price=1, image=image)
            grown.append(reward)
            redeem_reward(ambassador, reward.pk)
            Charity.objects.create(name=f"Charity {n}", rate=Decimal("0.01"))

    grow(2)
    small = [
        counted(reverse("wagtail_advocacy:game_rewards")),
        counted(reverse("wagtail_advocacy:game_my_requests")),
    ]
    grow(6)
    catalogue = client.get(reverse("wagtail_advocacy:game_rewards")).content.decode()
    assert catalogue.count("<img") == 8
    large = [
        counted(reverse("wagtail_advocacy:game_rewards")),
        counted(reverse("wagtail_advocacy:game_my_requests")),
    ]
    assert small == large


def test_spent_points_do_not_move_anyone_on_the_leaderboard(
    switch_on, make_ambassador, give_points, make_reward
):
    from wagtail_advocacy.game.choices import BoardKind, Metric, PeriodChoice
    from wagtail_advocacy.game.leaderboards import compute_board, resolve_period

    switch_on("points", "rewards", "leaderboards")
    spender, saver = make_ambassador(), make_ambassador()
    give_points(spender, 100)
    give_points(saver, 90)
    redeem_reward(spender, make_reward(price=80).pk)
    board = compute_board(BoardKind.AMBASSADORS, Metric.POINTS, resolve_period(PeriodChoice.MONTH))
    assert board.rank_of(spender.pk) == 1
    assert board.rank_of(saver.pk) == 2


# Concurrency -------------------------------------------------------------------------------

ON_POSTGRESQL = connection.vendor == "postgresql"
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason=(
        "SQLite serialises every write and ignores SELECT ... FOR UPDATE, so threads cannot "
        "race there; run with DATABASE_URL=postgres://... to test the locking."
    ),
)


def _race(count, attempt):
    """Run ``attempt()`` in ``count`` threads released at once; return what each gave."""
    barrier = threading.Barrier(count)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(attempt())
        except RedemptionRefused as refusal:
            results.append(refusal)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every transactional test
def test_concurrent_requests_for_the_last_item_sell_it_once(
    switch_on, make_ambassador, give_points, make_reward
):
    switch_on("points", "rewards")
    ambassadors = [make_ambassador() for _ in range(6)]
    for ambassador in ambassadors:
        give_points(ambassador, 100)
    last = make_reward("Last ticket", price=50, stock=1)

    pending = iter(ambassadors)
    lock = threading.Lock()

    def attempt():
        with lock:
            ambassador = next(pending)
        return redeem_reward(ambassador, last.pk)

    results = _race(6, attempt)

    assert sum(isinstance(result, Redemption) for result in results) == 1
    last.refresh_from_db()
    assert last.stock == 0
    assert Redemption.objects.count() == 1
    assert sum(balance(ambassador) for ambassador in ambassadors) == 550


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every transactional test
def test_concurrent_requests_for_the_last_points_spend_them_once(
    switch_on, make_ambassador, give_points, make_reward
):
    switch_on("points", "rewards")
    ambassador = make_ambassador()
    give_points(ambassador, 100)
    hoodie = make_reward(price=100)

    results = _race(6, lambda: redeem_reward(ambassador, hoodie.pk))

    assert sum(isinstance(result, Redemption) for result in results) == 1
    assert balance(ambassador) == 0
    assert PointsEntry.objects.filter(reason=PointsReason.REDEMPTION).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every transactional test
def test_concurrent_submits_of_one_form_make_one_request(
    switch_on, make_ambassador, give_points, make_reward, charity
):
    switch_on("points", "rewards")
    ambassador = make_ambassador()
    give_points(ambassador, 1000)
    mug = make_reward("Mug", price=100, stock=3)
    reward_key, donation_key = new_request_key(ambassador), new_request_key(ambassador)

    requests = _race(6, lambda: redeem_reward(ambassador, mug.pk, reward_key))
    donations = _race(6, lambda: donate(ambassador, charity.pk, 200, donation_key))

    for results in (requests, donations):
        assert all(isinstance(result, Redemption) for result in results), results
        assert len({result.pk for result in results}) == 1
    assert Redemption.objects.count() == 2
    assert balance(ambassador) == 700
    mug.refresh_from_db()
    assert mug.stock == 2


def test_administrators_edit_rewards_and_charities_in_the_game_menu(
    rewards_on, admin_user, make_team, client
):
    client.force_login(admin_user)
    index = client.get("/admin/wagtail_advocacy_game/reward/")
    assert index.status_code == 200
    create = "/admin/wagtail_advocacy_game/reward/create/"
    form = client.get(create).content.decode()
    assert 'name="low_stock_alerted_at"' not in form
    refused = client.post(
        create, {"title": "Hoodie", "points_price": "0", "alert_emails": "not-an-address"}
    )
    assert refused.status_code == 200
    assert Reward.objects.count() == 0
    page = refused.content.decode()
    assert "“not-an-address” is not an email address." in page
    client.post(
        create,
        {
            "title": "Hoodie",
            "points_price": "200",
            "value": "35.00",
            "stock": "10",
            "teams": [make_team("Sales").pk],
            "alert_emails": "office@northwind.example",
        },
    )
    hoodie = Reward.objects.get()
    assert (hoodie.points_price, hoodie.stock, hoodie.value) == (200, 10, Decimal("35.00"))
    assert client.get("/admin/wagtail_advocacy_game/charity/").status_code == 200


def test_requests_are_in_the_personal_data(
    rewards_on, make_ambassador, give_points, make_reward, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 100)
    redeem_reward(ambassador, make_reward("Mug", price=30).pk)
    client.force_login(ambassador.user)
    data = client.get(reverse("wagtail_advocacy:personal_data_export")).json()
    assert [(row["reward"], row["points"], row["status"]) for row in data["reward_requests"]] == [
        ("Mug", 30, "requested")
    ]


@pytest.fixture
def erased_spender(
    rewards_on, make_user, make_ambassador, give_points, make_reward, charity, admin_user
):
    """Zéphyrine, who got a taxable hoodie, gave to the food bank twice (once approved,
    once waiting), waits for a mug, had a cap rejected with a reason naming her, and then
    erased her data; Bob, a colleague, got a hoodie too."""
    from wagtail_advocacy.people.erasure import erase_ambassador

    her = make_ambassador(make_user("zquarantotto", first_name="Zéphyrine"))
    bob = make_ambassador(make_user("bob", first_name="Bob"))
    give_points(her, 1000)
    give_points(bob, 1000)
    hoodie = make_reward("Hoodie", price=100, value=Decimal("35.00"))
    mug = make_reward("Mug", price=50, stock=3)
    for ambassador in (her, bob):
        decide(redeem_reward(ambassador, hoodie.pk).pk, "approve", admin_user)
    for redemption in Redemption.objects.filter(status=RedemptionStatus.APPROVED):
        decide(redemption.pk, "fulfil", admin_user)
    decide(donate(her, charity.pk, 200).pk, "approve", admin_user)
    waiting_donation = donate(her, charity.pk, 100)
    waiting_mug = redeem_reward(her, mug.pk)
    cap = redeem_reward(her, make_reward("Cap", price=10).pk)
    decide(cap.pk, "reject", admin_user, "Zéphyrine asked for another colour")
    before = {
        "finance": _export(admin_user, "finance_export"),
        "requests": Redemption.objects.count(),
    }
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        erase_ambassador(her)
    return {
        "her": her,
        "bob": bob,
        "mug": mug,
        "waiting_mug": waiting_mug,
        "waiting_donation": waiting_donation,
        "before": before,
    }


def _export(user, name):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return _csv_rows(client.get(reverse(f"wagtail_advocacy_game_admin:{name}")))


def test_erasure_keeps_her_requests_without_her(erased_spender):
    her = erased_spender["her"]
    assert Redemption.objects.count() == erased_spender["before"]["requests"]
    assert not Redemption.objects.filter(ambassador=her).exists()
    assert Redemption.objects.filter(ambassador__isnull=True).count() == 5
    # Nothing names her: the reason of the rejection went with her.
    assert not Redemption.objects.filter(comment__icontains="Zéphyrine").exists()
    assert not PointsEntry.objects.filter(ambassador=her).exists()


def test_erasure_cancels_her_waiting_reward_and_keeps_her_waiting_donation(
    erased_spender, admin_user
):
    mug, waiting_mug = erased_spender["mug"], erased_spender["waiting_mug"]
    waiting_mug.refresh_from_db()
    mug.refresh_from_db()
    assert waiting_mug.status == RedemptionStatus.REJECTED
    assert mug.stock == 3  # back in stock, for someone else
    donation = erased_spender["waiting_donation"]
    donation.refresh_from_db()
    assert donation.status == RedemptionStatus.REQUESTED
    # The queue decides on it as on any other; a rejection has no one to refund.
    decide(donation.pk, "approve", admin_user)
    decide(donation.pk, "reject", admin_user, "The charity closed")
    assert not PointsEntry.objects.filter(reason=PointsReason.REFUND).exists()


def test_a_confirmation_posted_again_after_erasure_and_rejoining_is_a_new_request(
    rewards_on,
    make_ambassador,
    give_points,
    make_reward,
    client,
    django_capture_on_commit_callbacks,
):
    """Rejoining keeps the ambassador row, so the old signed key is still theirs: posting
    the old confirmation again is a new request, never a clash with the erased one."""
    from wagtail_advocacy.people.erasure import erase_ambassador
    from wagtail_advocacy.people.programme import join_programme

    ambassador = make_ambassador()
    give_points(ambassador, 300)
    mug = make_reward("Mug", price=50)
    client.force_login(ambassador.user)
    url = reverse("wagtail_advocacy:game_redeem", args=[mug.pk])
    key = request_key_in(client.get(url).content.decode())
    assert client.post(url, {"request_key": key}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        erase_ambassador(ambassador)
    assert Redemption.objects.filter(ambassador__isnull=True, request_key__isnull=True).exists()
    back = join_programme(ambassador.user)
    give_points(back, 100)

    again = client.post(url, {"request_key": key})

    assert again.status_code == 302
    assert Redemption.objects.filter(ambassador=back).count() == 1


def test_after_erasure_the_finance_export_and_donation_totals_are_unchanged(
    erased_spender, admin_user, charity
):
    from wagtail_advocacy.game.rewards import donated_totals

    assert _export(admin_user, "finance_export") == erased_spender["before"]["finance"]
    assert [
        (row["charity__name"], row["donations"], row["donated"]) for row in donated_totals()
    ] == [("Food bank", 2, Decimal("3.00"))]


def test_after_erasure_the_payroll_export_keeps_her_benefit_unnamed(erased_spender, admin_user):
    assert _export(admin_user, "payroll_export") == [
        ["Username", "First name", "Last name", "Reward", "Count", "Value", "Currency"],
        ["bob", "Bob", "Example", "Hoodie", "1", "35.00", "EUR"],
        ["", "Erased ambassador", "", "Hoodie", "1", "35.00", "EUR"],
    ]


def test_after_erasure_the_queue_shows_an_erased_ambassador(erased_spender, admin_user, client):
    client.force_login(admin_user)
    page = client.get(
        reverse("wagtail_advocacy_game_admin:fulfilment_queue"), {"status": ""}
    ).content.decode()
    assert page.count("Erased ambassador") == 5
    assert "Zéphyrine" not in page and "zquarantotto" not in page
    french = client.get(
        reverse("wagtail_advocacy_game_admin:fulfilment_queue"),
        {"status": ""},
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    assert "Ambassadeur effacé" in french


def test_after_erasure_and_a_new_start_her_requests_and_data_are_empty(erased_spender, client):
    from wagtail_advocacy.people.programme import join_programme

    her = erased_spender["her"]
    join_programme(her.user)
    client.force_login(her.user)
    mine = client.get(reverse("wagtail_advocacy:game_my_requests"))
    assert mine.status_code == 200
    assert "You have not spent any points yet." in mine.content.decode()
    data = client.get(reverse("wagtail_advocacy:personal_data_export")).json()
    assert data["reward_requests"] == []


def test_a_deleted_ambassador_leaves_the_requests_without_anyone(
    rewards_on, make_ambassador, give_points, charity
):
    ambassador = make_ambassador()
    give_points(ambassador, 100)
    donation = donate(ambassador, charity.pk, 100)
    PointsEntry.objects.filter(ambassador=ambassador).erase()
    ambassador.delete()
    donation.refresh_from_db()
    assert donation.ambassador is None


def test_restocking_rearms_the_low_stock_alert(
    rewards_on,
    make_ambassador,
    give_points,
    make_reward,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    ambassador = make_ambassador()
    give_points(ambassador, 1000)
    mug = make_reward("Mug", price=10, stock=2, low_stock_threshold=1, alert_emails="a@b.example")
    with django_capture_on_commit_callbacks(execute=True):
        redeem_reward(ambassador, mug.pk)  # 1 left: alert
    mug.refresh_from_db()
    mug.stock = 5
    mug.save()  # an editor restocks
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            redeem_reward(ambassador, mug.pk)  # down to 1 again: alert again
    assert len(mailoutbox) == 2


def test_the_fulfilment_queue_keeps_constant_queries(
    rewards_on, make_ambassador, give_points, make_reward, admin_user, client
):
    client.force_login(admin_user)
    url = reverse("wagtail_advocacy_game_admin:fulfilment_queue")
    hoodie = make_reward(price=1)

    def grow(count):
        for _ in range(count):
            ambassador = make_ambassador()
            give_points(ambassador, 10)
            redeem_reward(ambassador, hoodie.pk)

    def counted():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return len(queries), page.count("Reject and refund")

    grow(2)
    small, small_rows = counted()
    grow(7)
    large, large_rows = counted()
    assert (small_rows, large_rows) == (2, 9)
    assert small == large


def test_the_catalogue_speaks_french(
    rewards_on, make_ambassador, give_points, make_reward, charity, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 50)
    make_reward(price=100)
    client.force_login(ambassador.user)

    page = client.get(reverse("wagtail_advocacy:game_rewards"), HTTP_ACCEPT_LANGUAGE="fr")

    html = page.content.decode()
    assert "Vous avez 50 points à dépenser." in html
    assert "Pas encore assez de points." in html
    assert "Vos 50 points donneraient 0,50 EUR." in html


@pytest.mark.parametrize(
    ("comment", "error"),
    [
        ("Out of\x00 stock", "Null characters are not allowed."),
        ("x" * 501, "Keep the reason under 500 characters."),
    ],
)
def test_a_rejection_reason_the_database_cannot_keep_is_refused_and_changes_nothing(
    rewards_on, make_ambassador, give_points, make_reward, admin_user, client, comment, error
):
    ambassador = make_ambassador()
    give_points(ambassador, 200)
    redemption = redeem_reward(ambassador, make_reward(price=100).pk)
    client.force_login(admin_user)

    response = client.post(
        reverse("wagtail_advocacy_game_admin:decide_request", args=[redemption.pk, "reject"]),
        {"comment": comment},
        follow=True,
    )

    assert error in response.content.decode()
    redemption.refresh_from_db()
    assert redemption.status == RedemptionStatus.REQUESTED
    assert balance(ambassador) == 100  # no refund either


def test_the_queue_shows_what_waits_unless_another_status_is_chosen(
    rewards_on, make_ambassador, give_points, make_reward, admin_user, client
):
    ambassador = make_ambassador()
    give_points(ambassador, 300)
    waiting = redeem_reward(ambassador, make_reward("Waiting mug", price=100).pk)
    done = redeem_reward(ambassador, make_reward("Approved cap", price=100).pk)
    decide(done.pk, "approve", admin_user)
    client.force_login(admin_user)
    url = reverse("wagtail_advocacy_game_admin:fulfilment_queue")

    unfiltered = client.get(url).content.decode()
    everything = client.get(url, {"status": ""}).content.decode()

    assert waiting.reward.title in unfiltered
    assert done.reward.title not in unfiltered
    assert waiting.reward.title in everything and done.reward.title in everything
