"""Demo data for the game: Northwind switches every element of it on.

A fresh install offers no element of the game; the demo shows them all. ``build_game()`` is
idempotent, and does nothing when the site leaves ``wagtail_advocacy.game`` out of
``INSTALLED_APPS``.
"""

from django.apps import apps


def build_game() -> None:
    """Switch on every element of the game, with the default values."""
    if not apps.is_installed("wagtail_advocacy.game"):
        return
    from wagtail_advocacy.game.rules import Feature, game_settings

    settings = game_settings()
    for feature in Feature:
        setattr(settings, f"{feature.value}_enabled", True)
    settings.full_clean()
    settings.save()
