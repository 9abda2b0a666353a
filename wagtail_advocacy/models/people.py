"""The employees who volunteer to share: ambassadors."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils.translation import gettext_lazy as _


class AmbassadorQuerySet(models.QuerySet):
    """Queries about ambassadors; ``active`` is the one "active ambassador" rule in SQL."""

    def active(self):
        """Ambassadors who opted in and have not left the programme (``Ambassador.is_active``)."""
        return self.filter(joined_at__isnull=False, left_at__isnull=True)

    def with_display_name(self, prefix: str = ""):
        """Annotate ``display_name`` (``Ambassador.display_name`` in SQL) on these rows, or on
        rows that reach an ambassador through ``prefix`` (e.g. ``"ambassador__"``)."""
        return self.annotate(display_name=display_name_expression(prefix))


def display_name_expression(prefix: str = ""):
    """``Ambassador.display_name`` as a database expression: the user's full name, else
    their username. ``prefix`` is the path from the queried model to the ambassador."""
    user = f"{prefix}user__"
    full_name = Trim(Concat(f"{user}first_name", models.Value(" "), f"{user}last_name"))
    return Coalesce(
        NullIf(full_name, models.Value("")), f"{user}username", output_field=models.CharField()
    )


class Ambassador(models.Model):
    """An employee's participation in the programme. Nobody is an ambassador by default:
    the row is created when the employee opts in, and only they can opt in or out."""

    class DigestFrequency(models.TextChoices):
        OFF = "off", _("Never")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="advocacy_ambassador",
    )
    team = models.ForeignKey(
        "auth.Group",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The team the ambassador's results are reported under."),
    )
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    digest_frequency = models.CharField(
        _("digest frequency"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    last_digest_at = models.DateTimeField(_("last digest at"), null=True, blank=True)
    last_hub_visit_at = models.DateTimeField(_("last visit to the hub"), null=True, blank=True)
    mastodon_instance = models.CharField(
        _("Mastodon instance"),
        max_length=255,
        blank=True,
        help_text=_("For example: mastodon.social"),
    )

    objects = AmbassadorQuerySet.as_manager()

    class Meta:
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name an ambassador is shown and signs with: their full name, else their
        username (``display_name_expression`` says the same in SQL)."""
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_active(self) -> bool:
        """Joined and not left: the one "active ambassador" rule (``AmbassadorQuerySet.active``
        in SQL)."""
        return self.joined_at is not None and self.left_at is None
