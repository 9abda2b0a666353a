"""The one place where Wagtail 7.4 LTS and Wagtail 8 differ for this app."""

import swapper
import wagtail

WAGTAIL_VERSION = wagtail.VERSION[:2]

if WAGTAIL_VERSION >= (8, 0):
    # Wagtail 8 names its setting WAGTAIL_PAGE_MODEL (swapper's default would be
    # WAGTAILCORE_PAGE_MODEL), but only once wagtail.models is imported: say it here too, or
    # PAGE_MODEL below depends on which module a project happens to import first.
    swapper.set_app_prefix("wagtailcore", "wagtail")

# Wagtail 8 lets a project swap its base Page model (setting WAGTAIL_PAGE_MODEL); on 7.4
# swapper resolves the same call to wagtailcore.Page. Use this name in foreign keys.
PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


def get_page_model():
    """Return the concrete base Page model of this project (swapped or not)."""
    return swapper.load_model("wagtailcore", "Page")


def page_base_model():
    """The class the app's concrete page types subclass: the project's base Page model.

    A class needs its base when it is defined, before the app registry is ready, so this
    cannot use ``swapper.load_model``: it imports the swapped model's app (which must come
    before wagtail_advocacy in INSTALLED_APPS) or, unswapped, Wagtail's own Page.
    """
    swapped = swapper.is_swapped("wagtailcore", "Page")
    if not swapped:
        from wagtail.models import Page

        return Page
    from importlib import import_module

    from django.apps import apps

    app_label, model_name = swapper.split(swapped)
    import_module(f"{apps.get_app_config(app_label).name}.models")
    return apps.all_models[app_label][model_name.lower()]
