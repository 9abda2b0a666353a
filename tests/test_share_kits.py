"""Editors make any page shareable: the page's "Share kit" action, the Sharing tab, the list."""

import datetime
import zoneinfo
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import GroupPagePermission, Page, PageLogEntry, PageViewRestriction, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.sharing_factories import configure_sharing, create_kit
from tests.stored_url_corpus import (
    ALLOWED_HOST,
    AMBIGUOUS_DESTINATIONS,
    PUNYCODE_HOST_NOT_ALLOWED,
)
from wagtail_advocacy.kits.lifecycle import shares_lost_by_deleting
from wagtail_advocacy.kits.window import format_window
from wagtail_advocacy.models import (
    Campaign,
    Share,
    ShareableArticlePage,
    ShareKit,
    SharingSettings,
)
from wagtail_advocacy.validators import validate_public_url


def kit_form_data(**overrides):
    """What an editor types in the share kit form, as POSTed."""
    data = {
        "title": "Our wind farm is open",
        "description": "Twelve turbines, 40 MW.",
        "public_url": "https://www.northwind.example/news/wind-farm/",
        "hashtags": "#energy #wind",
        "category": "brand",
        "featured": "on",
        "messages": inline_formset(
            [
                {"text": "Proud of this one! {link}", "network": ""},
                {"text": "{name} here: our wind farm is open {link}", "network": "linkedin"},
            ]
        ),
        "posting_times": inline_formset([{"post_at": "2026-12-01 09:00"}]),
        "share_starts_at": "2026-11-30 08:00",
        "share_ends_at": "2026-12-15 18:00",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def event(make_event_page):
    return make_event_page(title="Wind farm opening")


def kit_url(page):
    return reverse("wagtail_advocacy_admin:page_share_kit", args=[page.pk])


def test_an_editor_makes_a_page_of_any_type_shareable(editor_client, event, admin_user):
    response = editor_client.post(kit_url(event), kit_form_data())

    assert response.status_code == 302
    kit = ShareKit.objects.get(page=event)
    assert kit.title == "Our wind farm is open"
    assert kit.featured is True
    assert kit.created_by == admin_user
    assert [(m.network, m.text) for m in kit.messages.order_by("sort_order")] == [
        ("", "Proud of this one! {link}"),
        ("linkedin", "{name} here: our wind farm is open {link}"),
    ]
    assert kit.posting_times.count() == 1
    entry = PageLogEntry.objects.get(page=event, action="wagtail_advocacy.kit_created")
    assert entry.user == admin_user
    # The page's history shows it in words.
    history = editor_client.get(reverse("wagtailadmin_pages:history", args=[event.pk]))
    assert "Share kit created" in history.content.decode()


def test_editing_again_updates_the_same_kit_and_logs_an_edit(editor_client, event):
    editor_client.post(kit_url(event), kit_form_data())
    kit = ShareKit.objects.get(page=event)
    data = kit_form_data(title="Wind farm: first month")
    data.update(
        {
            "messages-0-id": str(kit.messages.order_by("sort_order")[0].pk),
            "messages-1-id": str(kit.messages.order_by("sort_order")[1].pk),
            "posting_times-0-id": str(kit.posting_times.get().pk),
        }
    )
    editor_client.post(kit_url(event), data)

    assert ShareKit.objects.get(page=event).title == "Wind farm: first month"
    assert ShareKit.objects.count() == 1
    assert PageLogEntry.objects.filter(action="wagtail_advocacy.kit_edited").count() == 1


def test_the_form_looks_like_wagtail_and_prefills_the_page_title(editor_client, event):
    response = editor_client.get(kit_url(event))

    html = response.content.decode()
    assert 'id="w-editor-form"' in html  # Wagtail's own form layout
    assert 'value="Wind farm opening"' in html
    assert "Add Message" in html  # the inline panel for message variants


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        (
            {"messages": inline_formset([{"text": "Come {when} {link}", "network": ""}])},
            "messages-0-text",
            "Unknown placeholder: {when}. Use only {link} and {name}.",
        ),
        (
            {"messages": inline_formset([{"text": "<b></b>", "network": ""}])},
            "messages-0-text",
            "Write the message: it is empty.",
        ),
        (
            {"share_ends_at": "2026-11-01 08:00"},
            "share_ends_at",
            "The share window must end after it starts.",
        ),
        (
            {"public_url": "https://evil.example/phish"},
            "public_url",
            "evil.example is not an allowed public domain.",
        ),
        (
            {"public_url": "ftp://www.northwind.example/file"},
            "public_url",
            "The public URL must start with https:// or http://.",
        ),
        (
            {"public_url": "https://evil.example\\@www.northwind.example/"},
            "public_url",
            "This public URL could be read as another address.",
        ),
        ({"hashtags": "energy #wind"}, "hashtags", "Not hashtags: energy."),
    ],
)
def test_validation_names_the_field_and_the_problem(editor_client, event, overrides, field, error):
    response = editor_client.post(kit_url(event), kit_form_data(**overrides))

    assert response.status_code == 200
    assert not ShareKit.objects.exists()
    html = response.content.decode()
    assert error in html.replace("&#x27;", "'")
    assert f'id="id_{field}"' in html or f'name="{field}"' in html


