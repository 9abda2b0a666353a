"""The bot rule against public lists of crawlers, preview fetchers and real browsers.

The lists are in fixtures/user_agents/ (where each comes from: its README.md). No database:
only ``is_listed_bot``, the part of the rule that lists decide, is checked here; the admin's
extra patterns and the HEAD rule have their own tests.
"""

from pathlib import Path

import pytest

from wagtail_advocacy.tracking.bots import NOT_BOTS, is_listed_bot

FIXTURES = Path(__file__).parent / "fixtures" / "user_agents"

# The public crawler lists (none chosen by the app), and the detector built from each.
CRAWLER_LISTS = {
    "bots_crawler_user_agents.txt": "crawler-user-agents",
    "bots_crawlerdetect.txt": "crawlerdetect",
    "bots_matomo.txt": None,  # Matomo Device Detector: neither detector is built from it
}
BROWSER_LISTS = (
    "browsers_fake_useragent.txt",
    "browsers_matomo.txt",
    "browsers_in_app.txt",
    "browsers_in_app_reported.txt",
)
# Every network the app shares to with a preview fetcher (copy link and QR code have none).
NETWORKS = (
    "LinkedIn",
    "X / Twitter",
    "Facebook / Meta",
    "Xing",
    "Bluesky",
    "Mastodon",
    "WhatsApp",
    "Telegram",
    "Slack",
    "Microsoft Teams / Skype",
    "Discord",
    "Pinterest",
    "Email",
)


def user_agents(name: str) -> list[str]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def preview_fetchers() -> list[tuple[str, str]]:
    """(network, user agent) of every line of preview_fetchers.txt."""
    network, found = None, []
    for line in (FIXTURES / "preview_fetchers.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("# network: "):
            network = line.removeprefix("# network: ")
        elif line.strip() and not line.startswith("#"):
            found.append((network, line))
    return found


def bot_share(user_agent_list: list[str]) -> float:
    return sum(1 for ua in user_agent_list if is_listed_bot(ua[:512])) / len(user_agent_list)


def test_every_network_the_app_shares_to_has_its_preview_fetchers_listed():
    networks = {network for network, _ua in preview_fetchers()}

    for name in NETWORKS:
        assert any(network.startswith(name) for network in networks), name


@pytest.mark.parametrize("network, user_agent", preview_fetchers(), ids=lambda v: v[:60])
def test_no_preview_fetcher_of_a_network_the_app_shares_to_is_counted(network, user_agent):
    assert is_listed_bot(user_agent), network


def test_at_least_95_percent_of_the_public_crawler_lists_are_bots():
    every = sorted({ua for name in CRAWLER_LISTS for ua in user_agents(name)})

    assert len(every) > 4000
    assert bot_share(every) >= 0.95


@pytest.mark.parametrize("name", [name for name, built in CRAWLER_LISTS.items() if built])
def test_a_maintained_lists_own_examples_are_all_bots(name):
    # 100 % less the people of NOT_BOTS that a list calls bots.
    assert bot_share(user_agents(name)) >= 0.99


def test_a_list_no_detector_is_built_from_is_mostly_recognised():
    # Matomo's bot list: the honest figure for crawlers no maintained list has seen (84 %
    # with crawler-user-agents 1.67.0 and crawlerdetect 0.4.2; 58 % with the first alone).
    # What is left is mostly scanners with made-up names ("Abcd", "${jndi:...}").
    assert bot_share(user_agents("bots_matomo.txt")) >= 0.83


@pytest.mark.parametrize("name", BROWSER_LISTS)
def test_at_most_1_percent_of_real_browsers_are_excluded(name):
    browsers = user_agents(name)

    excluded = [ua for ua in browsers if is_listed_bot(ua[:512])]

    assert len(excluded) <= len(browsers) / 100, excluded


@pytest.mark.parametrize("name", ["browsers_in_app.txt", "browsers_in_app_reported.txt"])
def test_people_tapping_a_link_in_a_networks_app_are_never_excluded(name):
    # The in-app browsers of Facebook, Instagram, LinkedIn, X, Pinterest, Xing, Threads...:
    # where an ambassador's audience reads the post.
    excluded = [ua for ua in user_agents(name) if is_listed_bot(ua[:512])]

    assert excluded == []


def test_people_a_maintained_list_calls_bots_never_hide_a_preview_fetcher():
    # NOT_BOTS ("MetaIAB": Facebook's in-app browser, listed by crawler-user-agents 1.67.0)
    # overrides the maintained lists only, never our own preview fetchers.
    for name in NOT_BOTS:
        assert is_listed_bot(f"facebookexternalhit/1.1 {name}")
        assert not is_listed_bot(f"Mozilla/5.0 (Linux; Android 16) Mobile Safari/537.36 {name}")
