"""What a tracked link measures: the links themselves, their clicks and conversions.

Raw events (``Click``, ``Conversion``) are written once and never updated; reports, panels and
the "my impact" page read the daily aggregates (``models.stats``), which the rollup job
recomputes from the events. No model here has a field for an IP address, and none may get one.
"""

import secrets

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .kits import ShareKit
from .people import Ambassador


def new_link_token() -> str:
    """An unguessable URL-safe token: 12 random bytes, 96 bits, 16 characters."""
    return secrets.token_urlsafe(12)


class TrackedLink(models.Model):
    """The personal link of one ambassador for one kit on one network.

    A link whose ambassador asked for erasure has none: it still redirects to its kit's
    destination, and its clicks credit no one (``people.erasure``)."""

    token = models.CharField(
        _("token"), max_length=32, unique=True, default=new_link_token, editable=False
    )
    kit = models.ForeignKey(
        ShareKit, verbose_name=_("share kit"), on_delete=models.CASCADE, related_name="links"
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links",
        help_text=_("Empty once its ambassador's data was erased: the link credits no one."),
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


class VisitorSalt(models.Model):
    """The secret of one day for visitor hashes. Past days' salts are destroyed, so a hash
    can no longer be linked to an IP address, not even by someone holding the database."""

    day = models.DateField(_("day"), unique=True)
    salt = models.CharField(_("salt"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("visitor salt")
        verbose_name_plural = _("visitor salts")

    def __str__(self):
        return str(self.day)


class Click(models.Model):
    """One countable click on a tracked link, stored by a single insert in the request."""

    link = models.ForeignKey(
        TrackedLink,
        verbose_name=_("tracked link"),
        on_delete=models.CASCADE,
        related_name="clicks",
        # The repeat index below starts with the link: a second index would only slow the
        # one insert a click costs.
        db_index=False,
    )
    clicked_at = models.DateTimeField(_("clicked at"), db_index=True)
    visitor_hash = models.CharField(
        _("visitor hash"),
        max_length=64,
        help_text=_("Keyed hash of the visitor's address and browser with a salt of the day."),
    )

    class Meta:
        verbose_name = _("click")
        verbose_name_plural = _("clicks")
        indexes = [
            # The repeat-click check: same link, same visitor, within the window.
            models.Index(
                fields=["link", "visitor_hash", "clicked_at"], name="advocacy_click_repeat"
            ),
        ]

    def __str__(self):
        return f"{self.link_id} @ {self.clicked_at:%Y-%m-%d %H:%M}"


# The conversion types the migrations create, by slug: their stored English name, and the
# label shown instead while an editor has not renamed them (a stored name cannot follow the
# reader's language).
DEFAULT_CONVERSION_TYPE_NAMES = {
    "lead": ("Lead", pgettext_lazy("conversion type", "Lead")),
    "job-application": ("Job application", pgettext_lazy("conversion type", "Job application")),
    "download": ("Download", pgettext_lazy("conversion type", "Download")),
    "sign-up": ("Sign-up", pgettext_lazy("conversion type", "Sign-up")),
}


class ConversionType(models.Model):
    """A desired action of a visitor (lead, job application, download…) and what it is worth."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        help_text=_("The code other sites send with their conversion reports, e.g. “lead”."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("What one conversion of this type is worth, for earned media value."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("conversion type")
        verbose_name_plural = _("conversion types")

    def __str__(self):
        return str(self.display_name())

    def display_name(self):
        """The name in the reader's language for a default type still under its English name;
        the stored name otherwise."""
        english, translated = DEFAULT_CONVERSION_TYPE_NAMES.get(self.slug, (None, None))
        return translated if self.name == english else self.name

    # The listing's column: labelled and sorted as the name it shows.
    display_name.short_description = _("name")
    display_name.admin_order_field = "name"


class Conversion(models.Model):
    """A visitor brought by a tracked link did something of value."""

    class Source(models.TextChoices):
        FORM = "form", _("Form page on this site")
        SIGNED = "signed", _("Signed server report")
        PIXEL = "pixel", _("Pixel")

    link = models.ForeignKey(
        TrackedLink,
        verbose_name=_("tracked link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversions",
    )
    conversion_type = models.ForeignKey(
        ConversionType,
        verbose_name=_("conversion type"),
        on_delete=models.PROTECT,
        related_name="conversions",
    )
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reference = models.CharField(
        _("reference"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Unique key of the report, so that a replayed report is rejected."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("The type's value when the conversion happened."),
    )
    # NULL, not "", for the other sources: NULLs never collide in the unique constraint below.
    visitor_hash = models.CharField(  # noqa: DJ001
        _("visitor hash"),
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Pixel conversions only: the visitor hash of the day, so that one visitor "
            "converts at most once per link, type and day."
        ),
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("conversion")
        verbose_name_plural = _("conversions")
        constraints = [
            # Visitor hashes change with the salt every day, so this is once per day; other
            # sources leave the hash empty, and empty values never collide.
            models.UniqueConstraint(
                fields=["link", "conversion_type", "visitor_hash"],
                name="advocacy_one_pixel_conversion_per_visitor",
            )
        ]

    def __str__(self):
        return f"{self.conversion_type} ({self.get_source_display()})"