@pytest.mark.parametrize("url", AMBIGUOUS_DESTINATIONS)
def test_a_public_url_a_browser_could_read_as_another_host_is_refused(url):
    with pytest.raises(ValidationError) as refused:
        validate_public_url(url, {ALLOWED_HOST})

    assert refused.value.code in ("invalid_scheme", "ambiguous_url")


def test_a_punycode_host_is_compared_with_the_allowed_list_as_written():
    with pytest.raises(ValidationError) as refused:
        validate_public_url(PUNYCODE_HOST_NOT_ALLOWED, {ALLOWED_HOST})

    assert refused.value.code == "domain_not_allowed"
    assert refused.value.params["host"] == "xn--northwnd-9za.example"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.northwind.example/",
        "HTTPS://www.northwind.example/news/",
        "http://www.northwind.example:8080/jobs/?q=r%26d&who=%40team#apply",
        "https://www.northwind.example/a\\b",  # a path: browsers stay on the host
    ],
)
def test_a_plain_public_url_on_an_allowed_host_is_accepted(url):
    validate_public_url(url, {ALLOWED_HOST})


def test_html_in_a_message_is_stripped_before_it_is_stored(editor_client, event):
    data = kit_form_data(
        messages=inline_formset([{"text": "<script>x()</script><b>Great</b> news {link}"}])
    )
    editor_client.post(kit_url(event), data)

    assert ShareKit.objects.get().messages.get().text == "x()Great news {link}"


def test_a_private_page_needs_a_public_url_on_an_allowed_domain(editor_client, event):
    PageViewRestriction.objects.create(page=event, restriction_type="login")

    response = editor_client.post(kit_url(event), kit_form_data(public_url=""))
    assert "This page is private" in response.content.decode()

    configure_sharing(allowed_public_domains="careers.northwind.example")
    editor_client.post(
        kit_url(event), kit_form_data(public_url="https://careers.northwind.example/jobs/")
    )
    assert ShareKit.objects.get().public_url == "https://careers.northwind.example/jobs/"


def test_a_page_on_a_host_missing_from_the_allowed_domains_needs_a_public_url(
    editor_client, event
):
    configure_sharing(allowed_public_domains="www.northwind.example")
    host = event.get_site().hostname

    response = editor_client.post(kit_url(event), kit_form_data(public_url=""))

    assert f"This page&#x27;s site, {host}, is not an allowed public domain" in (
        response.content.decode()
    )
    assert not ShareKit.objects.exists()
    configure_sharing(allowed_public_domains=f"www.northwind.example\n{host}")
    editor_client.post(kit_url(event), kit_form_data(public_url=""))
    assert ShareKit.objects.get().public_url == ""


def test_a_public_page_may_leave_the_public_url_blank(editor_client, event, settings):
    # No allowed domain at all: nothing says the page's own host is private.
    settings.WAGTAIL_ADVOCACY_ALLOWED_PUBLIC_DOMAINS = []

    editor_client.post(kit_url(event), kit_form_data(public_url=""))

    assert ShareKit.objects.get().public_url == ""


def test_someone_who_cannot_edit_the_page_cannot_touch_its_kit(client, make_user, event):
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert client.get(kit_url(event)).status_code in (302, 403)
    client.post(kit_url(event), kit_form_data())
    assert not ShareKit.objects.exists()
    kit = create_kit(event)
    client.post(reverse("wagtail_advocacy_admin:page_share_kit_withdraw", args=[event.pk]))
    kit.refresh_from_db()
    assert kit.withdrawn_at is None


