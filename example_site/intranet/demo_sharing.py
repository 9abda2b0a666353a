"""Demo data for sharing: settings, campaigns, share kits on news articles, the share hub.

``build_sharing()`` is idempotent like the other demo builders: it fills what is missing,
keyed on campaign slugs, article slugs and the hub's slug, and leaves the rest alone. It
needs the articles and teams of ``build_pages()``.
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Site

from wagtail_advocacy.models import (
    AdvocacyHubPage,
    Campaign,
    ShareKit,
    ShareMessage,
    SharingSettings,
    SuggestedPostingTime,
)

from .models import ArticlePage

CAMPAIGNS = [
    (
        "hannover-messe-2027",
        "Hannover Messe",
        "Bring visitors to hall 13 and show what industrial heat pumps can do.",
        -20,
        40,
        120,
    ),
    (
        "we-are-hiring",
        "We are hiring",
        "Fill our open engineering positions through employees' networks.",
        -45,
        60,
        80,
    ),
]

# slug, category, featured, campaign, audience team, window (start, end in days from now),
# hashtags, public URL, messages ((network, text) pairs; "" = every network)
KITS = [
    (
        "grenoble-district-heating-case-study",
        ShareKit.Category.BRAND,
        True,
        None,
        None,
        (None, 30),
        "#heatpumps #districtheating",
        "https://www.northwind.example/case-studies/grenoble/",
        [
            ("", "Grenoble's district heating now uses 38% less gas, with our heat pumps. {link}"),
            ("", "Proud of this project: 38% less gas for a whole city district. {link}"),
            ("linkedin", "I worked on this one: how Grenoble cut its gas use by 38%. {link}"),
        ],
    ),
    (
        "hiring-field-service-engineers-manchester",
        ShareKit.Category.EMPLOYER,
        True,
        "we-are-hiring",
        None,
        (None, 45),
        "#jobs #Manchester",
        "",
        [
            ("", "We're hiring field service engineers in Manchester. Know someone? {link}"),
            ("", "Join my team! Field service engineers wanted in Manchester: {link}"),
        ],
    ),
    (
        "night-shift-lyon-plant",
        ShareKit.Category.EMPLOYER,
        False,
        None,
        None,
        (None, None),
        "#behindthescenes",
        "",
        [
            ("", "A night at our Lyon plant, where the heat pumps get built. {link}"),
            ("x", "Night shift at the Lyon plant: behind the scenes {link}"),
        ],
    ),
    (
        "eu-f-gas-rules-explained",
        ShareKit.Category.INSIGHT,
        False,
        None,
        "Sales",
        (None, 60),
        "#fgas #regulation",
        "",
        [
            ("", "What the new EU F-gas rules mean for industrial sites, in plain words: {link}"),
            ("", "F-gas rules are changing. Here is what it means for you: {link}"),
        ],
    ),
    (
        "hannover-messe-hall-13",
        ShareKit.Category.BRAND,
        True,
        "hannover-messe-2027",
        None,
        (None, 25),
        "#HannoverMesse",
        "https://www.northwind.example/events/hannover-messe/",
        [
            ("", "See you at Hannover Messe, hall 13! {link}"),
            ("", "{name} will be at Hannover Messe, hall 13. Come and say hello: {link}"),
            ("xing", "Besuchen Sie uns auf der Hannover Messe, Halle 13! {link}"),
        ],
    ),
    (
        "hamburg-test-lab",
        ShareKit.Category.EMPLOYER,
        False,
        None,
        "Engineering",
        (None, None),
        "#engineering #testing",
        "",
        [
            ("", "Meet the Hamburg lab that breaks our prototypes on purpose. {link}"),
            ("", "Where our prototypes go to suffer (so our customers don't): {link}"),
        ],
    ),
    (
        "brewery-heats-itself",
        ShareKit.Category.BRAND,
        False,
        None,
        None,
        (None, 20),
        "#brewing #heatrecovery",
        "",
        [
            ("", "A brewery that heats itself with its own waste heat. {link}"),
            ("", "Beer, heat pumps and 70% less gas: Brauerei Hansen's story {link}"),
        ],
    ),
    (
        "battery-systems-engineer-hamburg",
        ShareKit.Category.EMPLOYER,
        False,
        "we-are-hiring",
        None,
        (5, 50),  # upcoming: shareable in five days
        "#jobs #Hamburg #batteries",
        "",
        [
            ("", "We're looking for a battery systems engineer in Hamburg: {link}"),
            ("", "Battery systems engineer wanted in Hamburg. Join us! {link}"),
        ],
    ),
    (
        "industrial-heat-five-numbers",
        ShareKit.Category.INSIGHT,
        False,
        None,
        None,
        (-30, -2),  # ended two days ago
        "#industrialheat",
        "",
        [
            ("", "Industrial heat is half the problem. Five numbers to know: {link}"),
            ("", "Five numbers about industrial heat everyone should know {link}"),
        ],
    ),
    (
        "one-thousand-heat-pumps",
        ShareKit.Category.BRAND,
        False,
        None,
        None,
        (None, None),
        "#milestone #heatpumps",
        "",
        [
            ("", "1,000 industrial heat pumps installed. Thank you to every customer! {link}"),
            ("", "We just passed 1,000 installed industrial heat pumps {link}"),
        ],
    ),
]


def _days(days):
    return None if days is None else timezone.now() + datetime.timedelta(days=days)


def build_sharing_settings() -> SharingSettings:
    """Sharing settings of the default site: disclosure, blocked words, allowed domains.

    The demo intranet's own host is allowed too: on this one machine it plays the public
    site, so kits without a public URL send visitors to the article itself.
    """
    site = Site.objects.get(is_default_site=True)
    sharing = SharingSettings.for_site(site)
    if not sharing.disclosure_hashtag:
        sharing.disclosure_hashtag = "#iworkforNorthwind"
        sharing.blocked_words = "confidential\ninternal only\nscoop\nguaranteed savings"
        sharing.allowed_public_domains = f"www.northwind.example\n{site.hostname}"
        sharing.save()
    return sharing


def build_campaigns() -> dict[str, Campaign]:
    """The two demo campaigns, keyed by slug."""
    today = timezone.localdate()
    campaigns = {}
    for slug, name, objective, start, end, target in CAMPAIGNS:
        campaigns[slug] = Campaign.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "objective": objective,
                "starts_on": today + datetime.timedelta(days=start),
                "ends_on": today + datetime.timedelta(days=end),
                "share_target": target,
            },
        )[0]
    return campaigns


def build_share_kits(campaigns) -> list[ShareKit]:
    """A share kit on each listed news article that has none yet."""
    teams = {team.name: team for team in Group.objects.all()}
    articles = {
        page.slug: page for page in ArticlePage.objects.filter(slug__in=[k[0] for k in KITS])
    }
    kits = []
    for slug, category, featured, campaign, team, window, hashtags, url, messages in KITS:
        article = articles.get(slug)
        if article is None or ShareKit.objects.filter(page=article).exists():
            continue
        kit = ShareKit.objects.create(
            page=article,
            title=article.title,
            description=article.intro,
            public_url=url,
            category=category,
            featured=featured,
            campaign=campaigns.get(campaign),
            hashtags=hashtags,
            share_starts_at=_days(window[0]),
            share_ends_at=_days(window[1]),
        )
        if team:
            kit.audience_groups.add(teams[team])
            kit.save()  # a ParentalManyToManyField is written on save
        ShareMessage.objects.bulk_create(
            ShareMessage(kit=kit, network=network, text=text, sort_order=order)
            for order, (network, text) in enumerate(messages)
        )
        if featured:
            # Suggested posting times: the next two weekday mornings at 08:30.
            day = timezone.localdate()
            times = []
            while len(times) < 2:
                day += datetime.timedelta(days=1)
                if day.weekday() < 5:
                    times.append(
                        timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))
                    )
            SuggestedPostingTime.objects.bulk_create(
                SuggestedPostingTime(kit=kit, post_at=post_at, sort_order=order)
                for order, post_at in enumerate(times)
            )
        kits.append(kit)
    return kits


def build_share_hub() -> AdvocacyHubPage:
    """The "Share hub" page under the home page."""
    home = Site.objects.get(is_default_site=True).root_page
    existing = AdvocacyHubPage.objects.filter(slug="share-hub").first()
    if existing is not None:
        return existing
    hub = AdvocacyHubPage(
        title="Share hub",
        slug="share-hub",
        show_in_menus=True,
        intro="<p>News ready to share with your own network, in your own words.</p>",
    )
    home.add_child(instance=hub)
    hub.save_revision().publish()
    return hub


def build_sharing() -> None:
    """Settings, campaigns, share kits on ten articles and the share hub, idempotently."""
    build_sharing_settings()
    build_share_kits(build_campaigns())
    build_share_hub()
