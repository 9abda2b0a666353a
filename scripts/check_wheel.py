"""Fail unless a built wheel carries everything a site needs at run time.

Templates, static files, migrations and the compiled French catalogue are not Python modules,
so a packaging mistake drops them silently; this makes it loud.
"""

import sys
import zipfile

REQUIRED = {
    "templates": "wagtail_advocacy/templates/wagtail_advocacy/",
    "static files": "wagtail_advocacy/static/wagtail_advocacy/",
    "migrations": "wagtail_advocacy/migrations/0001_initial.py",
    "French catalogue (compiled)": "wagtail_advocacy/locale/fr/LC_MESSAGES/django.mo",
    "the game's templates": "wagtail_advocacy/game/templates/wagtail_advocacy_game/",
    "the game's migrations": "wagtail_advocacy/game/migrations/0001_game_settings.py",
}

names = zipfile.ZipFile(sys.argv[1]).namelist()
missing = []
for what, prefix in REQUIRED.items():
    found = sum(n.startswith(prefix) for n in names)
    print(f"{'ok' if found else 'MISSING':8} {what}: {found} file(s) under {prefix}")
    if not found:
        missing.append(what)
if missing:
    sys.exit(f"The wheel lacks: {', '.join(missing)}")
