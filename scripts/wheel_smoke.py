# Run by `manage.py shell -c` in the brand-new site of the wheel stage, after the steps of
# docs/installation.md, in a base.html stripped of its extra_css and extra_js blocks (as
# Wagtail's bakerydemo has): the app comes from site-packages (not the source tree); an
# employee with no admin access is sent to the documented login (Wagtail's), logs in there,
# finds the programme page styled, joins and shares the site's home page through a tracked
# link that a visitor then follows; the compiled French catalogue is used.
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.test import Client
from django.utils import translation
from wagtail.models import Site

import wagtail_advocacy
from wagtail_advocacy.models import Click, Share, ShareKit, ShareMessage

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
STYLESHEET = '<link rel="stylesheet" href="/static/wagtail_advocacy/css/advocacy.css">'
SCRIPT = '<script src="/static/wagtail_advocacy/js/share.js" defer></script>'


def require(condition, problem):
    if not condition:
        sys.exit(f"wheel smoke test failed: {problem}")


def page_of(response, url):
    require(response.status_code == 200, f"{url} answered {response.status_code}")
    return response.content.decode()


def post(client, url, data, action=None):
    """Submit the form of page ``url`` (to ``action``, else to itself) with its CSRF token."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_of(client.get(url), url))
    require(token, f"no CSRF token in the form of {url}")
    return client.post(action or url, {"csrfmiddlewaretoken": token[1], **data})


package = Path(wagtail_advocacy.__file__).parent
require("site-packages" in package.parts, f"imported from {package}, not from the wheel")
base = get_template("base.html").template.source
require("extra_css" not in base and "extra_js" not in base, "base.html still has extra blocks")
require(finders.find("wagtail_advocacy/css/advocacy.css"), "advocacy.css is not in the wheel")

get_user_model().objects.create_user("noah", password="wheel-smoke-password")  # noqa: S106
employee = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=FIREFOX)
programme = "/advocacy/programme/"

# Anonymous: sent to the login page the installation page sets, which exists.
response = employee.get(programme)
login = response.headers.get("Location", "")
require(response.status_code == 302, f"{programme} answered {response.status_code} to a visitor")
require(urlsplit(login).path == "/admin/login/", f"{programme} sends visitors to {login!r}")
response = post(employee, login, {"username": "noah", "password": "wheel-smoke-password"})
require(response.headers.get("Location") == programme, "the login does not come back")

# The programme page, styled inside the base template's content block, and joining.
html = page_of(employee.get(programme), programme)
body = html[html.index("<body") :]
require(html.count(STYLESHEET) == 1 and STYLESHEET in body, "programme: advocacy.css not linked")
require('<div class="advocacy advocacy-page">' in body, "programme: no width container")
require("Become an ambassador" in html, "the programme page has no button")
response = post(employee, programme, {}, action="/advocacy/programme/join/")
require(response.status_code == 302, f"joining answered {response.status_code}")
require("You are an ambassador." in page_of(employee.get(programme), programme), "not joined")

# The share flow on the site's home page (a page type the app does not know).
home = Site.objects.get(is_default_site=True).root_page
kit = ShareKit.objects.create(page=home, title="Our home page")
ShareMessage.objects.create(kit=kit, text="Have a look: {link}")
share_page = f"/advocacy/share/{kit.pk}/?network=linkedin"
html = page_of(employee.get(share_page), share_page)
require(html.count(SCRIPT) == 1 and "Continue to the network" in html, "share page unstyled")
response = post(employee, share_page, {"network": "linkedin", "text": "Have a look: {link}"})
intent = response.headers.get("Location", "")
require(intent.startswith("https://www.linkedin.com/"), f"the share went to {intent!r}")
require(Share.objects.filter(kit=kit, network="linkedin").count() == 1, "no share recorded")
message = parse_qs(urlsplit(intent).query)["text"][0]
tracked = re.search(r"https?://\S+/advocacy/l/[\w-]+/", message)
require(tracked, f"no tracked link in {intent!r}")

visitor = Client(HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
response = visitor.get(urlsplit(tracked[0]).path)
landing = response.headers.get("Location", "")
require(response.status_code == 302 and landing.startswith(home.full_url), f"-> {landing!r}")
require(Click.objects.filter(link__kit=kit).count() == 1, "the visitor's click was not counted")

with translation.override("fr"):
    french = translation.gettext("Become an ambassador")
require(french != "Become an ambassador", "no French translation in the installed package")
print(
    f"wheel smoke test passed: {package}; login {settings.LOGIN_URL!r}; shared to {intent[:40]}…; "
    f"fr: {french!r}"
)
