"""Demo data of the Northwind intranet, built idempotently.

Each ``build_*`` function creates what is missing and leaves what exists alone, keyed on
usernames, team names and page slugs, so running the demo twice duplicates nothing. Later
features add their own builders (``build_sharing()``, ``build_tracking()``...) in their own
modules and list them in ``DEMO_BUILDERS``.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site

from wagtail_advocacy.people.programme import get_ambassador, join_programme

from .demo_charter import build_charter
from .demo_directory import build_directory
from .demo_game import build_game
from .demo_sharing import build_sharing
from .demo_tracking import build_tracking
from .models import (
    ArticlePage,
    EmployeeProfile,
    HomePage,
    NewsIndexPage,
    NewsletterIndexPage,
    NewsletterPage,
    PeopleDirectoryPage,
    StandardPage,
)

DEMO_PASSWORD = "changeme"  # a documented demo login, never a real secret
DEMO_URL = "http://127.0.0.1:8000/"
DEMO_LOGINS = [
    ("admin", "superuser: the Wagtail admin at /admin/"),
    ("camille", "Camille Martin, Marketing: an opted-in ambassador who accepted the charter"),
    ("noah", "Noah Schmidt, Engineering: not an ambassador"),
]

TEAMS = ["Marketing", "Engineering", "Sales", "People & Culture", "Operations", "Finance"]

# username, first name, last name, team, job title, location, ambassador since (days ago)
EMPLOYEES = [
    ("camille", "Camille", "Martin", "Marketing", "Content marketing manager", "Lyon", 82),
    ("noah", "Noah", "Schmidt", "Engineering", "Embedded software engineer", "Hamburg", None),
    ("lea", "Léa", "Dubois", "Marketing", "Head of communication", "Lyon", 88),
    ("julien", "Julien", "Moreau", "Marketing", "Graphic designer", "Paris", 41),
    ("amelia", "Amelia", "Clarke", "Marketing", "Events coordinator", "Manchester", None),
    ("giulia", "Giulia", "Rossi", "Marketing", "Digital marketing specialist", "Lyon", None),
    ("lena", "Lena", "Becker", "Engineering", "Head of R&D", "Hamburg", 75),
    ("felix", "Felix", "Wagner", "Engineering", "Power electronics engineer", "Hamburg", None),
    ("antoine", "Antoine", "Girard", "Engineering", "Heat pump product owner", "Lyon", 27),
    ("priya", "Priya", "Sharma", "Engineering", "Battery systems engineer", "Hamburg", None),
    ("sanne", "Sanne", "de Vries", "Engineering", "Test lab manager", "Hamburg", 12),
    ("oliver", "Oliver", "Hughes", "Sales", "Sales director UK", "Manchester", 63),
    ("chloe", "Chloé", "Lefèvre", "Sales", "Key account manager", "Paris", 55),
    ("diego", "Diego", "Fernández", "Sales", "Business developer Iberia", "Paris", None),
    ("jonas", "Jonas", "Keller", "Sales", "Key account manager DACH", "Hamburg", 19),
    ("yasmine", "Yasmine", "Benali", "Sales", "Sales assistant", "Paris", None),
    ("manon", "Manon", "Rousseau", "People & Culture", "Talent acquisition lead", "Lyon", 70),
    ("grace", "Grace", "Thompson", "People & Culture", "HR business partner", "Manchester", None),
    ("katarzyna", "Katarzyna", "Nowak", "People & Culture", "Learning manager", "Lyon", 8),
    (
        "ines",
        "Inès",
        "Fontaine",
        "People & Culture",
        "Internal comms officer",
        "Paris",
        34,
    ),
    ("hugo", "Hugo", "Bernard", "Operations", "Plant manager", "Lyon", 48),
    ("chidi", "Chidi", "Okafor", "Operations", "Field service engineer", "Manchester", 5),
    ("marco", "Marco", "Bianchi", "Operations", "Supply chain planner", "Lyon", None),
    ("piotr", "Piotr", "Kowalski", "Operations", "Production team leader", "Lyon", None),
    ("harry", "Harry", "Patel", "Operations", "Service operations manager", "Manchester", None),
    ("elin", "Elin", "Lindqvist", "Operations", "Quality engineer", "Hamburg", None),
    ("siobhan", "Siobhán", "Murphy", "Finance", "Chief financial officer", "Paris", 66),
    ("rafael", "Rafael", "Costa", "Finance", "Financial controller", "Lyon", None),
    ("anna", "Anna", "Hoffmann", "Finance", "Accountant", "Hamburg", None),
    ("daan", "Daan", "Jansen", "Finance", "Procurement manager", "Lyon", None),
    ("emre", "Emre", "Yılmaz", "Engineering", "Data engineer", "Paris", None),
    ("linh", "Linh", "Nguyen", "Marketing", "Web editor", "Paris", None),
    ("arjun", "Arjun", "Mehta", "Sales", "Pre-sales engineer", "Manchester", None),
    ("ingrid", "Ingrid", "Solberg", "Operations", "Health and safety manager", "Hamburg", None),
]

HOME_INTRO = (
    "<p>Good morning! Northwind designs and builds industrial heat pumps and battery "
    "storage that help factories and cities leave fossil heat behind. Here is what is "
    "happening across our sites in Lyon, Paris, Hamburg and Manchester.</p>"
)

ABOUT_BODY = (
    "<p>Northwind was founded in Lyon in 1998 as a small workshop repairing industrial "
    "boilers. Today 1,400 colleagues in four countries design, build and service "
    "high-temperature heat pumps and battery storage for factories, hospitals and district "
    "heating networks.</p>"
    "<h2>Our sites</h2>"
    "<ul><li><b>Lyon</b>: head office and our main plant.</li>"
    "<li><b>Hamburg</b>: research and development, and the test lab.</li>"
    "<li><b>Manchester</b>: service centre for the UK and Ireland.</li>"
    "<li><b>Paris</b>: sales and key accounts.</li></ul>"
    "<h2>Our purpose</h2>"
    "<p>Half the energy used by industry is heat. We want every factory we work with to "
    "produce that heat without burning anything.</p>"
)

# slug, title, days ago, team, author, intro, body paragraphs
ARTICLES = [
    (
        "grenoble-district-heating-case-study",
        "Grenoble's district heating cuts its gas use by 38%",
        3,
        "Marketing",
        "camille",
        "One winter after commissioning, our two 6 MW heat pumps at the Grenoble network "
        "are delivering more than we promised.",
        [
            "Last October our service team commissioned two high-temperature heat pumps "
            "recovering heat from the city's wastewater plant. The numbers for the first "
            "winter are in: gas consumption at the main boiler house fell by 38%.",
            "The operator now plans a third unit. The case study, with the customer's own "
            "words, is ready to share with your network.",
        ],
    ),
    (
        "hiring-field-service-engineers-manchester",
        "We're hiring: field service engineers in Manchester",
        6,
        "People & Culture",
        "manon",
        "Our UK service centre is growing: four positions are open, with training in Lyon.",
        [
            "With more than 200 installed units in the UK and Ireland, our Manchester team "
            "needs four more field service engineers. Experience with refrigeration or "
            "industrial electrics is welcome; we train the rest.",
            "Know someone? Share the offer: referrals are the way most of our engineers "
            "joined us.",
        ],
    ),
    (
        "night-shift-lyon-plant",
        "Behind the scenes: a night shift at the Lyon plant",
        9,
        "Operations",
        "hugo",
        "From 10 p.m. to 6 a.m., 42 colleagues keep the compressor line running. We spent "
        "a night with them.",
        [
            "Piotr's team starts with a safety briefing and a coffee. By midnight, the first "
            "compressor of the night is on the test bench.",
            "Thank you to everyone who welcomed us, and to the canteen team for the 3 a.m. soup.",
        ],
    ),
    (
        "eu-f-gas-rules-explained",
        "What the new EU F-gas rules mean for our customers",
        13,
        "Engineering",
        "lena",
        "The revised regulation phases out many refrigerants. Our natural-refrigerant range "
        "is ready; here is what customers ask.",
        [
            "The revised F-gas regulation bans high-GWP refrigerants in most new stationary "
            "equipment over the next decade.",
            "All our heat pumps since 2021 use ammonia, CO2 or propane. Customers running "
            "older equipment are asking how to plan the change: this note answers the five "
            "questions we hear most.",
        ],
    ),
    (
        "hannover-messe-hall-13",
        "See us at Hannover Messe, hall 13",
        17,
        "Marketing",
        "julien",
        "Our 2 MW heat pump demonstrator travels to Hannover. Come and say hello, and invite "
        "your customers.",
        [
            "For five days our Hamburg engineers and sales teams will run live demonstrations "
            "on stand C42.",
            "Free visitor passes are available from the marketing team.",
        ],
    ),
    (
        "hamburg-test-lab",
        "Meet the Hamburg lab that breaks our prototypes on purpose",
        22,
        "Engineering",
        "noah",
        "Frost, salt spray, 10,000 start-stop cycles: the test lab's job is to find the "
        "weak spot before a customer does.",
        [
            "Sanne's team runs 14 test benches around the clock. Last year they found the "
            "valve fatigue issue that led to our new compressor design.",
            "Their favourite test? The climate chamber, from -25 °C to +50 °C in an hour.",
        ],
    ),
    (
        "brewery-heats-itself",
        "Brauerei Hansen: a brewery that heats itself",
        26,
        "Sales",
        "jonas",
        "A family brewery near Bremen now recovers the heat of its cooling circuit to brew "
        "the next batch.",
        [
            "Brauerei Hansen used to burn natural gas to heat its mash tuns while its chillers "
            "threw heat away on the roof.",
            "One Northwind heat pump now connects the two: 70% less gas, and a payback "
            "period under five years.",
        ],
    ),
    (
        "bike-to-work-month",
        "Bike to work month: 214 of you rode 31,000 km",
        31,
        "People & Culture",
        "ines",
        "Lyon won the site challenge, Hamburg came a close second, and Manchester braved "
        "the rain.",
        [
            "Thank you to the 214 colleagues who took part. Together you avoided about four "
            "tonnes of CO2.",
            "The new covered bike shelter in Lyon opens next month.",
        ],
    ),
    (
        "industrial-heat-five-numbers",
        "Industrial heat is half the problem: five numbers to know",
        36,
        "Marketing",
        "lea",
        "Why heat, not electricity, is the biggest decarbonisation challenge in industry.",
        [
            "Heat is about half of the final energy consumed by European industry, and most "
            "of it still comes from fossil fuels.",
            "Our explainer sums up the five numbers that matter, with sources, ready to share.",
        ],
    ),
    (
        "battery-systems-engineer-hamburg",
        "Join us: battery systems engineer in Hamburg",
        41,
        "Engineering",
        "lena",
        "Our storage team is looking for an engineer to design the next generation of our "
        "containerised batteries.",
        [
            "You will work on cell selection, thermal management and safety certification "
            "with a team of eight.",
            "Hybrid work, relocation support, and a lab full of prototypes.",
        ],
    ),
    (
        "open-day-lyon-plant",
        "Open day at the Lyon plant: families welcome",
        47,
        "Operations",
        "hugo",
        "Guided tours, a children's workshop and a look inside a heat pump, on a Saturday "
        "in June.",
        [
            "For the first time since 2019 the plant opens its doors to our families and "
            "neighbours.",
            "Register with the People & Culture team before the end of the month.",
        ],
    ),
    (
        "storage-prices-where-we-stand",
        "Grid-scale storage prices: where we stand",
        54,
        "Finance",
        "siobhan",
        "Cell prices fell again this year. What it means for our margins and our offers.",
        [
            "Battery cell prices have fallen by a fifth in twelve months, which makes storage "
            "projects viable for many more customers.",
            "We are passing most of the saving on to them, and our order book shows it.",
        ],
    ),
    (
        "webinar-process-heat-papeterie",
        "Webinar: decarbonising process heat with Papeterie du Rhône",
        60,
        "Sales",
        "chloe",
        "A one-hour webinar with our customer's plant manager on replacing steam boilers.",
        [
            "Papeterie du Rhône replaced one of its three steam boilers with a Northwind heat "
            "pump last year.",
            "Their plant manager explains how they did it without stopping production.",
        ],
    ),
    (
        "internships-lyon",
        "Internship season: 12 places for students in Lyon",
        66,
        "People & Culture",
        "manon",
        "Engineering, supply chain and marketing internships, starting in September.",
        [
            "Every year our interns work on real projects; a third of them join us afterwards.",
            "Applications are open on the careers site until the end of next month.",
        ],
    ),
    (
        "one-thousand-heat-pumps",
        "Northwind reaches 1,000 installed industrial heat pumps",
        74,
        "Marketing",
        "camille",
        "The thousandth unit left Lyon this week for a dairy in Normandy.",
        [
            "It took us 17 years to install the first 500 heat pumps, and four years for the "
            "next 500.",
            "Thank you to every team that made it possible.",
        ],
    ),
    (
        "half-year-results",
        "Half-year results: order intake up 18%",
        85,
        "Finance",
        "siobhan",
        "Strong demand for heat pumps in Germany and the UK; storage grows more slowly.",
        [
            "Revenue grew by 11% and order intake by 18% compared with the first half of "
            "last year.",
            "The full presentation is in the internal announcements.",
        ],
    ),
]

# slug, title, body
ANNOUNCEMENTS = [
    (
        "it-maintenance-weekend",
        "IT maintenance this weekend",
        "<p>Email and the VPN will be unavailable on Saturday from 8 p.m. to midnight.</p>",
    ),
    (
        "travel-policy-update",
        "Updated travel policy",
        "<p>Train is now the default for trips under five hours. The full policy is attached "
        "to this page.</p>",
    ),
    (
        "works-council-elections",
        "Works council elections: how to vote",
        "<p>Elections for the Lyon and Hamburg works councils open next week. Voting is "
        "online and anonymous.</p>",
    ),
]


def _page_date(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _ensure_child(parent: Page, page: Page) -> Page:
    """Publish ``page`` under ``parent`` unless a child with its slug exists already."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_teams() -> dict[str, Group]:
    """The company's teams (Django auth groups), by name."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in TEAMS}


def build_people() -> dict:
    """The superuser, the employees with their profiles, and the opted-in ambassadors."""
    User = get_user_model()
    teams = build_teams()
    # Hashing the same password 35 times with PBKDF2 takes seconds: hash it once.
    password_hash = make_password(DEMO_PASSWORD)
    admin, _created = User.objects.get_or_create(
        username="admin",
        defaults={
            "email": "admin@northwind.example",
            "first_name": "Intranet",
            "last_name": "Administrator",
            "is_staff": True,
            "is_superuser": True,
            "password": password_hash,
        },
    )
    employees = {}
    for username, first, last, team, job_title, location, _days in EMPLOYEES:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@northwind.example",
                "first_name": first,
                "last_name": last,
                "password": password_hash,
            },
        )
        user.groups.add(teams[team])
        EmployeeProfile.objects.update_or_create(
            user=user, defaults={"job_title": job_title, "location": location}
        )
        employees[username] = user

    for username, *_rest, days in EMPLOYEES:
        if days is None or get_ambassador(employees[username]) is not None:
            continue  # never re-enrol someone who left: joining is their choice
        ambassador = join_programme(employees[username])
        # Joined over the last 90 days, so reports have a history to show.
        ambassador.joined_at = timezone.now() - datetime.timedelta(days=days)
        ambassador.save(update_fields=["joined_at"])
    return {"admin": admin, "employees": employees, "teams": teams}


def _create_tree_root() -> Page:
    """The page tree's root, as Wagtail's migrations make it (gone after ``manage.py flush``)."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.add_root(instance=Page(title="Root", slug="root"))


