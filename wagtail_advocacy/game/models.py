"""Models of the game: its settings (each element switched on separately), the points
ledger, badges, challenges, and the rewards and charities points are spent on."""

import re
from decimal import Decimal

from django import forms
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from wagtail_advocacy.models import Ambassador, Campaign, ConversionType, ShareKit, TrackedLink
from wagtail_advocacy.models.charter import InsertOnlyModel
from wagtail_advocacy.sharing.networks import NETWORK_CHOICES

# One value a rule may give: enough for any scale an organisation chooses, small enough
# that a typo (an extra zero or two) is caught.
MAX_POINTS = 10_000
MAX_TEAM_SIZE = 1_000


def points_field(verbose_name, default, help_text=""):
    """A number of points a rule awards: 0 (nothing) to MAX_POINTS."""
    return models.PositiveIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_POINTS)],
        help_text=help_text,
    )


def network_points_field_name(network: str) -> str:
    """The settings form's field for a share's points on ``network``."""
    return f"share_points_{network}"


def parse_conversion_points(text: str) -> dict[str, int]:
    """``conversion_points_by_type`` from the settings form's lines, "slug: points" each:
    {"<conversion type id>": points}. Raises ValidationError naming each bad line."""
    types = {kind.slug: kind for kind in ConversionType.objects.all()}
    values, errors = {}, []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        slug, colon, points = (part.strip() for part in line.partition(":"))
        if not colon or not slug or not points:
            errors.append(
                _("Line %(line)s: write “type: points”, for example “lead: 50”.")
                % {"line": number}
            )
        elif slug not in types:
            errors.append(
                _("Line %(line)s: no conversion type “%(slug)s”. The types are: %(slugs)s.")
                % {"line": number, "slug": slug, "slugs": ", ".join(sorted(types)) or "—"}
            )
        elif not points.isdigit() or int(points) > MAX_POINTS:
            errors.append(
                _("Line %(line)s: the points must be a whole number from 0 to %(max)s.")
                % {"line": number, "max": MAX_POINTS}
            )
        elif str(types[slug].pk) in values:
            errors.append(
                _("Line %(line)s: “%(slug)s” is given twice.") % {"line": number, "slug": slug}
            )
        else:
            values[str(types[slug].pk)] = int(points)
    if errors:
        raise ValidationError(errors)
    return values


def format_conversion_points(values: dict) -> str:
    """The settings form's lines for ``conversion_points_by_type``, by type slug."""
    slugs = dict(ConversionType.objects.values_list("pk", "slug"))
    return "\n".join(
        f"{slugs[int(key)]}: {points}"
        for key, points in (values or {}).items()
        if key.isdigit() and int(key) in slugs
    )


