from django.apps import AppConfig


class IntranetConfig(AppConfig):
    name = "intranet"
    verbose_name = "Northwind intranet"
    default_auto_field = "django.db.models.BigAutoField"
