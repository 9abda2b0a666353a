"""Each network's share-intent URL and how it counts a post."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wagtail_advocacy.sharing.networks import (
    ALL_NETWORK_CHOICES,
    NETWORK_CHOICES,
    clean_mastodon_instance,
    count_length,
    get_network,
    grapheme_count,
    intent_url,
)

LINK = "https://go.northwind.example/advocacy/l/AbCdEfGh12345678/"
TEXT = "Proud of our team & our café! #iworkforACME"


def params(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_choices_offer_real_networks_and_record_pseudo_ones():
    offered = [key for key, _label in NETWORK_CHOICES]
    assert offered == [
        "linkedin",
        "x",
        "facebook",
        "xing",
        "bluesky",
        "mastodon",
        "whatsapp",
        "telegram",
        "email",
    ]
    assert {"link", "qr"} <= {key for key, _label in ALL_NETWORK_CHOICES}


def test_linkedin_carries_the_words_with_the_link_at_the_end():
    url = intent_url("linkedin", TEXT, LINK)
    assert url.startswith("https://www.linkedin.com/feed/?shareActive=true&text=")
    assert params(url) == {"shareActive": "true", "text": f"{TEXT} {LINK}"}
    # Spaces are %20, never "+"; "&", "#" and accents are percent-encoded.
    assert "+" not in url
    assert "%20%26%20" in url and "%23iworkforACME" in url and "caf%C3%A9" in url


def test_x_takes_text_and_url_apart_unless_the_link_is_already_in_the_text():
    url = intent_url("x", TEXT, LINK)
    assert url.startswith("https://x.com/intent/tweet?")
    assert params(url) == {"text": TEXT, "url": LINK}
    inline = intent_url("x", f"Read {LINK} now", LINK)
    assert params(inline) == {"text": f"Read {LINK} now"}


@pytest.mark.parametrize(
    "network, prefix, key",
    [
        ("facebook", "https://www.facebook.com/sharer/sharer.php?u=", "u"),
        ("xing", "https://www.xing.com/spi/shares/new?url=", "url"),
    ],
)
def test_url_only_networks_carry_only_the_link(network, prefix, key):
    url = intent_url(network, TEXT, LINK)
    assert url.startswith(prefix)
    assert params(url) == {key: LINK}


def test_bluesky_and_whatsapp_put_the_link_inside_the_text():
    assert intent_url("bluesky", TEXT, LINK).startswith("https://bsky.app/intent/compose?text=")
    assert params(intent_url("bluesky", TEXT, LINK)) == {"text": f"{TEXT} {LINK}"}
    assert intent_url("whatsapp", TEXT, LINK).startswith("https://wa.me/?text=")
    assert params(intent_url("whatsapp", TEXT, LINK)) == {"text": f"{TEXT} {LINK}"}


def test_link_placed_by_the_ambassador_is_not_repeated():
    text = f"Read {LINK} — worth it"
    assert params(intent_url("bluesky", text, LINK)) == {"text": text}


def test_mastodon_goes_to_the_ambassadors_instance():
    url = intent_url("mastodon", TEXT, LINK, instance="Mastodon.Social")
    assert url.startswith("https://mastodon.social/share?text=")
    assert params(url) == {"text": f"{TEXT} {LINK}"}


def test_mastodon_without_a_valid_instance_is_refused():
    with pytest.raises(ValidationError):
        intent_url("mastodon", TEXT, LINK)
    with pytest.raises(ValidationError):
        intent_url("mastodon", TEXT, LINK, instance="evil.example/path?x=")


@pytest.mark.parametrize(
    "typed, host",
    [
        ("mastodon.social", "mastodon.social"),
        ("https://Mastodon.Social/", "mastodon.social"),
        ("@camille@piaille.fr", "piaille.fr"),
        ("camille@piaille.fr", "piaille.fr"),
    ],
)
def test_mastodon_instance_is_cleaned_to_a_host_name(typed, host):
    assert clean_mastodon_instance(typed) == host


@pytest.mark.parametrize(
    "typed",
    ["", "localhost", "127.0.0.1", "mastodon.social:8080", "user:pw@host.example", "a b.com"],
)
def test_mastodon_instance_refuses_what_is_not_a_public_host_name(typed):
    with pytest.raises(ValidationError):
        clean_mastodon_instance(typed)


def test_telegram_shows_the_link_above_the_words():
    url = intent_url("telegram", f"{TEXT} {LINK}", LINK)
    assert url.startswith("https://t.me/share/url?url=")
    assert params(url) == {"url": LINK, "text": TEXT}


def test_email_has_a_subject_and_the_link_in_the_body_with_crlf():
    url = intent_url("email", "Line one\nLine two", LINK, subject="Our news")
    assert url.startswith("mailto:?subject=Our%20news&body=")
    assert params(url)["body"] == f"Line one\r\nLine two\r\n\r\n{LINK}"


def test_x_and_mastodon_count_any_link_as_23_characters():
    assert count_length("x", "Hello", LINK) == len("Hello ") + 23
    assert count_length("mastodon", "Hello", LINK) == len("Hello ") + 23
    assert count_length("x", f"Read {LINK} now", LINK) == len("Read  now") + 23


def test_linkedin_and_bluesky_count_the_link_as_typed():
    assert count_length("linkedin", "Hello", LINK) == len("Hello ") + len(LINK)
    assert count_length("bluesky", "Hello", LINK) == len("Hello ") + len(LINK)


def test_x_weighs_cjk_twice():
    assert count_length("x", "日本") == 4


def test_graphemes_count_what_a_person_sees():
    assert grapheme_count("e\u0301") == 1  # e + combining acute
    assert grapheme_count("👍🏽") == 1  # thumbs up + skin tone
    assert grapheme_count("👩\u200d💻") == 1  # ZWJ sequence
    assert grapheme_count("🇫🇷🇩🇪") == 2  # two flags
    assert count_length("bluesky", "🇫🇷 ok") == 4


def test_url_only_networks_count_nothing():
    assert count_length("facebook", "x" * 10000, LINK) == 0


def test_pseudo_networks_have_no_intent():
    with pytest.raises(ValueError):
        intent_url("link", TEXT, LINK)


def test_each_network_says_how_the_share_bar_shares_to_it():
    assert get_network("linkedin").action_label == "Share on LinkedIn"
    assert get_network("email").action_label == "Share by email"
    with translation.override("fr"):
        assert get_network("email").action_label == "Partager par e-mail"
        assert get_network("bluesky").action_label == "Partager sur Bluesky"
