from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailAdvocacyAppConfig(AppConfig):
    """The wagtail-advocacy Django app: the core. Optional parts (``wagtail_advocacy.game``)
    are apps of their own that listen to the core's domain signals (``signals``)."""

    name = "wagtail_advocacy"
    label = "wagtail_advocacy"
    verbose_name = _("Employee advocacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signals  # noqa: F401  (register the system checks and receivers)
        from .charter.publishing import connect_charter_publishing
        from .kits.panels import add_sharing_tab
        from .tracking.attribution import connect_form_submissions

        add_sharing_tab()
        connect_form_submissions()
        connect_charter_publishing()
