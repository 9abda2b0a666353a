"""An ambassador's profile: what each field accepts, the bio's sanitiser, and the defaults
that name nobody."""

import pytest
from django.core.exceptions import ValidationError

from wagtail_advocacy.models.people import Ambassador, Recognition, display_name_expression
from wagtail_advocacy.sanitize import bio_html
from wagtail_advocacy.validators import (
    split_mastodon_account,
    validate_bluesky_handle,
    validate_declared_audience,
    validate_facebook_profile_url,
    validate_linkedin_profile_url,
    validate_mastodon_account,
    validate_x_profile_url,
    validate_xing_profile_url,
)

GOOD = [
    (validate_linkedin_profile_url, "https://www.linkedin.com/in/camille-martin/"),
    (validate_linkedin_profile_url, "https://fr.linkedin.com/in/camille-martin"),
    (validate_x_profile_url, "https://x.com/camille"),
    (validate_x_profile_url, "https://twitter.com/camille_m"),
    (validate_xing_profile_url, "https://www.xing.com/profile/Camille_Martin"),
    (validate_facebook_profile_url, "https://www.facebook.com/camille.martin"),
    (validate_facebook_profile_url, "https://www.facebook.com/profile.php?id=1000123"),
    (validate_mastodon_account, "@camille@mastodon.social"),
    (validate_mastodon_account, "https://mastodon.social/@camille"),
    (validate_bluesky_handle, "camille.bsky.social"),
    (validate_bluesky_handle, "camille.example.com"),
]

BAD = [
    (validate_linkedin_profile_url, "https://www.linkedin.com/company/northwind/"),
    (validate_linkedin_profile_url, "https://linkedin.com.evil.example/in/camille"),
    (validate_linkedin_profile_url, "javascript:alert(1)//linkedin.com/in/camille"),
    (validate_linkedin_profile_url, "https://evil.example\\@www.linkedin.com/in/camille"),
    (validate_x_profile_url, "https://x.com/intent/tweet"),
    (validate_x_profile_url, "https://x.com/camille/status/1"),
    (validate_x_profile_url, "https://x.example/camille"),
    (validate_xing_profile_url, "https://www.xing.com/pages/northwind"),
    (validate_facebook_profile_url, "https://www.facebook.com/sharer"),
    (validate_facebook_profile_url, "https://www.facebook.com/profile.php?id=abc"),
    (validate_facebook_profile_url, "https://facebook.evil.example/camille.martin"),
    (validate_mastodon_account, "camille"),
    (validate_mastodon_account, "@camille@"),
    (validate_mastodon_account, "https://mastodon.social/camille"),
    (validate_mastodon_account, "@cam ille@mastodon.social"),
    (validate_bluesky_handle, "@camille"),
    (validate_bluesky_handle, "https://bsky.app/profile/camille.bsky.social"),
]


@pytest.mark.parametrize(("validator", "value"), GOOD)
def test_a_profile_address_of_the_network_is_accepted(validator, value):
    validator(value)


@pytest.mark.parametrize(("validator", "value"), BAD)
def test_an_address_of_another_kind_or_site_is_refused_with_an_example(validator, value):
    with pytest.raises(ValidationError) as error:
        validator(value)
    message = " ".join(error.value.messages)
    assert "example" in message.lower()


def test_a_mastodon_account_gives_its_instance():
    assert split_mastodon_account("@Camille@Mastodon.Social") == ("Camille", "mastodon.social")
    assert split_mastodon_account("https://piaille.fr/@camille") == ("camille", "piaille.fr")


@pytest.mark.parametrize("value", [0, 1, 500, 10_000_000])
def test_an_audience_in_range_is_accepted(value):
    validate_declared_audience(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "from 0 to 10,000,000"),
        (10_000_001, "from 0 to 10,000,000"),
        (2.5, "whole number"),
        ("500", "whole number"),
        (True, "whole number"),
    ],
)
def test_an_audience_out_of_range_or_not_a_whole_number_says_why(value, message):
    with pytest.raises(ValidationError) as error:
        validate_declared_audience(value)
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (
            "<p>Data <em>and</em> <strong>cloud</strong></p>",
            "<p>Data <em>and</em> <strong>cloud</strong></p>",
        ),
        ("<script>alert(1)</script><p>Hi</p>", "alert(1)<p>Hi</p>"),
        ('<a href="javascript:alert(1)">me</a>', "me"),
        ('<a href=" JaVaScRiPt:alert(1)">me</a>', "me"),
        ('<a href="data:text/html,x">me</a>', "me"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<h1 style="color:red">Title</h1>', "Title"),
        (
            '<a href="https://northwind.example" onclick="x()" rel="opener">site</a>',
            '<a href="https://northwind.example" rel="nofollow noopener">site</a>',
        ),
        (
            "see https://www.northwind.com",
            'see <a href="https://www.northwind.com" rel="nofollow noopener">https://www.northwind.com</a>',
        ),
        ("<!-- note --><p>ok</p>", "<p>ok</p>"),
    ],
)
def test_the_bio_keeps_only_paragraphs_links_and_emphasis(typed, stored):
    assert bio_html(typed) == stored


def test_a_new_ambassador_is_unlisted_anonymous_and_credited(make_ambassador):
    ambassador = make_ambassador()
    assert ambassador.directory_listed is False
    assert ambassador.recognition == Recognition.ANONYMOUS
    assert ambassador.is_named is False
    assert ambassador.credit_clicks is True


@pytest.mark.parametrize(
    ("profile_name", "first_name", "last_name", "expected"),
    [
        ("Cam M.", "Camille", "Martin", "Cam M."),
        ("   ", "Camille", "Martin", "Camille Martin"),
        ("", "", "Martin", "Martin"),
        ("", "", "", "username"),
    ],
)
def test_the_display_name_rule_is_the_same_in_python_and_sql(
    make_user, profile_name, first_name, last_name, expected
):
    user = make_user(first_name=first_name, last_name=last_name)
    expected = user.username if expected == "username" else expected
    ambassador = Ambassador.objects.create(user=user, profile_name=profile_name)
    in_sql = (
        Ambassador.objects.annotate(name=display_name_expression())
        .values_list("name", flat=True)
        .get(pk=ambassador.pk)
    )
    assert ambassador.display_name == in_sql == expected
