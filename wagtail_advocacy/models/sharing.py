"""What ambassadors do: shares, and the personal tracked link behind each one."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from .content import ShareKit
from .people import Ambassador


def new_link_token() -> str:
    """An unguessable URL-safe token: 12 random bytes, 96 bits, 16 characters."""
    return secrets.token_urlsafe(12)


class TrackedLink(models.Model):
    """The personal link of one ambassador for one kit on one network."""

    token = models.CharField(
        _("token"), max_length=32, unique=True, default=new_link_token, editable=False
    )
    kit = models.ForeignKey(
        ShareKit, verbose_name=_("share kit"), on_delete=models.CASCADE, related_name="links"
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    network = models.CharField(_("network"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("tracked link")
        verbose_name_plural = _("tracked links")
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "kit", "network"], name="advocacy_one_link_per_network"
            )
        ]

    def __str__(self):
        return self.token


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
    created_at = models.DateTimeField(_("shared at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")

    def __str__(self):
        return f"{self.ambassador} → {self.network}"
