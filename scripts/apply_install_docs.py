"""Apply the steps of docs/installation.md to a site made by ``wagtail start``.

The wheel stage of ``make test`` uses it to prove the installation docs are complete: it
reads the code blocks marked ``<!-- install-step: NAME -->`` in the docs (and nothing else),
and edits the new site's settings and urls.py the way a developer following them would.

Usage: python apply_install_docs.py docs/installation.md SITE_DIR
"""

import re
import sys
from pathlib import Path

STEP = re.compile(r"<!-- install-step: (\w+) -->\s*```python\n(.*?)```", re.DOTALL)
WAGTAIL_CATCH_ALL = re.compile(r'^\s*path\(""\s*,\s*include\(wagtail_urls\)\)', re.MULTILINE)


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
    """Insert the docs' URL include just before Wagtail's catch-all pattern."""
    text = urls.read_text()
    ours = [line for line in block.splitlines() if "wagtail_advocacy" in line]
    match = WAGTAIL_CATCH_ALL.search(text)
    if not match:
        sys.exit(f"No Wagtail catch-all path found in {urls}")
    indent = re.match(r"\s*", match.group(0)).group(0)
    insert = "".join(f"{indent}{line.strip()}\n" for line in ours)
    urls.write_text(text[: match.start()] + insert + text[match.start() :])
    print(f"urls.py: {[line.strip() for line in ours]}")


def add_settings(settings: Path, block: str) -> None:
    """Append a settings block as given."""
    settings.write_text(settings.read_text() + "\n\n" + block)
    print(f"settings: {block.split('=')[0].strip()} added")


def main(docs: Path, site: Path) -> None:
    steps = dict(STEP.findall(docs.read_text()))
    if set(steps) != {"apps", "urls", "settings"}:
        sys.exit(f"{docs}: expected install steps apps, urls, settings; found {sorted(steps)}")
    settings = next(site.glob("*/settings/base.py"), None) or next(site.glob("*/settings.py"))
    urls = next(site.glob("*/urls.py"))
    add_apps(settings, steps["apps"])
    include_urls(urls, steps["urls"])
    add_settings(settings, steps["settings"])


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
