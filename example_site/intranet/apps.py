from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    name = "intranet"
    verbose_name = _("Northwind intranet")
    default_auto_field = "django.db.models.BigAutoField"
