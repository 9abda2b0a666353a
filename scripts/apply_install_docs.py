"""Apply the steps of docs/installation.md to a site made by ``wagtail start``.

The wheel stage of ``make test`` uses it to prove the installation docs are complete: it
reads the code blocks marked ``<!-- install-step: NAME -->`` in the docs (and nothing else),
and edits the new site's settings and urls.py the way a developer following them would:
adding the apps not already there, replacing Wagtail's catch-all URL pattern with the docs'
block, appending the settings. Running it twice changes nothing the second time.

Usage: python apply_install_docs.py docs/installation.md SITE_DIR
"""

import re
import sys
from pathlib import Path

STEP = re.compile(r"<!-- install-step: (\w+) -->\s*```python\n(.*?)```", re.DOTALL)
STEPS = ("apps", "urls", "settings", "login")
WAGTAIL_CATCH_ALL = re.compile(r'^[ \t]*path\(""\s*,\s*include\(wagtail_urls\)\)', re.MULTILINE)


def add_apps(settings: Path, block: str) -> None:
    """Put the apps the docs list at the top of INSTALLED_APPS, skipping those present."""
    text = settings.read_text()
    start = text.index("INSTALLED_APPS = [") + len("INSTALLED_APPS = [")
    present = set(re.findall(r'"([\w.]+)"', text[start : text.index("]", start)]))
    wanted = [app for app in re.findall(r'"([\w.]+)"', block) if app not in present]
    lines = "".join(f'\n    "{app}",' for app in wanted)
    settings.write_text(text[:start] + lines + text[start:])
    print(f"INSTALLED_APPS += {wanted}")


def include_urls(urls: Path, block: str) -> None:
    """Replace Wagtail's catch-all pattern with the docs' block, as the docs say.

    A urls.py that already includes the app is left as it is.
    """
    text = urls.read_text()
    if "wagtail_advocacy.urls" in text:
        print(f"urls.py: {urls} already includes wagtail_advocacy.urls")
        return
    match = WAGTAIL_CATCH_ALL.search(text)
    if not match:
        sys.exit(f"No Wagtail catch-all path found in {urls}")
    indent = re.match(r"[ \t]*", match.group(0)).group(0)
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    replacement = "\n".join(f"{indent}{line}" for line in lines)
    # The whole catch-all line is what the docs replace.
    end = text.find("\n", match.end())
    end = len(text) if end == -1 else end
    urls.write_text(text[: match.start()] + replacement + text[end:])
    print(f"urls.py: {lines}")


def add_settings(settings: Path, block: str) -> None:
    """Append a settings block as given, unless a previous run already did."""
    text = settings.read_text()
    if block.strip() in text:
        print(f"settings: {block.split('=')[0].strip()} already there")
        return
    settings.write_text(text + "\n\n" + block)
    print(f"settings: {block.split('=')[0].strip()} added")


def main(docs: Path, site: Path) -> None:
    steps = dict(STEP.findall(docs.read_text()))
    if set(steps) != set(STEPS):
        sys.exit(f"{docs}: expected install steps {', '.join(STEPS)}; found {sorted(steps)}")
    settings = next(site.glob("*/settings/base.py"), None) or next(site.glob("*/settings.py"))
    urls = next(site.glob("*/urls.py"))
    add_apps(settings, steps["apps"])
    include_urls(urls, steps["urls"])
    add_settings(settings, steps["settings"])
    add_settings(settings, steps["login"])


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
