from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailAdvocacyAppConfig(AppConfig):
    """The wagtail-advocacy Django app."""

    name = "wagtail_advocacy"
    label = "wagtail_advocacy"
    verbose_name = _("Employee advocacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .signals import connect_form_submissions

        connect_form_submissions()
