"""The daily aggregates every report, panel and "my impact" page reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .kits import Campaign, ShareKit
from .people import Ambassador

#: The figures of a ``DailyStat`` row, which roll-ups recompute and folding sums.
FIGURES = (
    "shares",
    "declared_shares",
    "declared_reach",
    "clicks",
    "unique_visitors",
    "conversions",
    "conversion_value",
)


class DailyStat(models.Model):
    """Shares, clicks and conversions of one day per (kit, ambassador, network).

    Team, campaign and category are copied from the ambassador and the kit at rollup time,
    so reports filter and group without joins on large tables. A row without an ambassador
    is an anonymous aggregate (``stats.retention.fold_into_anonymous``): the figures of
    ambassadors who asked for erasure, or past the statistics' retention, summed per day,
    kit, network, team, campaign and category. Roll-ups never recompute those rows.
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
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="daily_stats",
        help_text=_("Empty: an anonymous aggregate, which names no one."),
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
    # The day's conversions split by type, {"<conversion type id>": count}, for listeners
    # that weigh types differently (the game's points per type). Not summed by folding:
    # anonymous rows keep the total only.
    conversions_by_type = models.JSONField(_("conversions by type"), default=dict, blank=True)
    # Reach: the shares whose ambassador had declared an audience on the network, and the
    # sum of those audiences. The others reach the site's declared audience per share.
    declared_shares = models.PositiveIntegerField(_("shares with a declared audience"), default=0)
    declared_reach = models.PositiveBigIntegerField(_("declared audience reached"), default=0)

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
