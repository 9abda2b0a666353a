from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailAdvocacyGameAppConfig(AppConfig):
    """The optional game sub-app (``wagtail_advocacy.game``)."""

    name = "wagtail_advocacy.game"
    label = "wagtail_advocacy_game"
    verbose_name = _("Employee advocacy: game")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django_q.models import Schedule

        from wagtail_advocacy.tasks import register_jobs

        from . import receivers  # noqa: F401  (connect to the core's domain signals)

        register_jobs(
            f"{self.name}.tasks",
            scheduled=[
                # Hourly: a challenge is settled within the hour its last day is counted.
                (
                    "wagtail-advocacy game: settle challenges",
                    f"{self.name}.tasks.settle_challenges",
                    Schedule.HOURLY,
                    None,
                ),
            ],
        )
