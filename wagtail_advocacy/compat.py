"""The one place where Wagtail 7.4 LTS and Wagtail 8 differ for this app."""

import swapper
import wagtail

WAGTAIL_VERSION = wagtail.VERSION[:2]

# Wagtail 8 lets a project swap its base Page model (setting WAGTAIL_PAGE_MODEL); on 7.4
# swapper resolves the same call to wagtailcore.Page. Use this name in foreign keys.
PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


def get_page_model():
    """Return the concrete base Page model of this project (swapped or not)."""
    return swapper.load_model("wagtailcore", "Page")
