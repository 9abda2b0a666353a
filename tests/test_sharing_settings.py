"""Editor-facing sharing settings (Settings › Sharing): validation names field and problem."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Site

from tests.sharing_factories import configure_sharing
from wagtail_advocacy.models import SharingSettings
from wagtail_advocacy.validators import validate_host_names


@pytest.fixture
def settings_url(db):
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["wagtail_advocacy", "sharingsettings", site.pk])


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def form_data(**overrides):
    data = {
        "networks": ["linkedin", "mastodon"],
        "disclosure_hashtag": "#iworkforNorthwind",
        "blocked_words": "confidential\nscoop",
        "allowed_public_domains": "www.northwind.example\ncareers.northwind.example",
    }
    data.update(overrides)
    return data


def test_an_editor_saves_the_sharing_settings(editor_client, settings_url):
    response = editor_client.post(settings_url, form_data())

    assert response.status_code == 302
    saved = SharingSettings.for_site(Site.objects.get(is_default_site=True))
    assert saved.networks == ["linkedin", "mastodon"]
    assert saved.offered_networks == ["linkedin", "mastodon"]
    assert saved.disclosure_hashtag == "#iworkforNorthwind"


def test_networks_are_checkboxes_all_ticked_by_default(editor_client, settings_url):
    html = editor_client.get(settings_url).content.decode()

    assert html.count('type="checkbox" name="networks"') == 9
    assert html.count("checked") >= 9


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"disclosure_hashtag": "#i work for Northwind"},
            "is not a single hashtag: start with # and use no spaces.",
        ),
        ({"disclosure_hashtag": "iworkforNorthwind"}, "is not a single hashtag"),
        (
            {"allowed_public_domains": "https://www.northwind.example/\ngood.example"},
            "Not a host name: https://www.northwind.example/.",
        ),
        ({"networks": ["linkedin", "myspace"]}, "Select a valid choice. myspace"),
    ],
)
def test_validation_errors_name_the_problem(editor_client, settings_url, overrides, message):
    response = editor_client.post(settings_url, form_data(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def test_the_allow_list_adds_the_developer_setting(db, settings):
    settings.WAGTAIL_ADVOCACY_ALLOWED_PUBLIC_DOMAINS = ["Jobs.Northwind.example"]
    sharing = configure_sharing(allowed_public_domains="www.northwind.example\n\n")

    assert sharing.allowed_domains() == {"www.northwind.example", "jobs.northwind.example"}


def test_blocked_words_one_per_line(db):
    sharing = configure_sharing(blocked_words="Confidential\n\n  scoop \nleak, rumour")

    assert sharing.blocked_word_list() == ["confidential", "scoop", "leak", "rumour"]


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1", "northwind.localhost"])
def test_a_development_machines_own_host_is_accepted(host):
    """Wagtail's default site is "localhost" and runserver serves 127.0.0.1 (as the demo)."""
    validate_host_names(f"www.northwind.example\n{host}")


@pytest.mark.parametrize(
    "host", ["192.168.1.20", "8.8.8.8", "localhost:8000", "http://localhost", "127.0.0.1/news"]
)
def test_other_addresses_and_hosts_with_a_port_or_scheme_are_refused(host):
    with pytest.raises(ValidationError, match=f"Not a host name: {re.escape(host)}."):
        validate_host_names(host)
