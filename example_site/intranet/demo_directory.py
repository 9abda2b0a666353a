"""Demo data for the ambassador directory: the directory page, the ambassadors' profiles
with photos drawn here, the teams of the sharing settings, and a spotlight in the newsletter.

``build_directory()`` is idempotent like the other builders: the page is keyed on its slug,
a profile is filled only while its job title is empty (an ambassador who changed their
profile keeps it), a photo is drawn only for a profile that has none, and the newsletter
gets its spotlight once. Noah is not an ambassador and gets no profile.
"""

import io

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from wagtail.models import Collection, Site

from wagtail_advocacy.models import Ambassador, AmbassadorDirectoryPage, SharingSettings
from wagtail_advocacy.people.profile import AVATAR_COLOURS, save_profile

from .models import EmployeeProfile, NewsletterPage

NAMED, ANONYMOUS, HIDDEN = (choice.value for choice in Ambassador.Recognition)

# username: (listed, recognition, photo, expertise, languages, bio)
PROFILES = {
    "camille": (
        True,
        NAMED,
        True,
        "content marketing, case studies, district heating",
        ["fr", "en"],
        "I write our customer stories. Ask me for a case study to send to a prospect, or "
        "for the numbers behind one.",
    ),
    "lea": (True, NAMED, True, "communication, employer brand", ["fr", "en"], ""),
    "julien": (True, ANONYMOUS, False, "design, trade fairs", ["fr"], ""),
    "lena": (
        True,
        NAMED,
        True,
        "heat pumps, natural refrigerants, R&D",
        ["de", "en"],
        "I lead research and development in Hamburg. Happy to explain the F-gas rules to "
        "anyone who asks.",
    ),
    "antoine": (True, ANONYMOUS, False, "heat pumps, product management", ["fr", "en"], ""),
    "sanne": (True, HIDDEN, True, "testing, reliability", ["nl", "de", "en"], ""),
    "oliver": (True, NAMED, False, "UK market, key accounts", ["en"], ""),
    "chloe": (False, NAMED, False, "key accounts, paper industry", ["fr", "es"], ""),
    "jonas": (False, ANONYMOUS, False, "breweries, food industry", ["de", "en"], ""),
    "manon": (
        True,
        NAMED,
        True,
        "hiring, internships, employer brand",
        ["fr", "en", "es"],
        "I look after our hiring. If a friend of yours should work here, tell me.",
    ),
    "ines": (True, NAMED, False, "internal communication", ["fr", "en"], ""),
    "hugo": (True, ANONYMOUS, False, "manufacturing, safety", ["fr"], ""),
    "chidi": (True, NAMED, True, "field service, commissioning", ["en"], ""),
    "siobhan": (False, HIDDEN, False, "", ["en", "fr"], ""),
}

# Public profile addresses some of them gave.
PROFILE_ADDRESSES = {
    "camille": {"linkedin_profile": "https://www.linkedin.com/in/camille-martin-northwind/"},
    "lena": {"mastodon_account": "@lena@mastodon.social", "bluesky_handle": "lena.bsky.social"},
    "manon": {"linkedin_profile": "https://www.linkedin.com/in/manon-rousseau-northwind/"},
}

DIRECTORY_INTRO = (
    "<p>The colleagues who share Northwind's news on their own networks, and who chose to be "
    "listed here. Look for someone who knows a topic, speaks a language or works in a team.</p>"
)


def draw_photo(seed: int, size: int = 320) -> io.BytesIO:
    """A portrait drawn here, with Pillow: a head and shoulders on one of the avatar
    colours. No photo comes from the network."""
    from PIL import Image, ImageDraw

    colour = AVATAR_COLOURS[seed % len(AVATAR_COLOURS)]
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    skin = ["#f1c9a5", "#d9a37e", "#a86f4c", "#70452b"][seed % 4]
    draw.ellipse((size * 0.16, size * 0.68, size * 0.84, size * 1.3), fill="#e8edf2")
    draw.ellipse((size * 0.32, size * 0.2, size * 0.68, size * 0.62), fill=skin)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def build_directory_page() -> AmbassadorDirectoryPage:
    """The directory under the home page, in the menu."""
    home = Site.objects.get(is_default_site=True).root_page
    existing = home.get_children().filter(slug="ambassadors").first()
    if existing is not None:
        return existing.specific
    page = AmbassadorDirectoryPage(
        title="Ambassadors", slug="ambassadors", show_in_menus=True, intro=DIRECTORY_INTRO
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_profiles() -> None:
    """Each demo ambassador's profile, as they would fill it in themself."""
    if Collection.get_first_root_node() is None:  # gone after ``manage.py flush``
        Collection.add_root(name="Root")
    sharing = SharingSettings.for_site(Site.objects.get(is_default_site=True))
    if not sharing.teams.exists():
        sharing.teams.set(Group.objects.filter(user__isnull=False).distinct())
    jobs = dict(EmployeeProfile.objects.values_list("user__username", "job_title"))
    ambassadors = Ambassador.objects.filter(user__username__in=PROFILES).select_related("user")
    for ambassador in ambassadors:
        if ambassador.job_title:
            continue  # filled already, by an earlier run or by the ambassador
        username = ambassador.user.username
        listed, recognition, photo, expertise, languages, bio = PROFILES[username]
        save_profile(
            ambassador,
            {
                "profile_name": ambassador.user.get_full_name(),
                "job_title": jobs.get(username, ""),
                "bio": bio,
                "expertise": expertise,
                "languages": languages,
                "directory_listed": listed,
                "recognition": recognition,
                **PROFILE_ADDRESSES.get(username, {}),
            },
            photo_file=(
                ImageFile(draw_photo(ambassador.user_id), name=f"{username}.png")
                if photo and ambassador.photo_id is None
                else None
            ),
        )


def build_newsletter_spotlight() -> None:
    """The latest newsletter ends with the most recent named joiners, once."""
    newsletter = NewsletterPage.objects.live().order_by("-date").first()
    if newsletter is None or any(block.block_type == "spotlight" for block in newsletter.body):
        return
    newsletter.body.append(
        (
            "spotlight",
            {"heading": "Welcome to our new ambassadors", "source": "recent", "count": 4},
        )
    )
    newsletter.save_revision().publish()


def build_directory() -> None:
    """The directory page, the profiles and the newsletter's spotlight."""
    build_directory_page()
    build_profiles()
    build_newsletter_spotlight()
