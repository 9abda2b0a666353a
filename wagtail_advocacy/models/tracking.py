"""What a tracked link measures: clicks, conversions, and their daily aggregates.

Raw events (``Click``, ``Conversion``) are written once and never updated; reports, panels and
the "my impact" page read ``DailyStat`` only, which the rollup job recomputes from the events.
No model here has a field for an IP address, and none may get one.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .content import Campaign, ShareKit
from .people import Ambassador
from .sharing import TrackedLink


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


class DailyStat(models.Model):
    """Shares, clicks and conversions of one day per (kit, ambassador, network).

    Team, campaign and category are copied from the ambassador and the kit at rollup time,
    so reports filter and group without joins on large tables.
    """

    day = models.DateField(_("day"))
    kit = models.ForeignKey(
        ShareKit,
        verbose_name=_("share kit"),
        on_delete=models.CASCADE,
        related_name="daily_stats",
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="daily_stats",
    )
    network = models.CharField(_("network"), max_length=20)
    team = models.ForeignKey(
        "auth.Group",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advocacy_daily_stats",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="daily_stats",
    )
    category = models.CharField(_("category"), max_length=20, blank=True)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    unique_visitors = models.PositiveIntegerField(_("unique visitors"), default=0)
    conversions = models.PositiveIntegerField(_("conversions"), default=0)
    conversion_value = models.DecimalField(
        _("conversion value"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily statistic")
        verbose_name_plural = _("daily statistics")
        # One permission for every report, the KPI panel and the Reports menu items.
        permissions = [("view_advocacy_reports", _("Can view advocacy reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kit", "ambassador", "network"], name="advocacy_one_stat_per_day"
            )
        ]
        indexes = [
            models.Index(fields=["day"], name="advocacy_stat_day"),
            models.Index(fields=["ambassador", "day"], name="advocacy_stat_ambassador_day"),
            models.Index(fields=["team", "day"], name="advocacy_stat_team_day"),
            models.Index(fields=["campaign", "day"], name="advocacy_stat_campaign_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.kit_id}/{self.ambassador_id}/{self.network}"


class RolledUpDay(models.Model):
    """When a day's aggregates were last recomputed.

    Two roles: every roll-up of a day writes this row first, so two roll-ups of the same day
    queue on its lock instead of interleaving; and the newest row tells the hourly job where
    to catch up from after it did not run for a while.
    """

    day = models.DateField(_("day"), unique=True)
    rolled_up_at = models.DateTimeField(_("rolled up at"))

    class Meta:
        ordering = ["-day"]
        verbose_name = _("rolled-up day")
        verbose_name_plural = _("rolled-up days")

    def __str__(self):
        return str(self.day)


def validate_user_agent_patterns(value: str):
    """Each non-blank line must be a valid regular expression (a plain word is one)."""
    for number, line in enumerate(value.splitlines(), start=1):
        pattern = line.strip()
        if not pattern:
            continue
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValidationError(
                _("Line %(number)s is not a valid pattern: %(error)s"),
                params={"number": number, "error": error},
                code="invalid_pattern",
            ) from error


@register_setting(icon="view")
class MeasurementSettings(BaseSiteSetting):
    """The inputs of earned media value and the programme objectives, editable per site."""

    value_per_unique_click = models.DecimalField(
        _("value per unique click"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("What a unique visitor brought by an ambassador is worth to you."),
    )
    cpm = models.DecimalField(
        _("CPM"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Cost per thousand impressions you would pay for paid reach; 0 leaves reach out "
            "of earned media value."
        ),
    )
    declared_audience_per_share = models.PositiveIntegerField(
        _("declared audience per share"),
        default=0,
        help_text=_(
            "The audience one share may reach (e.g. an average number of connections); used "
            "for reach and with the CPM."
        ),
    )
    monthly_share_target = models.PositiveIntegerField(
        _("monthly share target"),
        null=True,
        blank=True,
        help_text=_("The number of shares the programme aims for each month."),
    )
    extra_bot_user_agents = models.TextField(
        _("extra bots and link-preview fetchers"),
        blank=True,
        validators=[validate_user_agent_patterns],
        help_text=_(
            "User agents that never count as visitors, besides the built-in list: one per "
            "line, a word or a regular expression, matched without regard to case."
        ),
    )

    class Meta:
        verbose_name = _("Measurement")

    def __str__(self):
        return str(_("Measurement"))
