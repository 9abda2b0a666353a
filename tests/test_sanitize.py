"""Everything typed by people is reduced to plain text by one function."""

import pytest

from wagtail_advocacy.sanitize import plain_text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Proud of our team!", "Proud of our team!"),
        ("Read <b>this</b>", "Read this"),
        ("<script>alert(1)</script>Hello", "alert(1)Hello"),
        ("&lt;img src=x onerror=alert(1)&gt;Hi", "Hi"),
        ("a < b & c > d", "a < b & c > d"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("<!-- hidden -->visible", "visible"),
        ("  spaced  ", "spaced"),
        ("", ""),
        (None, ""),
    ],
)
def test_plain_text(typed, stored):
    assert plain_text(typed) == stored
