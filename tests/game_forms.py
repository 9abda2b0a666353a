"""What the game's forms carry as a browser posts them, for the tests that submit them."""

import re


def form_data(**overrides):
    """The form as a browser posts it with every element on: unticked boxes are absent."""
    data = {
        "points_enabled": "on",
        "leaderboards_enabled": "on",
        "badges_enabled": "on",
        "streaks_enabled": "on",
        "challenges_enabled": "on",
        "rewards_enabled": "on",
        "minimum_team_size": "5",
        "points_per_share": "10",
        "points_per_unique_click": "1",
        "points_per_conversion": "20",
        "points_for_complete_profile": "20",
        "points_for_first_share": "20",
        "share_points_cap_per_kit": "30",
        "share_points_cap_per_day": "100",
        "convincing_clicks_per_share": "3",
        "convincing_minimum_shares": "5",
        "prescribing_conversions": "5",
        "hold_unique_clicks_per_link": "50",
        "currency": "EUR",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def request_key_in(html):
    """The one-time key of the confirmation form in ``html``."""
    return re.search(r'name="request_key" value="([^"]+)"', html).group(1)
