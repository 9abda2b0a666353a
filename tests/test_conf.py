"""Developer settings are read lazily, with one set of defaults."""

import pytest
from django.test import override_settings

from wagtail_advocacy.conf import DEFAULTS, advocacy_settings


def test_defaults_apply_when_a_setting_is_absent():
    assert advocacy_settings.UTM_MEDIUM == DEFAULTS["UTM_MEDIUM"] == "employee-advocacy"


def test_settings_are_read_at_access_time():
    with override_settings(WAGTAIL_ADVOCACY_UTM_MEDIUM="ambassadors"):
        assert advocacy_settings.UTM_MEDIUM == "ambassadors"
    assert advocacy_settings.UTM_MEDIUM == "employee-advocacy"


def test_unknown_names_raise():
    with pytest.raises(AttributeError, match="Unknown wagtail-advocacy setting"):
        advocacy_settings.NOT_A_SETTING  # noqa: B018