class BaseGameSettingsForm(WagtailAdminModelForm):
    """The settings form's behaviour: the per-network fields, and the lines of points per
    conversion type, read and write one JSON field each."""

    conversion_points = forms.CharField(
        label=_("points for a conversion, per type"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per conversion type worth something else than the points for a "
            "conversion above: its slug, a colon and the points, e.g. “lead: 50”."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.instance.share_points_by_network or {}
        for network, _label in NETWORK_CHOICES:
            self.fields[network_points_field_name(network)].initial = chosen.get(network)
        self.fields["conversion_points"].initial = format_conversion_points(
            self.instance.conversion_points_by_type
        )

    def clean_conversion_points(self):
        return parse_conversion_points(self.cleaned_data["conversion_points"])

    def clean_currency(self):
        """The code in capitals, whatever case it was typed in ("eur" is EUR)."""
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def clean(self):
        cleaned_data = super().clean()
        self.instance.share_points_by_network = {
            network: points
            for network, _label in NETWORK_CHOICES
            if (points := cleaned_data.get(network_points_field_name(network))) is not None
        }
        if "conversion_points" in cleaned_data:
            self.instance.conversion_points_by_type = cleaned_data["conversion_points"]
        return cleaned_data


def network_points_form_field(label) -> forms.IntegerField:
    """The points for a share on one network; blank takes the default for a share."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_POINTS,
        help_text=_("Blank: the points for a share above."),
    )


# One number per network instead of a JSON text area; declared through the form's metaclass
# because the networks come from the registry, and panels name each field.
GameSettingsForm = type(BaseGameSettingsForm)(
    "GameSettingsForm",
    (BaseGameSettingsForm,),
    {
        "__module__": __name__,
        "__doc__": "The game settings' form, with a field per network.",
        **{
            network_points_field_name(key): network_points_form_field(label)
            for key, label in NETWORK_CHOICES
        },
    },
)


@register_setting(icon="pick")
class GameSettings(BaseGenericSetting):
    """What of the game the programme offers, and the value of each rule: one set for the
    whole installation, like the programme itself. Everything is off until an
    administrator switches it on: a game helps when people agree to it, and hurts when
    imposed."""

    points_enabled = models.BooleanField(
        _("points"),
        default=False,
        help_text=_("Ambassadors earn points for their shares, clicks and conversions."),
    )
    leaderboards_enabled = models.BooleanField(
        _("leaderboards"),
        default=False,
        help_text=_("Rankings of ambassadors and teams, in the admin and in newsletters."),
    )
    badges_enabled = models.BooleanField(
        _("badges"), default=False, help_text=_("Badges for milestones such as a first share.")
    )
    streaks_enabled = models.BooleanField(
        _("streaks"),
        default=False,
        help_text=_("Badges for sharing several weeks in a row."),
    )
    challenges_enabled = models.BooleanField(
        _("challenges"),
        default=False,
        help_text=_("Time-boxed goals for ambassadors or teams, with bonus points."),
    )
    rewards_enabled = models.BooleanField(
        _("rewards"),
        default=False,
        help_text=_("A catalogue of rewards and charities that points can be spent on."),
    )

    excluded_teams = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("teams left out of the game"),
        blank=True,
        related_name="+",
        help_text=_(
            "Members of these teams neither see the leaderboards nor appear on them, for "
            "example where a works council declined the game."
        ),
    )
    minimum_team_size = models.PositiveSmallIntegerField(
        _("minimum team size on team boards"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TEAM_SIZE)],
        help_text=_(
            "Teams with fewer active ambassadors are left off team leaderboards, so that no "
            "small team's ranking points at a person."
        ),
    )

    points_per_share = points_field(_("points for a share"), 10)
    share_points_by_network = models.JSONField(
        _("points for a share, per network"),
        default=dict,
        blank=True,
        help_text=_("Network keys and points, where a network differs from the default."),
    )
    points_per_unique_click = points_field(
        _("points for a unique click"),
        1,
        _("Per unique visitor a link brings, bots and the ambassador's own clicks excluded."),
    )
    points_per_conversion = points_field(
        _("points for a conversion"), 20, _("For each type not given its own value below.")
    )
    conversion_points_by_type = models.JSONField(
        _("points for a conversion, per type"),
        default=dict,
        blank=True,
        help_text=_("Conversion type ids and points, where a type differs from the default."),
    )
    hold_unique_clicks_per_link = models.PositiveIntegerField(
        _("unique clicks per link and day before a review"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
        help_text=_(
            "A link bringing more unique visitors in one day has that day's points held "
            "until an administrator releases or rejects them (Game › Points held for review)."
        ),
    )
    points_for_complete_profile = points_field(_("points for completing the profile"), 20)
    points_for_first_share = points_field(_("points for the first share"), 20)
    share_points_cap_per_kit = points_field(
        _("share points per kit and day, at most"),
        30,
        _("Sharing one article to every network earns no more than this in a day."),
    )
    share_points_cap_per_day = points_field(
        _("share points per day, at most"), 100, _("All shares of a day together.")
    )

    # The three levels of the domain (shown with badges): online presence, then ability to
    # convince, then power of prescription.
    convincing_clicks_per_share = models.PositiveSmallIntegerField(
        _("unique clicks per share to convince"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("“Ability to convince”: this many unique clicks per share, on average."),
    )
    convincing_minimum_shares = models.PositiveSmallIntegerField(
        _("shares needed to judge it"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("The average counts once an ambassador shared at least this many times."),
    )
    prescribing_conversions = models.PositiveSmallIntegerField(
        _("conversions for the power of prescription"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("“Power of prescription”: this many conversions brought by their links."),
    )

    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        validators=[
            RegexValidator(
                r"^[A-Z]{3}\Z",
                _("Give the currency's three-letter code (ISO 4217), such as EUR, GBP or USD."),
            )
        ],
        help_text=_(
            "The money rewards are worth and donations are counted in, as its three-letter "
            "code (ISO 4217): EUR, GBP, USD…"
        ),
    )

    base_form_class = GameSettingsForm
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("points_enabled"),
                FieldPanel("leaderboards_enabled"),
                FieldPanel("badges_enabled"),
                FieldPanel("streaks_enabled"),
                FieldPanel("challenges_enabled"),
                FieldPanel("rewards_enabled"),
            ],
            heading=_("What the game offers"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("excluded_teams", widget=forms.CheckboxSelectMultiple),
                FieldPanel("minimum_team_size"),
            ],
            heading=_("Teams"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("points_per_share"),
                FieldPanel("points_per_unique_click"),
                FieldPanel("points_per_conversion"),
                FieldPanel("conversion_points"),
                FieldPanel("points_for_complete_profile"),
                FieldPanel("points_for_first_share"),
                FieldRowPanel(
                    [
                        FieldPanel("share_points_cap_per_kit"),
                        FieldPanel("share_points_cap_per_day"),
                    ]
                ),
                FieldPanel("hold_unique_clicks_per_link"),
            ],
            heading=_("Points"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("convincing_clicks_per_share"),
                FieldPanel("convincing_minimum_shares"),
                FieldPanel("prescribing_conversions"),
            ],
            heading=_("Levels"),
        ),
        MultiFieldPanel(
            [FieldPanel(network_points_field_name(key)) for key, _label in NETWORK_CHOICES],
            heading=_("Points for a share, per network"),
            classname="collapsed",
        ),
        MultiFieldPanel([FieldPanel("currency")], heading=_("Rewards and donations")),
    ]

    class Meta:
        verbose_name = _("Game")
        verbose_name_plural = _("Game")

    def __str__(self):
        return str(_("Game settings"))

    def clean(self):
        super().clean()
        if self.share_points_cap_per_kit > self.share_points_cap_per_day:
            raise ValidationError(
                {
                    "share_points_cap_per_kit": _(
                        "A kit's daily cap cannot be higher than the cap for the whole day "
                        "(%(cap)s)."
                    )
                    % {"cap": self.share_points_cap_per_day}
                }
            )


class PointsReason(models.TextChoices):
    """Why points were awarded (or taken back: an entry with negative points)."""

    SHARE = "share", _("Share")
    FIRST_SHARE = "first_share", _("First share")
    UNIQUE_CLICKS = "unique_clicks", _("Unique clicks")
    CONVERSIONS = "conversions", _("Conversions")
    CHALLENGE = "challenge", _("Points for completing a challenge")
    COMPLETE_PROFILE = "profile", _("Complete profile")
    UNSHARE = "unshare", _("Share withdrawn")
    REDEMPTION = "redemption", _("Redemption")
    REFUND = "refund", _("Refund")


# What earns points (corrections included); spending and refunds are not earnings, so they
# count neither in what an ambassador earned in all nor on the leaderboards.
EARNING_REASONS = [
    reason
    for reason in PointsReason.values
    if reason not in (PointsReason.REDEMPTION, PointsReason.REFUND)
]


class PointsEntry(InsertOnlyModel):
    """One line of the points ledger: who, how many, why, which event, at which value.

    The ledger is append-only: a value changed in the settings applies to later entries only,
    and a correction (a click that turned out to be a bot) is a new entry with negative
    points. ``idempotency_key`` is derived from the cause, so no job, retry or double
    submission can award the same thing twice. Balances are sums of the ledger.
    """

    Reason = PointsReason

    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="points_entries",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=PointsReason.choices)
    day = models.DateField(_("day"), help_text=_("The day of the event that earned the points."))
    quantity = models.IntegerField(
        _("quantity"),
        help_text=_(
            "How many of the reason: 1 share, or a number of clicks; negative to correct."
        ),
    )
    rule_value = models.PositiveIntegerField(
        _("points each"), help_text=_("The settings' value when the entry was written.")
    )
    points = models.IntegerField(
        _("points"), help_text=_("Quantity times points each, less what a daily cap held back.")
    )
    kit = models.ForeignKey(
        ShareKit,
        verbose_name=_("share kit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conversion_type = models.ForeignKey(
        ConversionType,
        verbose_name=_("conversion type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For conversions: the type whose value was used."),
    )
    cause = models.CharField(
        _("cause"), max_length=100, help_text=_("The event, e.g. share:42 or clicks:2026-12-01.")
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=150, unique=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        indexes = [
            models.Index(fields=["ambassador", "day"], name="advocacy_game_points_amb_day"),
            models.Index(fields=["day"], name="advocacy_game_points_day"),
        ]

    def __str__(self):
        return f"{self.ambassador_id} {self.points:+d} ({self.get_reason_display()})"


class ScoredDay(models.Model):
    """The rule values a day was first scored with that a later rerun must keep: today's
    hold threshold applies to days scored from now on, never to a day already scored
    (changing a value never rescores the past). Written once, by ``points.award_day``."""

    day = models.DateField(_("day"), unique=True)
    hold_threshold = models.PositiveIntegerField(
        _("unique clicks per link and day before a review"),
        help_text=_("The threshold in force when the day was first scored."),
    )
    scored_at = models.DateTimeField(_("first scored at"), default=timezone.now)

    class Meta:
        verbose_name = _("scored day")
        verbose_name_plural = _("scored days")

    def __str__(self):
        return self.day.isoformat()


class HeldPointsStatus(models.TextChoices):
    """Where a held link's day stands: waiting for review, or decided."""

    HELD = "held", _("Held for review")
    RELEASED = "released", _("Released")
    REJECTED = "rejected", _("Rejected")


class HeldPoints(models.Model):
    """A link's day of unique clicks and conversions held for review instead of awarded,
    because the link brought more unique visitors that day than the settings allow
    (``points.is_suspiciously_fast``). Not in the ledger until released; a rejected hold
    stays recorded and awards nothing. The points each are those of the day it was held."""

    Status = HeldPointsStatus

    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="held_points",
    )
    link = models.ForeignKey(
        TrackedLink,
        verbose_name=_("tracked link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kit = models.ForeignKey(
        ShareKit,
        verbose_name=_("share kit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    network = models.CharField(_("network"), max_length=20)
    day = models.DateField(_("day"))
    unique_clicks = models.PositiveIntegerField(_("unique clicks"))
    conversions_by_type = models.JSONField(_("conversions by type"), default=dict, blank=True)
    threshold = models.PositiveIntegerField(_("threshold"))
    click_value = models.PositiveIntegerField(_("points per unique click"))
    conversion_values = models.JSONField(_("points per conversion, by type"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=HeldPointsStatus.choices, default="held"
    )
    held_at = models.DateTimeField(_("held at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("points held for review")
        verbose_name_plural = _("points held for review")
        permissions = [("review_heldpoints", _("Can release or reject held points"))]
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "kit", "network", "day"],
                name="advocacy_game_one_hold_per_link_day",
            )
        ]

    def __str__(self):
        return f"{self.ambassador_id} {self.day} {self.unique_clicks}"

    @property
    def conversions(self) -> int:
        """The held conversions, all types together."""
        return sum(self.conversions_by_type.values())

    def reason(self) -> str:
        """Why the points are held, in plain words."""
        return _("%(clicks)s unique clicks in one day; more than %(threshold)s are reviewed.") % {
            "clicks": self.unique_clicks,
            "threshold": self.threshold,
        }

    reason.short_description = _("reason")


class LeaderboardSnapshot(models.Model):
    """A board of a period that is over, frozen the first time it is shown: its ranks and
    values by ambassador (or team) id, never names. Names are looked up when it is shown, so
    someone who later turns anonymous, hides or erases their data is no longer named in past
    newsletters' web copies."""

    spec = models.CharField(_("board"), max_length=200, unique=True)
    rows = models.JSONField(_("rows"), default=list)
    ranked = models.PositiveIntegerField(_("ranked"), default=0)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)

    class Meta:
        verbose_name = _("leaderboard snapshot")
        verbose_name_plural = _("leaderboard snapshots")

    def __str__(self):
        return self.spec


class BadgeKind(models.TextChoices):
    """What a badge counts; its threshold says how many."""

    SHARES = "shares", _("Shares made")
    CONVERSIONS = "conversions", _("Conversions brought")
    STREAK = "streak", _("Weeks in a row with a share")
    CHALLENGES = "challenges", _("Challenges won")


# The badges the migrations create, by slug: their stored English name and description, and
# what is shown instead while an administrator has not renamed them.
DEFAULT_BADGES = {
    "first-share": ("First share", _("First share"), _("Shared for the first time.")),
    "10-shares": ("10 shares", _("10 shares"), _("Shared 10 times.")),
    "50-shares": ("50 shares", _("50 shares"), _("Shared 50 times.")),
    "100-shares": ("100 shares", _("100 shares"), _("Shared 100 times.")),
    "first-conversion": (
        "First conversion",
        _("First conversion"),
        _("A visitor brought by one of your links took a desired action."),
    ),
    "4-week-streak": (
        "4-week streak",
        _("4-week streak"),
        _("Shared at least once a week, four weeks in a row."),
    ),
    "challenge-winner": (
        "Challenge winner",
        _("Challenge winner"),
        _("Won a challenge, or reached a collective one's target with everyone."),
    ),
}


class Badge(models.Model):
    """A badge and its rule: reach ``threshold`` of ``kind``. Administrators add their own
    thresholds; each badge is awarded at most once to each ambassador, by a job."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    kind = models.CharField(_("counts"), max_length=20, choices=BadgeKind.choices)
    threshold = models.PositiveIntegerField(
        _("threshold"),
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("How many of what it counts earn the badge (weeks, for a streak)."),
    )
    is_active = models.BooleanField(
        _("awarded"), default=True, help_text=_("Off: no new awards; those made stay.")
    )

    class Meta:
        ordering = ["kind", "threshold"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "threshold"],
                name="advocacy_game_one_badge_rule",
                violation_error_message=_("A badge already counts this many of this."),
            )
        ]

    def __str__(self):
        return str(self.display_name())

    def display_name(self):
        """The name in the reader's language for a default badge still under its English
        name; the stored name otherwise."""
        english, translated, _description = DEFAULT_BADGES.get(self.slug, (None, None, None))
        return translated if self.name == english else self.name

    display_name.short_description = _("name")
    display_name.admin_order_field = "name"

    def display_description(self):
        """The description, translated for a default badge still under its English name."""
        english, _translated, description = DEFAULT_BADGES.get(self.slug, (None, None, None))
        return description if self.name == english else self.description

    def criterion(self) -> str:
        """What earns the badge, from its kind and threshold (never from the free text, which
        an administrator may not have updated): "10 shares", "4 weeks in a row…"."""
        count = self.threshold
        phrases = {
            BadgeKind.SHARES: ngettext("%(count)s share", "%(count)s shares", count),
            BadgeKind.CONVERSIONS: ngettext(
                "%(count)s conversion brought by your links",
                "%(count)s conversions brought by your links",
                count,
            ),
            BadgeKind.STREAK: ngettext(
                "a share every week, %(count)s week in a row",
                "a share every week, %(count)s weeks in a row",
                count,
            ),
            BadgeKind.CHALLENGES: ngettext(
                "%(count)s challenge won", "%(count)s challenges won", count
            ),
        }
        return phrases[self.kind] % {"count": count}


class BadgeAward(InsertOnlyModel):
    """A badge an ambassador earned: once, never taken back (but erased with their data)."""

    badge = models.ForeignKey(
        Badge, verbose_name=_("badge"), on_delete=models.CASCADE, related_name="awards"
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="badge_awards",
    )
    awarded_at = models.DateTimeField(_("awarded at"), default=timezone.now)

    class Meta:
        ordering = ["-awarded_at"]
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        constraints = [
            models.UniqueConstraint(
                fields=["badge", "ambassador"], name="advocacy_game_one_award_per_badge"
            )
        ]

    def __str__(self):
        return f"{self.badge} → {self.ambassador_id}"


class ChallengeScope(models.TextChoices):
    """Who a challenge is for: each ambassador, each team, or the whole programme together."""

    INDIVIDUAL = "individual", _("Each ambassador")
    TEAM = "team", _("Each team")
    COLLECTIVE = "collective", _("Everyone together")


class ChallengeGoal(models.TextChoices):
    """What a challenge counts, from the daily aggregates."""

    CAMPAIGN_SHARES = "campaign_shares", _("Shares of a campaign's kits")
    UNIQUE_CLICKS = "unique_clicks", _("Unique clicks")


class Challenge(models.Model):
    """A time-boxed goal: shares of a campaign's kits or unique clicks, for each ambassador,
    each team (by the average per active member) or the whole programme together.

    Once it has ended and its last day is rolled up, a job settles it (``settled_at``): the
    winners earn ``bonus_points`` and the "challenge winner" badge. Individual and team
    challenges are won by everyone at rank 1 who reached the qualifying minimum; a
    collective one, when the programme reached the target, by every ambassador who
    contributed at least the qualifying minimum.
    """

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("The last day that counts."))
    scope = models.CharField(
        _("for"), max_length=20, choices=ChallengeScope.choices, default=ChallengeScope.INDIVIDUAL
    )
    goal = models.CharField(
        _("counts"),
        max_length=20,
        choices=ChallengeGoal.choices,
        default=ChallengeGoal.UNIQUE_CLICKS,
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        # A real name: the admin's delete view lists what protects a campaign through it.
        related_name="challenges",
        help_text=_("Whose kits' shares count (for a goal of shares)."),
    )
    target = models.PositiveIntegerField(
        _("target"),
        validators=[MinValueValidator(1), MaxValueValidator(10_000_000)],
        help_text=_(
            "What to reach: by each ambassador, by a team's average, or by everyone together."
        ),
    )
    qualifying_minimum = models.PositiveIntegerField(
        _("qualifying minimum"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000_000)],
        help_text=_(
            "The least a winner must reach (a team: its average); for everyone together, the "
            "least an ambassador must contribute to earn the bonus. Blank: at least 1."
        ),
    )
    bonus_points = points_field(
        _("bonus points"), 50, _("For each winner (each member of a winning team).")
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldRowPanel([FieldPanel("scope"), FieldPanel("goal")]),
        FieldPanel("campaign"),
        FieldRowPanel([FieldPanel("target"), FieldPanel("qualifying_minimum")]),
        FieldPanel("bonus_points"),
    ]

    class Meta:
        ordering = ["-ends_on", "title"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["ends_on"], name="advocacy_game_challenge_end")]

    def __str__(self):
        return self.title

    @property
    def minimum(self) -> int:
        """The least a winner (or a collective challenge's contributor) must reach."""
        return self.qualifying_minimum or 1

    def clean(self):
        super().clean()
        errors = {}
        if self.settled_at is not None:
            raise ValidationError(
                _("This challenge is settled: its winners and points are final."),
                code="settled",
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = ValidationError(
                _("The challenge cannot end before it starts."), code="ends_before_start"
            )
        if self.goal == ChallengeGoal.CAMPAIGN_SHARES and self.campaign_id is None:
            errors["campaign"] = ValidationError(
                _("Choose the campaign whose kits' shares count."), code="campaign_required"
            )
        elif self.goal != ChallengeGoal.CAMPAIGN_SHARES and self.campaign_id is not None:
            errors["campaign"] = ValidationError(
                _("Only a goal of shares counts a campaign; leave it blank."),
                code="campaign_unused",
            )
        if (
            self.qualifying_minimum
            and self.target
            and self.scope != ChallengeScope.COLLECTIVE
            and self.qualifying_minimum > self.target
        ):
            errors["qualifying_minimum"] = ValidationError(
                _("The qualifying minimum cannot be higher than the target (%(target)s).")
                % {"target": self.target},
                code="minimum_above_target",
            )
        if errors:
            raise ValidationError(errors)


class ChallengeWinner(InsertOnlyModel):
    """An ambassador who won a settled challenge (or, for a collective one, earned its
    bonus): written once by the settlement, erased with the ambassador's data."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="winners"
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="challenges_won",
    )
    team = models.ForeignKey(
        "auth.Group",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The winning team, for a team challenge."),
    )
    value = models.FloatField(_("value"), help_text=_("Their figure (a team's average)."))
    settled_at = models.DateTimeField(_("settled at"), default=timezone.now)

    class Meta:
        ordering = ["-settled_at"]
        verbose_name = _("challenge winner")
        verbose_name_plural = _("challenge winners")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "ambassador"], name="advocacy_game_one_win_per_challenge"
            )
        ]

    def __str__(self):
        return f"{self.challenge} → {self.ambassador_id}"


class Reward(models.Model):
    """Something an ambassador may spend points on, from the catalogue: to some teams or to
    everyone, while stock lasts (blank stock: unlimited) and until its end date."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    points_price = models.PositiveIntegerField(
        _("price in points"), validators=[MinValueValidator(1), MaxValueValidator(10_000_000)]
    )
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What it is worth in money, for the payroll export (a taxable benefit)."),
    )
    stock = models.PositiveIntegerField(
        _("stock"), null=True, blank=True, help_text=_("Blank: unlimited.")
    )
    teams = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("offered to the teams"),
        blank=True,
        related_name="+",
        help_text=_("None chosen: offered to everyone."),
    )
    ends_on = models.DateField(
        _("offered until"), null=True, blank=True, help_text=_("Included. Blank: no end.")
    )
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock alert at"),
        null=True,
        blank=True,
        help_text=_("An email goes to the people below when the stock falls to this number."),
    )
    alert_users = models.ManyToManyField(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("people to alert"),
        blank=True,
        related_name="+",
    )
    alert_emails = models.TextField(
        _("other addresses to alert"),
        blank=True,
        help_text=_("Email addresses, one a line or separated by commas."),
    )
    low_stock_alerted_at = models.DateTimeField(
        _("low-stock alert sent at"), null=True, blank=True
    )

    class Meta:
        ordering = ["points_price", "title"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Stock raised above the threshold again: the next fall to it alerts again.
        if (
            self.stock is None
            or self.low_stock_threshold is None
            or (self.stock > self.low_stock_threshold)
        ):
            self.low_stock_alerted_at = None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        emails = self.alert_email_list()
        validator = EmailValidator()
        for email in emails:
            try:
                validator(email)
            except ValidationError:
                raise ValidationError(
                    {"alert_emails": _("“%(email)s” is not an email address.") % {"email": email}}
                ) from None

    def alert_email_list(self) -> list[str]:
        """The extra addresses of the low-stock alert, as typed."""
        return [email for email in re.split(r"[\s,;]+", self.alert_emails or "") if email]


class Charity(models.Model):
    """A charity ambassadors may give their points to: each point becomes ``rate`` of money,
    and the company may add a percentage of its own."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    rate = models.DecimalField(
        _("money per point"),
        max_digits=8,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_("What one point gives, e.g. 0.01 for a cent."),
    )
    matching_percentage = models.PositiveSmallIntegerField(
        _("company matching (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
        help_text=_("The company adds this percentage of each donation. Blank: none."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("charity")
        verbose_name_plural = _("charities")

    def __str__(self):
        return self.name

    def donation_for(self, points: int) -> Decimal:
        """What ``points`` give this charity, in money, rounded to the cent."""
        return (self.rate * points).quantize(Decimal("0.01"))

    def matching_for(self, donation: Decimal) -> Decimal:
        """What the company adds to ``donation``."""
        return (donation * (self.matching_percentage or 0) / 100).quantize(Decimal("0.01"))


class RedemptionStatus(models.TextChoices):
    """Where a request stands: requested, then approved, then fulfilled; or rejected."""

    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    FULFILLED = "fulfilled", _("Fulfilled")
    REJECTED = "rejected", _("Rejected")


class Redemption(models.Model):
    """Points an ambassador spent on a reward or gave to a charity, and what became of the
    request. The points left the ledger when it was made; a rejection gives them back.

    A request outlives the ambassador's erasure, without them (``ambassador`` empty): the
    donations pledged and the benefits handed over stay in the exports and totals."""

    Status = RedemptionStatus

    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassador"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="redemptions",
        help_text=_("Empty once the ambassador's data is erased."),
    )
    reward = models.ForeignKey(
        Reward,
        verbose_name=_("reward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="redemptions",
    )
    charity = models.ForeignKey(
        Charity,
        verbose_name=_("charity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="redemptions",
    )
    points = models.PositiveIntegerField(_("points spent"))
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        help_text=_("The reward's value, or the donation, when it was requested."),
    )
    matching = models.DecimalField(
        _("company matching"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RedemptionStatus.choices,
        default=RedemptionStatus.REQUESTED,
    )
    comment = models.TextField(_("comment"), blank=True, help_text=_("Why it was rejected."))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Unique, so that a form submitted twice (a double click, a resent request) makes one
    # request however the two race: ``rewards.redeem_reward`` returns the first.
    request_key = models.CharField(
        _("request key"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The one-time key of the confirmation form that made the request."),
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reward__isnull=False, charity__isnull=True)
                | models.Q(reward__isnull=True, charity__isnull=False),
                name="advocacy_game_redemption_reward_or_charity",
            )
        ]

    def __str__(self):
        return f"{self.ambassador_id} → {self.reward or self.charity} ({self.points})"

    @property
    def target(self):
        """The reward or the charity."""
        return self.reward or self.charity
