# Run by `manage.py shell -c` in the brand-new site of the wheel stage: the app comes from
# site-packages (not the source tree), its programme page renders inside the site's own
# base.html, and the compiled French catalogue is used.
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

import wagtail_advocacy


def require(condition, problem):
    if not condition:
        sys.exit(f"wheel smoke test failed: {problem}")


package = Path(wagtail_advocacy.__file__).parent
require("site-packages" in package.parts, f"imported from {package}, not from the wheel")

client = Client()
client.force_login(get_user_model().objects.create_user("wheel-smoke"))
response = client.get("/advocacy/programme/")
require(response.status_code == 200, f"/advocacy/programme/ answered {response.status_code}")
require("Become an ambassador" in response.content.decode(), "the programme page has no button")

with translation.override("fr"):
    french = translation.gettext("Become an ambassador")
require(french != "Become an ambassador", "no French translation in the installed package")
print(f"wheel smoke test passed: {package}; fr: {french!r}")