def _ensure_home_page() -> HomePage:
    """The HomePage at the root of the default site, in place of Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        root = Page.get_first_root_node() or _create_tree_root()
        welcome = root.get_children().filter(slug="home").first()
        if welcome is not None and welcome.specific_class is Page:
            # Wagtail's placeholder. The site would go with it (CASCADE): move it off first.
            site.root_page = root
            site.save()
            welcome.delete()
        home = HomePage(title="Welcome to the Northwind intranet", slug="home", intro=HOME_INTRO)
        root.add_child(instance=home)
        home.save_revision().publish()
    site.hostname = "127.0.0.1"
    site.port = 8000
    site.site_name = "Northwind intranet"
    site.root_page = home
    site.save()
    return home


def build_pages() -> dict[str, Page]:
    """The page tree: home, news, internal announcements, newsletters, people, about."""
    teams = build_teams()
    users = {user.username: user for user in get_user_model().objects.all()}
    home = _ensure_home_page()

    news = _ensure_child(
        home,
        NewsIndexPage(
            title="News",
            slug="news",
            show_in_menus=True,
            intro="<p>What's new at Northwind: projects, people and events.</p>",
        ),
    )
    for slug, title, days, team, author, intro, paragraphs in ARTICLES:
        _ensure_child(
            news,
            ArticlePage(
                title=title,
                slug=slug,
                date=_page_date(days),
                team=teams[team],
                author=users.get(author),
                intro=intro,
                body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
            ),
        )

    announcements = _ensure_child(
        home,
        StandardPage(
            title="Internal announcements",
            slug="announcements",
            show_in_menus=True,
            body="<p>For Northwind employees only: please do not share outside the company.</p>",
        ),
    )
    # Intranet-private content: anonymous visitors are sent to the login page.
    PageViewRestriction.objects.get_or_create(
        page=announcements, restriction_type=PageViewRestriction.LOGIN
    )
    for slug, title, body in ANNOUNCEMENTS:
        _ensure_child(announcements, StandardPage(title=title, slug=slug, body=body))

    newsletters = _ensure_child(
        home, NewsletterIndexPage(title="Newsletters", slug="newsletters", show_in_menus=True)
    )
    for number, days in ((41, 35), (42, 4)):
        issue = _ensure_child(
            newsletters,
            NewsletterPage(
                title=f"Northwind Monthly, issue {number}",
                slug=f"northwind-monthly-{number}",
                date=_page_date(days),
                body=_newsletter_body(number),
            ),
        )
        # Each issue came out on its date: its boards' "this month" is the month of that day.
        NewsletterPage.objects.filter(pk=issue.pk).update(
            first_published_at=timezone.make_aware(
                datetime.datetime.combine(issue.date, datetime.time(9))
            )
        )

    people = _ensure_child(
        home, PeopleDirectoryPage(title="People", slug="people", show_in_menus=True)
    )
    about = _ensure_child(
        home,
        StandardPage(title="About Northwind", slug="about", show_in_menus=True, body=ABOUT_BODY),
    )
    return {
        "home": home,
        "news": news,
        "announcements": announcements,
        "newsletters": newsletters,
        "people": people,
        "about": about,
    }


def _newsletter_body(number: int) -> list[tuple[str, str]]:
    return [
        ("heading", "A word from the management board"),
        (
            "paragraph",
            f"<p>Welcome to issue {number} of the Northwind Monthly. Our order book has never "
            "been so full, and it is thanks to every one of you.</p>",
        ),
        ("heading", "Projects"),
        (
            "paragraph",
            "<p>Grenoble's district heating network, a brewery near Bremen and a paper mill "
            "on the Rhône: read how our heat pumps are replacing gas boilers.</p>",
        ),
        ("heading", "People"),
        (
            "paragraph",
            "<p>Welcome to the 23 colleagues who joined us this month, and thank you to our "
            "ambassadors, who shared our news with their networks.</p>",
        ),
    ]


# The demo's builders, in order. Later features append theirs (e.g. build_sharing).
DEMO_BUILDERS = [
    build_teams,
    build_people,
    build_pages,
    build_sharing,
    build_tracking,
    build_charter,
    build_directory,
    build_game,
]


def build_demo(stdout=None) -> None:
    """Build the whole demo, idempotently, and write what was done to ``stdout``."""
    with transaction.atomic():
        for builder in DEMO_BUILDERS:
            builder()
            if stdout is not None:
                stdout.write(f"  {builder.__name__.removeprefix('build_')}: done")
    if stdout is not None:
        User = get_user_model()
        stdout.write(
            f"\nNorthwind intranet: {User.objects.filter(is_superuser=False).count()} "
            f"employees in {Group.objects.filter(user__isnull=False).distinct().count()} teams, "
            f"{ArticlePage.objects.count()} articles.\n"
            f"Open {DEMO_URL} and log in with (password '{DEMO_PASSWORD}' for all):"
        )
        for username, description in DEMO_LOGINS:
            stdout.write(f"  {username} / {DEMO_PASSWORD}  ({description})")
