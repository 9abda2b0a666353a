"""No raw IP address is stored anywhere, nor logged; past days' salts are destroyed."""

import ipaddress
import logging
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from wagtail_advocacy.models import Click, VisitorSalt
from wagtail_advocacy.tasks import rotate_visitor_salts

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
VISITOR_ADDRESSES = [
    "203.0.113.7",
    "198.51.100.23",
    "192.0.2.200",
    "2001:db8::1",
    "2001:db8:85a3::8a2e:370:7334",
    "::ffff:198.51.100.99",
]
IPV4 = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")


def looks_like_an_address(text: str) -> bool:
    if IPV4.search(text):
        return True
    for word in re.split(r"[\s,;/|\"'=&?]+", text):
        try:
            ipaddress.ip_address(word.strip("[]"))
        except ValueError:
            continue
        return True
    return False


def every_stored_text():
    """Every value of every text column of every wagtail-advocacy model."""
    for model in apps.get_app_config("wagtail_advocacy").get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.GenericIPAddressField)
        ]
        for row in model.objects.values_list(*fields):
            for value in row:
                if value:
                    yield model.__name__, str(value)


def test_no_model_of_the_app_has_an_address_field():
    for model in apps.get_app_config("wagtail_advocacy").get_models():
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.GenericIPAddressField), model
            assert "ip" not in field.name.split("_"), (model, field.name)


@pytest.mark.django_db
def test_clicks_from_many_addresses_leave_no_address_in_any_row_nor_log(
    client, make_tracked_link, settings, caplog
):
    settings.WAGTAIL_ADVOCACY_CLIENT_IP_HEADER = "X-Forwarded-For"
    link = make_tracked_link(public_url="https://www.northwind.example/")
    url = reverse("wagtail_advocacy:tracked_link", args=[link.token])

    with caplog.at_level(logging.DEBUG):
        for address in VISITOR_ADDRESSES:
            client.get(url, HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR=address)
            client.get(
                url,
                HTTP_USER_AGENT=FIREFOX + " Edge",
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}",
            )

    assert Click.objects.count() == 2 * len(VISITOR_ADDRESSES)
    stored = list(every_stored_text())
    assert any(model == "Click" for model, _ in stored)
    for model, value in stored:
        assert not looks_like_an_address(value), (model, value)
    for record in caplog.records:
        assert not looks_like_an_address(record.getMessage()), record.getMessage()


@pytest.mark.django_db
def test_past_salts_are_destroyed_and_todays_kept():
    today = timezone.localdate()
    for days_ago in (0, 1, 2, 30):
        VisitorSalt.objects.create(day=today - timedelta(days=days_ago), salt=f"s{days_ago}")

    rotate_visitor_salts()
    rotate_visitor_salts()  # idempotent

    assert list(VisitorSalt.objects.values_list("day", flat=True)) == [today]


@pytest.mark.django_db
def test_the_first_click_of_a_day_destroys_past_salts_without_the_task_cluster(
    client, make_tracked_link
):
    today = timezone.localdate()
    for days_ago in (1, 2, 30):  # the rotation job has not run: its cluster is stopped
        VisitorSalt.objects.create(day=today - timedelta(days=days_ago), salt=f"s{days_ago}")
    link = make_tracked_link(public_url="https://www.northwind.example/news/")

    response = client.get(
        reverse("wagtail_advocacy:tracked_link", args=[link.token]), HTTP_USER_AGENT=FIREFOX
    )

    assert response.status_code == 302
    assert Click.objects.filter(link=link).count() == 1
    assert list(VisitorSalt.objects.values_list("day", flat=True)) == [today]


@pytest.mark.django_db
def test_a_visitor_gets_another_hash_tomorrow(rf):
    from wagtail_advocacy.tracking.visitors import forget_cached_salt, visitor_hash

    request = rf.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    today = timezone.localdate()

    first = visitor_hash(request, today)
    forget_cached_salt()
    assert visitor_hash(request, today) == first  # same day, same salt from the database
    assert visitor_hash(request, today + timedelta(days=1)) != first
