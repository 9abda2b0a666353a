"""Retake the screenshots of the docs from a running demo (Playwright + Debian's Chromium).

Set up a scratch demo first, then run this with the project's virtualenv::

    export INTRANET_DATA_DIR=/tmp/docshots
    .venv/bin/python example_site/manage.py migrate -v0
    .venv/bin/python example_site/manage.py advocacy_demo
    .venv/bin/python example_site/manage.py runserver 127.0.0.1:8124 --noreload &
    .venv/bin/python docs/images/take_screenshots.py

(Give the demo's Site the port 8124 if its pages do not route.) Images are written next
to this file, cropped to what the page of the docs talks about, and optimised with Pillow.
"""

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8124"
OUT = Path(__file__).parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The admin's sidebar is the same on every screenshot: crop it away.
ADMIN_MAIN = {"x": 200, "y": 0, "width": 1080}


def save(png: bytes, name: str):
    """Write the PNG reduced to a palette (the screens are flat colours), then optimised."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path = OUT / f"{name}.png"
    image.save(path, optimize=True)
    print(f"{path.name}: {image.width}x{image.height}, {path.stat().st_size // 1024} KB")


def log_in(page, login_path, username):
    page.goto(BASE + login_path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "changeme")
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def admin_clip(height):
    return {**ADMIN_MAIN, "height": height}


def editor_screenshots(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, "/admin/login/", "admin")

    # The "more" menu of a page in the page listing, with "Share kit".
    page.goto(BASE + "/admin/pages/4/")
    row = page.locator("tr", has_text="Half-year results")
    row.get_by_role("button", name="More options").first.click()
    row.get_by_text("Share kit").wait_for()
    page.wait_for_timeout(500)  # the menu fades in
    save(page.screenshot(clip=admin_clip(560)), "editor-page-menu-share-kit")

    page.goto(BASE + "/admin/wagtail_advocacy/sharekit/")
    save(page.screenshot(clip=admin_clip(800)), "editor-share-kit-list")

    page.goto(BASE + "/admin/advocacy/calendar/")
    save(page.screenshot(clip=admin_clip(640)), "editor-content-calendar")

    page.set_viewport_size({"width": 1280, "height": 1150})
    page.goto(BASE + "/admin/advocacy/pages/5/share-kit/")
    save(
        page.screenshot(clip={**ADMIN_MAIN, "width": 960, "height": 1150}), "editor-share-kit-form"
    )

    page.goto(BASE + "/admin/settings/wagtail_advocacy/sharingsettings/")
    save(
        page.screenshot(clip={**ADMIN_MAIN, "width": 960, "height": 1150}),
        "editor-sharing-settings",
    )
    page.close()


def leader_screenshots(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1300})
    log_in(page, "/admin/login/", "admin")
    page.goto(BASE + "/admin/")
    save(page.locator("#advocacy-kpis-section").screenshot(), "leader-dashboard-kpis")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(BASE + "/admin/advocacy/reports/content/")
    save(page.screenshot(clip=admin_clip(800)), "leader-report-content")
    page.close()


def ambassador_screenshots(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, "/accounts/login/", "camille")

    page.goto(BASE + "/news/grenoble-district-heating-case-study/")
    save(
        page.screenshot(clip={"x": 0, "y": 0, "width": 1280, "height": 820}),
        "ambassador-share-bar",
    )

    page.get_by_role("link", name="Share on LinkedIn").click()
    page.locator("dialog[open]").wait_for()
    save(page.screenshot(), "ambassador-share-dialog")

    page.goto(BASE + "/share-hub/")
    save(page.screenshot(full_page=True), "hub")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(BASE + "/advocacy/impact/")
    save(
        page.screenshot(clip={"x": 0, "y": 110, "width": 1280, "height": 760}),
        "ambassador-my-impact",
    )
    page.close()


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for take in (editor_screenshots, leader_screenshots, ambassador_screenshots):
            if len(sys.argv) == 1 or take.__name__.split("_")[0] in sys.argv[1:]:
                take(browser)
        browser.close()


if __name__ == "__main__":
    main()
