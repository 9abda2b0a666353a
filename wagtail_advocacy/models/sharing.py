"""What ambassadors do: shares, each through the personal tracked link of its network."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .kits import ShareKit
from .people import Ambassador
from .tracking import TrackedLink


class Share(models.Model):
    """One share event: an ambassador sent a kit to a network with these words."""

    kit = models.ForeignKey(
        ShareKit, verbose_name=_("share kit"), on_delete=models.CASCADE, related_name="shares"
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    link = models.ForeignKey(
        TrackedLink,
        verbose_name=_("tracked link"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    network = models.CharField(_("network"), max_length=20)
    message = models.TextField(_("message"), blank=True)
    declared_audience = models.PositiveIntegerField(
        _("declared audience"),
        null=True,
        blank=True,
        help_text=_("The audience the ambassador had declared on this network when sharing."),
    )
    created_at = models.DateTimeField(_("shared at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")

    def __str__(self):
        return f"{self.ambassador} → {self.network}"