def test_the_kit_list_offers_no_way_around_the_page_permission(client, make_user, event):
    # Model permissions on kits do not replace the right to edit the page.
    user = make_user()
    for codename in ("access_admin", "change_sharekit", "delete_sharekit"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    kit = create_kit(event, title="Before")

    edit = client.get(f"/admin/wagtail_advocacy/sharekit/edit/{kit.pk}/")
    assert edit["Location"] == kit_url(event)
    assert client.get(kit_url(event)).status_code in (302, 403)
    delete = client.post(f"/admin/wagtail_advocacy/sharekit/delete/{kit.pk}/")
    assert delete.status_code in (302, 403)
    kit.refresh_from_db()
    assert kit.title == "Before"
    assert ShareKit.objects.filter(pk=kit.pk).exists()


def test_an_editor_of_the_page_may_edit_its_kit(client, make_user, event):
    editors = Group.objects.create(name="Event editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=editors, page=event, permission_type="change")
    client.force_login(make_user(teams=[editors]))

    client.post(kit_url(event), kit_form_data())

    assert ShareKit.objects.filter(page=event).exists()


def test_withdraw_is_post_only_and_can_be_undone(editor_client, event):
    kit = create_kit(event)
    withdraw_url = reverse("wagtail_advocacy_admin:page_share_kit_withdraw", args=[event.pk])

    assert editor_client.get(withdraw_url).status_code == 405
    kit.refresh_from_db()
    assert kit.withdrawn_at is None

    editor_client.post(withdraw_url)
    kit.refresh_from_db()
    assert kit.withdrawn_at is not None
    assert "Withdrawn on" in editor_client.get(kit_url(event)).content.decode()
    assert PageLogEntry.objects.filter(action="wagtail_advocacy.kit_withdrawn").exists()

    editor_client.post(reverse("wagtail_advocacy_admin:page_share_kit_restore", args=[event.pk]))
    kit.refresh_from_db()
    assert kit.withdrawn_at is None


def test_the_page_actions_offer_the_share_kit(editor_client, event, root_page):
    expected = f'href="{kit_url(event)}"'

    listing = editor_client.get(reverse("wagtailadmin_explore", args=[root_page.pk]))
    assert expected in listing.content.decode()
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert expected in edit.content.decode()


# --- The Sharing tab of pages using ShareKitPageMixin -----------------------------------


@pytest.fixture
def article(root_page):
    page = ShareableArticlePage(title="Careers day", intro="Come and meet us.")
    root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def page_form_data(page, kit=None, enabled=True):
    """The page editor's POST: the page fields plus the prefixed kit form."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "body": rich_text(""),
        "comments": inline_formset([]),
        "sharekit": kit_form_data() if kit is None else kit,
    }
    if enabled:
        data["share_kit_enabled"] = "on"
    return nested_form_data(data)


def test_the_sharing_tab_edits_the_same_kit_as_the_page_action(editor_client, article):
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    html = editor_client.get(edit_url).content.decode()
    assert "Sharing" in html and 'name="sharekit-title"' in html

    response = editor_client.post(edit_url, page_form_data(article))

    assert response.status_code == 302
    kit = ShareKit.objects.get(page=article)
    assert kit.messages.count() == 2
    assert PageLogEntry.objects.filter(page=article, action="wagtail_advocacy.kit_created")
    # The admin route shows the very same row.
    assert 'value="Our wind farm is open"' in editor_client.get(kit_url(article)).content.decode()


def test_the_sharing_tab_reports_kit_errors_and_saves_nothing(editor_client, article):
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = page_form_data(
        article,
        kit_form_data(messages=inline_formset([{"text": "Hello {firstname}"}])),
    )

    response = editor_client.post(edit_url, data)

    assert response.status_code == 200
    assert "Unknown placeholder: {firstname}" in response.content.decode()
    assert not ShareKit.objects.exists()


def test_unticking_the_sharing_tab_withdraws_the_kit(editor_client, article):
    kit = create_kit(article)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    editor_client.post(edit_url, page_form_data(article, enabled=False))

    kit.refresh_from_db()
    assert kit.withdrawn_at is not None


def add_article_url(parent):
    return reverse(
        "wagtailadmin_pages:add", args=["wagtail_advocacy", "shareablearticlepage", parent.pk]
    )


def open_day():
    return ShareableArticlePage(title="Open day", slug="open-day", intro="")


def test_a_page_created_with_its_kit_in_the_sharing_tab(editor_client, root_page):
    response = editor_client.post(add_article_url(root_page), page_form_data(open_day()))

    assert response.status_code == 302
    created = ShareableArticlePage.objects.get(slug="open-day")
    assert ShareKit.objects.get(page=created).title == "Our wind farm is open"


def test_a_new_pages_kit_follows_the_rules_of_the_site_it_is_created_on(editor_client, root_page):
    intranet = root_page.add_child(instance=Page(title="Intranet", slug="intranet"))
    other_site = Site.objects.create(hostname="intranet.example", root_page=intranet)
    other_rules = SharingSettings.for_site(other_site)
    other_rules.blocked_words = "proud"
    other_rules.save()
    response = editor_client.post(add_article_url(intranet), page_form_data(open_day()))

    assert response.status_code == 200
    assert "“proud” is on the list of blocked words" in response.content.decode()
    assert not ShareableArticlePage.objects.filter(slug="open-day").exists()


def test_a_page_without_a_kit_is_saved_normally(editor_client, article):
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = page_form_data(article, enabled=False)
    data["title"] = "Careers day 2027"

    editor_client.post(edit_url, data)

    assert ShareableArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().title
    assert not ShareKit.objects.exists()


# --- The share kit list (wagtail-modeladmin) --------------------------------------------


def test_the_kit_list_filters_by_window(editor_client, make_event_page):
    now = timezone.now()
    create_kit(make_event_page(), title="Live kit")
    create_kit(make_event_page(), title="Upcoming kit", share_starts_at=now + timedelta(days=3))
    create_kit(make_event_page(), title="Ended kit", share_ends_at=now - timedelta(days=1))
    create_kit(make_event_page(), title="Withdrawn kit", withdrawn_at=now)
    index = reverse("wagtail_advocacy_sharekit_modeladmin_index")

    def titles(query):
        html = editor_client.get(index + query).content.decode()
        return {t for t in ("Live", "Upcoming", "Ended", "Withdrawn") if f"{t} kit" in html}

    assert titles("") == {"Live", "Upcoming", "Ended", "Withdrawn"}
    assert titles("?window=live") == {"Live"}
    assert titles("?window=upcoming") == {"Upcoming"}
    assert titles("?window=ended") == {"Ended"}
    assert titles("?window=withdrawn") == {"Withdrawn"}


def test_the_kit_list_filters_by_category_audience_and_featured(
    editor_client, make_event_page, make_team
):
    sales = make_team("Sales")
    create_kit(make_event_page(), title="Jobs kit", category="employer", featured=True)
    sales_kit = create_kit(make_event_page(), title="Sales kit")
    sales_kit.audience_groups.add(sales)
    sales_kit.save()  # a ParentalManyToManyField is written on save
    index = reverse("wagtail_advocacy_sharekit_modeladmin_index")

    html = editor_client.get(index + "?category=employer").content.decode()
    assert "Jobs kit" in html and "Sales kit" not in html
    html = editor_client.get(index + f"?audience_groups__id__exact={sales.pk}").content.decode()
    assert "Sales kit" in html and "Jobs kit" not in html
    html = editor_client.get(index + "?featured__exact=1").content.decode()
    assert "Jobs kit" in html and "Sales kit" not in html
    # "Edit" leads to the page's share kit view.
    jobs_page_id = ShareKit.objects.get(title="Jobs kit").page_id
    assert reverse("wagtail_advocacy_admin:page_share_kit", args=[jobs_page_id]) in html


def test_the_kit_list_does_not_grow_queries_with_kits(
    editor_client, make_event_page, django_assert_max_num_queries
):
    index = reverse("wagtail_advocacy_sharekit_modeladmin_index")
    create_kit(make_event_page())
    editor_client.get(index)
    with django_assert_max_num_queries(40) as few:
        editor_client.get(index)
    for _ in range(8):
        create_kit(make_event_page())
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(index)


def test_the_kit_list_shows_a_readable_window_and_status(editor_client, make_event_page):
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    with timezone.override(paris):
        create_kit(
            make_event_page(title="Results"),
            title="Results",
            share_starts_at=datetime.datetime(2026, 12, 20, tzinfo=paris),
            share_ends_at=datetime.datetime(2027, 1, 10, tzinfo=paris),
        )
        create_kit(
            make_event_page(title="Open day"),
            title="Open day on Saturday",
            share_ends_at=datetime.datetime(2026, 12, 20, 16, 30, tzinfo=paris),
        )
        html = editor_client.get(reverse("wagtail_advocacy_sharekit_modeladmin_index")).content
    html = html.decode()

    assert "Dec. 20, 2026 – Jan. 10, 2027" in html
    assert "Until Dec. 20, 2026, 4:30 p.m." in html
    assert '<span class="w-status">Upcoming</span>' in html
    # The page's title only where it differs from the kit's; no "Page" column.
    assert "Page: Open day" in html and "Page: Results" not in html
    assert "column-page" not in html


def test_the_share_window_is_written_in_the_language_of_the_editor():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    start = datetime.datetime(2026, 12, 20, tzinfo=paris)
    end = datetime.datetime(2027, 1, 10, tzinfo=paris)
    with timezone.override(paris), translation.override("fr"):
        assert format_window(start, end) == "20 décembre 2026 – 10 janvier 2027"
        assert format_window(start, None) == "À partir du 20 décembre 2026"
        assert format_window(None, None) == "Sans limite"


def test_the_kit_list_filters_name_their_empty_choices(editor_client, make_event_page):
    campaign = Campaign.objects.create(
        name="Spring", slug="spring", starts_on=timezone.localdate()
    )
    create_kit(make_event_page(), campaign=campaign)

    html = editor_client.get(reverse("wagtail_advocacy_sharekit_modeladmin_index")).content
    html = html.decode()

    assert "Everyone</a>" in html and "No campaign</a>" in html
    assert "audience_groups__isnull=True" in html and "campaign__isnull=True" in html


def _with_child_ids(data, kit, prefix=""):
    """The form data for the kit's saved messages and times, as the edit form renders them
    (their ids, and Django's ORDER of a saved row: its position from 1)."""
    for name in ("messages", "posting_times"):
        rows = getattr(kit, name).order_by("sort_order")
        data[f"{prefix}{name}-INITIAL_FORMS"] = str(len(rows))
        for index, row in enumerate(rows):
            data[f"{prefix}{name}-{index}-id"] = str(row.pk)
            data[f"{prefix}{name}-{index}-ORDER"] = str(index + 1)
    return data


def test_saving_the_page_with_an_unchanged_kit_logs_no_kit_edit(editor_client, article):
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    editor_client.post(edit_url, page_form_data(article))
    kit = ShareKit.objects.get(page=article)

    data = _with_child_ids(page_form_data(article), kit, prefix="sharekit-")
    data["intro"] = "Come and meet us on Friday."
    response = editor_client.post(edit_url, data)

    assert response.status_code == 302
    actions = list(PageLogEntry.objects.filter(page=article).values_list("action", flat=True))
    assert "wagtail_advocacy.kit_created" in actions
    assert "wagtail_advocacy.kit_edited" not in actions


@pytest.mark.parametrize(
    "change",
    [
        {"sharekit-title": "Careers day: the photos"},
        {"sharekit-messages-1-text": "Come and meet {name}'s team {link}"},
        {"sharekit-posting_times-0-DELETE": "1"},
    ],
    ids=["kit field", "message", "deleted time"],
)
def test_saving_the_page_with_a_changed_kit_logs_one_kit_edit(editor_client, article, change):
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    editor_client.post(edit_url, page_form_data(article))
    kit = ShareKit.objects.get(page=article)

    data = _with_child_ids(page_form_data(article), kit, prefix="sharekit-")
    data.update(change)
    editor_client.post(edit_url, data)

    assert PageLogEntry.objects.filter(action="wagtail_advocacy.kit_edited").count() == 1


def test_saving_an_unchanged_kit_through_the_page_action_logs_no_edit(editor_client, event):
    editor_client.post(kit_url(event), kit_form_data())
    kit = ShareKit.objects.get(page=event)

    response = editor_client.post(kit_url(event), _with_child_ids(kit_form_data(), kit))

    assert response.status_code == 302
    assert not PageLogEntry.objects.filter(action="wagtail_advocacy.kit_edited").exists()


# --- Rules the share flow applies, checked when the editor saves ------------------------


def test_a_message_with_a_blocked_word_is_refused_by_name(editor_client, event):
    configure_sharing(blocked_words="confidential\nscoop")
    data = kit_form_data(messages=inline_formset([{"text": "A Confidential preview {link}"}]))

    response = editor_client.post(kit_url(event), data)

    assert response.status_code == 200
    assert "“confidential” is on the list of blocked words" in response.content.decode()
    assert not ShareKit.objects.exists()


def test_a_network_message_over_its_limit_is_refused_with_the_limit(editor_client, event):
    configure_sharing(disclosure_hashtag="#iworkforNorthwind")
    # 250 characters fit X's 280 alone, not with the hashtags, the disclosure and the link.
    data = kit_form_data(
        messages=inline_formset([{"text": "w" * 250 + " {link}", "network": "x"}])
    )

    response = editor_client.post(kit_url(event), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "as X counts it; the limit is 280." in html
    assert not ShareKit.objects.exists()


def test_a_network_message_that_fits_with_everything_added_is_saved(editor_client, event):
    configure_sharing(disclosure_hashtag="#iworkforNorthwind")
    # 280 = 200 + 1 + 23 (any link, as X counts it) + " #energy #wind" + " #iworkforNorthwind"
    text = "w" * (280 - 1 - 23 - len(" #energy #wind") - len(" #iworkforNorthwind")) + " {link}"
    data = kit_form_data(messages=inline_formset([{"text": text, "network": "x"}]))

    response = editor_client.post(kit_url(event), data)

    assert response.status_code == 302
    assert ShareKit.objects.get().messages.get().text == text


def test_a_general_message_is_not_held_to_one_networks_limit(editor_client, event):
    # Offered on every network: the dialog's counter tells the ambassador where it is long.
    data = kit_form_data(messages=inline_formset([{"text": "w" * 400 + " {link}"}]))

    assert editor_client.post(kit_url(event), data).status_code == 302
    assert ShareKit.objects.get().messages.get().text == "w" * 400 + " {link}"


@pytest.mark.parametrize("post_at", ["2026-11-30 07:59", "2026-12-15 18:00", "2027-01-04 09:00"])
def test_a_suggested_time_outside_the_share_window_is_refused(editor_client, event, post_at):
    data = kit_form_data(posting_times=inline_formset([{"post_at": post_at}]))

    response = editor_client.post(kit_url(event), data)

    assert response.status_code == 200
    assert "Suggest a time inside the share window" in response.content.decode()
    assert not ShareKit.objects.exists()


def test_a_campaign_cannot_end_before_it_starts(db):
    campaign = Campaign(
        name="Spring",
        slug="spring",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 2, 28),
    )

    with pytest.raises(ValidationError) as raised:
        campaign.full_clean()

    assert raised.value.message_dict == {"ends_on": ["The campaign cannot end before it starts."]}
    campaign.ends_on = datetime.date(2026, 3, 1)
    campaign.full_clean()  # a one-day campaign is fine


def test_deleting_a_shared_page_warns_what_it_takes_away(editor_client, make_tracked_link):
    link = make_tracked_link()
    page = link.kit.page
    for _ in range(2):
        Share.objects.create(kit=link.kit, ambassador=link.ambassador, link=link, network="x")
    delete_url = reverse("wagtailadmin_pages:delete", args=[page.pk])

    html = editor_client.get(delete_url).content.decode()

    assert "This page&#x27;s share kits have 2 shares. Deleting the page deletes" in html
    assert "withdraw its share kit instead" in html
    assert shares_lost_by_deleting(page.get_parent()) == 2  # its subtree counts too
    editor_client.post(delete_url)  # the editor may still delete it
    assert not ShareKit.objects.exists()


def test_deleting_a_page_nobody_shared_shows_no_warning(editor_client, event):
    create_kit(event)

    html = editor_client.get(reverse("wagtailadmin_pages:delete", args=[event.pk])).content
    assert b"share kits have" not in html
