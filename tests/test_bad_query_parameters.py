"""A hand-edited admin URL gets a clear answer, never a server error.

Every filter of every Advocacy model list, the reports' filters, sort and page, and the
content calendar's month are fed values they cannot use.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_advocacy.models import Campaign, ConversionType

GARBAGE = ["abc", "maybe", "-1", "(", "<script>alert(1)</script>", "", "9" * 30, "é", "nul\x00"]

#: Every filter parameter of every model list (checked against the lists themselves below),
#: and the parameters every list reads: page, sort, search.
LIST_PARAMETERS = {
    "sharekit": [
        "category__exact",
        "category__isnull",
        "audience_groups__id__exact",
        "audience_groups__isnull",
        "featured__exact",
        "featured__isnull",
        "campaign__id__exact",
        "campaign__isnull",
        "window",
    ],
    "campaign": [],
    "conversiontype": [],
}
COMMON_PARAMETERS = [
    *("p", "o", "ot", "q", "e", "export", "not_a_field", "title__regex"),
    *("category", "category__in", "category__regex", "featured", "featured__isnull", "id"),
]


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def some_of_everything(make_share_kit, make_team):
    today = timezone.localdate()
    spring = Campaign.objects.create(name="Spring hiring", slug="spring", starts_on=today)
    kit = make_share_kit("We are hiring", campaign=spring, featured=True)
    kit.audience_groups.add(make_team("Sales"))
    make_share_kit("Quarterly results")


def list_url(model):
    return reverse(f"wagtail_advocacy_{model}_modeladmin_index")


@pytest.mark.parametrize("model", LIST_PARAMETERS)
def test_the_parameters_tried_are_every_filter_of_the_list(
    admin_client, some_of_everything, model
):
    view = admin_client.get(list_url(model)).context["view"]
    expected = {param for spec in view.filter_specs for param in spec.expected_parameters()}
    assert expected == set(LIST_PARAMETERS[model])


@pytest.mark.parametrize("value", GARBAGE)
@pytest.mark.parametrize(
    ("model", "parameter"),
    [
        (model, parameter)
        for model, parameters in LIST_PARAMETERS.items()
        for parameter in [*parameters, *COMMON_PARAMETERS]
    ],
)
def test_a_bad_filter_gets_the_list(admin_client, some_of_everything, model, parameter, value):
    url = list_url(model)

    response = admin_client.get(url, {parameter: value})

    if response.status_code == 302:
        # The filter could not be applied: the whole list, saying why.
        assert response["Location"] == url
        response = admin_client.get(url)
        assert "That filter is not valid: showing the whole list instead." in (
            response.content.decode()
        )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_a_non_numeric_campaign_shows_every_kit(admin_client, some_of_everything):
    url = list_url("sharekit")

    response = admin_client.get(url, {"campaign__id__exact": "abc"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "We are hiring" in html
    assert "Quarterly results" in html


def test_a_good_filter_still_filters(admin_client, some_of_everything):
    campaign = Campaign.objects.get()
    response = admin_client.get(list_url("sharekit"), {"campaign__id__exact": campaign.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "We are hiring" in html
    assert "Quarterly results" not in html


@pytest.mark.parametrize("report", ["content", "ambassadors", "networks", "campaigns"])
@pytest.mark.parametrize(
    "params",
    [
        {"day_from": "zzz"},
        {"day_to": "2026-02-31"},
        {"day_from": "9999-99-99", "day_to": "0000-00-00"},
        {"team": "abc"},
        {"team": "999999"},
        {"campaign": "abc"},
        {"network": "<script>alert(1)</script>"},
        {"category": "nonsense"},
        {"ordering": "nonexistent"},
        {"ordering": "-kit__page__owner__password"},
        {"p": "-1"},
        {"p": "abc"},
        {"p": "999"},
        {"page": "abc"},
        {"export": "bogus"},
        {"export": "csv", "team": "abc"},
    ],
)
def test_a_bad_report_parameter_gets_a_clear_report(
    admin_client, some_of_everything, report, params
):
    url = reverse(f"wagtail_advocacy_admin:report_{report}")

    response = admin_client.get(url, params)

    assert response.status_code == 200
    if params.get("export") == "csv":
        assert response["Content-Type"] == "text/csv"
    else:
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        # The report still says which period it shows.
        assert response.context["period"].days >= 1


@pytest.mark.parametrize(
    "month", ["zzz", "2026-13", "2026-00", "0-1", "99999-01", "2026-11-05", "-1", "", "٢٠٢٦-١١"]
)
def test_a_bad_calendar_month_shows_the_current_month(admin_client, some_of_everything, month):
    response = admin_client.get(
        reverse("wagtail_advocacy_admin:content_calendar"), {"month": month}
    )

    assert response.status_code == 200
    if month != "٢٠٢٦-١١":  # Python reads Arabic-Indic digits as the numbers they are
        assert response.context["month"] == timezone.localdate().replace(day=1)


# --- conversion types: from snippets to a model list ---------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/admin/snippets/wagtail_advocacy/conversiontype/",
        "/admin/snippets/wagtail_advocacy/conversiontype/add/",
        "/admin/snippets/wagtail_advocacy/conversiontype/chooser/",
        "/admin/snippets/wagtail_advocacy/conversiontype/chooser/create/",
        "/admin/snippets/choose/wagtail_advocacy/conversiontype/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_old_conversion_type_snippet_urls_are_gone(admin_client, path, method):
    response = getattr(admin_client, method)(path, {"name": "Lead", "slug": "lead2"})
    assert response.status_code == 404


def create_conversion_type(client, **data):
    return client.post(
        reverse("wagtail_advocacy_conversiontype_modeladmin_create"),
        {"name": "Webinar", "slug": "webinar", "value": "10", **data},
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"slug": "lead"}, "slug", "Conversion type with this Slug already exists."),
        ({"slug": "not a slug!"}, "slug", "Enter a valid “slug”"),
        ({"value": "-5"}, "value", "Ensure this value is greater than or equal to 0."),
        ({"value": "abc"}, "value", "Enter a number."),
        ({"value": "1" * 20}, "value", "Ensure that there are no more than 10 digits in total."),
    ],
)
def test_the_conversion_type_form_explains_bad_input(admin_client, data, field, message):
    count = ConversionType.objects.count()

    response = create_conversion_type(admin_client, **data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert message.split("“")[0] in response.content.decode().replace("&quot;", '"')
    assert ConversionType.objects.count() == count


def test_the_conversion_type_form_creates_a_type(admin_client):
    response = create_conversion_type(admin_client)
    assert response.status_code == 302
    assert ConversionType.objects.get(slug="webinar").name == "Webinar"


@pytest.mark.parametrize("model", LIST_PARAMETERS)
def test_a_list_is_filtered_by_its_own_filters_only(admin_client, some_of_everything, model):
    # Any other lookup would be an oracle on what the list does not show: a page owner's
    # password hash, guessed one character at a time.
    url = list_url(model)
    for guess in ("pbkdf2_sha256$", "nothing-like-it"):
        response = admin_client.get(url, {"page__owner__password__startswith": guess})
        assert (response.status_code, response["Location"]) == (302, url)
        response = admin_client.get(url, {"name__startswith": guess[:3]})
        assert (response.status_code, response["Location"]) == (302, url)
