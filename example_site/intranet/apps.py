from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    name = "intranet"
    verbose_name = _("Northwind intranet")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_advocacy.tasks import register_jobs

        # Sending a newsletter to many employees runs in the task cluster.
        register_jobs("intranet.tasks")
