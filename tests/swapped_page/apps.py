from django.apps import AppConfig


class SwappedPageConfig(AppConfig):
    """The app holding the swapped-in base page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "tests.swapped_page"
    label = "swappedpage"
