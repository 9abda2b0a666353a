"""Demo data for the social-media charter: Northwind's charter page, and Camille's acceptance.

``build_charter()`` is idempotent like the other builders: the page is keyed on its slug
(publishing it the first time makes version 1), and accepting twice keeps the first
acceptance. Noah is not an ambassador and accepts nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Site

from wagtail_advocacy.charter.acceptance import AcceptanceRefused, accept_charter
from wagtail_advocacy.charter.versions import version_in_effect
from wagtail_advocacy.models import CharterPage

CHARTER_BODY = (
    "<p>This charter is our highway code for social media: it is there to protect you and to "
    "help you speak about Northwind with confidence, not to tell you what to think. Taking "
    "part in the ambassador programme is voluntary, and you can leave it at any time.</p>"
    "<h2>1. You speak in your own name</h2>"
    "<ul><li>Post from your own account, in your own words. Edit the suggested messages "
    "freely: identical posts from every colleague help nobody.</li>"
    "<li>Say that you work for Northwind. Add <b>#iworkforNorthwind</b> to every post about "
    "the company: the share dialog adds it when it is missing. This disclosure is required by "
    "consumer-protection law, not only by us.</li>"
    "<li>Your opinions are yours. When you comment on the company, make clear you do not speak "
    "for it officially.</li></ul>"
    "<h2>2. What stays inside</h2>"
    "<ul><li>Never share anything marked internal: prices, customer names not yet announced, "
    "results before their publication, colleagues' personal data, photos of the plants' "
    "restricted areas.</li>"
    "<li>Some words are blocked in messages (for example <i>confidential</i> or "
    "<i>scoop</i>): if the share dialog refuses a message, it will tell you why.</li></ul>"
    "<h2>3. Hashtags we use</h2>"
    "<p><b>#heatpumps</b>, <b>#industrialheat</b>, <b>#energytransition</b>, "
    "<b>#NorthwindCareers</b> for job offers. One or two per post are enough.</p>"
    "<h2>4. When things go wrong</h2>"
    "<ul><li>Do not answer criticism or journalists' questions about Northwind yourself: pass "
    "them to the communication team (comms@northwind.example), who will thank you.</li>"
    "<li>If you posted something by mistake, delete it and tell us: nobody will blame you for "
    "asking.</li></ul>"
    "<h2>5. What we measure, and your right to leave</h2>"
    "<p>We count the clicks on your personal links, never who clicked, and never read your "
    "accounts. The works council was consulted on this charter and on what the programme "
    "measures. You can leave the programme from its page whenever you like; this charter then "
    "stops applying to you, and your past shares stay counted only in totals.</p>"
    "<h2>Version française</h2>"
    "<p>Cette charte est notre code de la route des réseaux sociaux : elle vous protège et "
    "vous aide à parler de Northwind en confiance. La participation est volontaire et vous "
    "pouvez quitter le programme à tout moment.</p>"
    "<ul><li>Vous parlez en votre nom, avec vos mots, depuis votre propre compte, et vous "
    "indiquez que vous travaillez chez Northwind avec <b>#iworkforNorthwind</b>.</li>"
    "<li>Ce qui est interne reste interne : prix, clients non annoncés, résultats avant leur "
    "publication, données personnelles des collègues. Certains mots sont bloqués dans les "
    "messages.</li>"
    "<li>Hashtags : <b>#heatpumps</b>, <b>#industrialheat</b>, <b>#energytransition</b>, "
    "<b>#NorthwindCareers</b>.</li>"
    "<li>Une critique, une question de journaliste : transmettez-la à l'équipe "
    "communication. Une erreur : supprimez la publication et prévenez-nous.</li>"
    "<li>Nous comptons les clics sur vos liens, jamais qui a cliqué. Le CSE a été consulté "
    "sur cette charte. Vous pouvez quitter le programme quand vous le souhaitez.</li></ul>"
)


def build_charter_page() -> CharterPage:
    """The charter under the home page, in the menu; published once (version 1)."""
    home = Site.objects.get(is_default_site=True).root_page
    existing = home.get_children().filter(slug="social-media-charter").first()
    if existing is not None:
        return existing.specific
    page = CharterPage(
        title="Social-media charter",
        slug="social-media-charter",
        show_in_menus=True,
        body=CHARTER_BODY,
        binding=True,
        consultation_date=timezone.localdate() - datetime.timedelta(days=95),
        consultation_reference="CSE Northwind, minutes of the ordinary meeting, item 4",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_charter() -> None:
    """The charter page; Camille has accepted the version in effect, in her own session
    (the only way an acceptance is made: a request of hers)."""
    build_charter_page()
    version = version_in_effect()
    camille = get_user_model().objects.filter(username="camille").first()
    if version is None or camille is None:
        return
    request = RequestFactory().post("/advocacy/charter/accept/", {"version": version.pk})
    request.user = camille
    try:
        accept_charter(request, version.pk)
    except AcceptanceRefused:
        pass  # she left the programme since: her choice, which a later run respects
