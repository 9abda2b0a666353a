"""The employees who volunteer to share: ambassadors."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model_string

from ..validators import (
    validate_bluesky_handle,
    validate_facebook_profile_url,
    validate_linkedin_profile_url,
    validate_mastodon_account,
    validate_x_profile_url,
    validate_xing_profile_url,
)


class AmbassadorQuerySet(models.QuerySet):
    """Queries about ambassadors; ``active`` is the one "active ambassador" rule in SQL."""

    def active(self):
        """Ambassadors who opted in and have not left the programme (``Ambassador.is_active``)."""
        return self.filter(joined_at__isnull=False, left_at__isnull=True)

    def can_share(self):
        """Active ambassadors who are not suspended (``Ambassador.can_share``): those the
        programme offers kits to, in the share gate and in the digest alike."""
        return self.active().filter(suspended_at__isnull=True)

    def listed(self):
        """Who the ambassador directory shows: active ambassadors who chose to be listed, with
        a user account still active (``Ambassador.is_listed``)."""
        return self.active().filter(directory_listed=True, user__is_active=True)

    def in_spotlight(self):
        """Who the spotlight may show: ambassadors who may share (active, not suspended) and
        chose to be named, with a user account still active. Anonymous and hidden ambassadors
        never appear there, nor is a suspended one recognised. (The directory keeps listing
        a suspended ambassador: their absence would tell colleagues of the suspension.)"""
        return self.can_share().filter(recognition=Recognition.NAMED, user__is_active=True)


def new_directory_key() -> str:
    """A random key for an ambassador's address in the directory: 12 URL-safe characters."""
    return secrets.token_urlsafe(9)


def display_name_expression(prefix: str = ""):
    """``Ambassador.display_name`` as a database expression: the name of their profile, else
    the user's full name, else their username. ``prefix`` is the path from the queried model
    to the ambassador."""
    user = f"{prefix}user__"
    full_name = Trim(Concat(f"{user}first_name", models.Value(" "), f"{user}last_name"))
    return Coalesce(
        NullIf(Trim(f"{prefix}profile_name"), models.Value("")),
        NullIf(full_name, models.Value("")),
        f"{user}username",
        output_field=models.CharField(),
    )


def recognised_name_expression(prefix: str = ""):
    """The display name where the ambassador chose to be named (``Ambassador.is_named``),
    else NULL: what anything that names people, administrators' reports included, may show."""
    return models.Case(
        models.When(
            **{f"{prefix}recognition": Recognition.NAMED},
            then=display_name_expression(prefix),
        ),
        default=models.Value(None),
        output_field=models.CharField(),
    )


class Recognition(models.TextChoices):
    """How an ambassador appears where people are recognised: leaderboards, the spotlight,
    the newsletter, and administrators' reports."""

    NAMED = "named", _("Named")
    ANONYMOUS = "anonymous", _("Anonymous")
    HIDDEN = "hidden", _("Hidden")


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
    erased_at = models.DateTimeField(
        _("erased at"),
        null=True,
        blank=True,
        help_text=_(
            "When the ambassador had their data erased on leaving: only this row's dates and "
            "charter acceptances remain, as evidence (people.erasure)."
        ),
    )
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

    # The profile: every field the ambassador's own, filled in only by them. ------------------
    profile_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("The name colleagues see. Blank: the name of the user account."),
    )
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    bio = models.TextField(
        _("bio"),
        blank=True,
        help_text=_("Stored as sanitize.bio_html left it: paragraphs, links and emphasis."),
    )
    linkedin_profile = models.CharField(
        _("LinkedIn profile"),
        max_length=255,
        blank=True,
        validators=[validate_linkedin_profile_url],
    )
    x_profile = models.CharField(
        _("X profile"), max_length=255, blank=True, validators=[validate_x_profile_url]
    )
    xing_profile = models.CharField(
        _("Xing profile"), max_length=255, blank=True, validators=[validate_xing_profile_url]
    )
    facebook_profile = models.CharField(
        _("Facebook profile"),
        max_length=255,
        blank=True,
        validators=[validate_facebook_profile_url],
    )
    mastodon_account = models.CharField(
        _("Mastodon account"), max_length=255, blank=True, validators=[validate_mastodon_account]
    )
    bluesky_handle = models.CharField(
        _("Bluesky handle"), max_length=253, blank=True, validators=[validate_bluesky_handle]
    )
    expertise = models.CharField(
        _("expertise"),
        max_length=255,
        blank=True,
        help_text=_("Topics separated by commas, as the ambassador wrote them."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, e.g. fr, en.")
    )
    networks_used = models.JSONField(
        _("networks used"),
        default=list,
        blank=True,
        help_text=_("Network keys; their share buttons come first."),
    )
    declared_audience = models.JSONField(
        _("declared audience"),
        default=dict,
        blank=True,
        help_text=_("People the ambassador says they reach, per network key."),
    )
    # Visibility: chosen by the ambassador; the defaults name nobody.
    directory_listed = models.BooleanField(_("listed in the directory"), default=False)
    recognition = models.CharField(
        _("recognition"),
        max_length=10,
        choices=Recognition.choices,
        default=Recognition.ANONYMOUS,
    )
    credit_clicks = models.BooleanField(_("credit my clicks to me"), default=True)
    # The directory's address of their profile: random, so it says nothing of their login,
    # their user id or how many people joined before them, and stays the same over time.
    directory_key = models.CharField(
        _("directory key"),
        max_length=16,
        unique=True,
        default=new_directory_key,
        editable=False,
    )

    # A suspension: set and lifted by administrators (``people.suspension``), never a way to
    # enrol or remove anyone. A suspended ambassador stays in the programme but cannot share.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(
        _("reason for the suspension"),
        blank=True,
        help_text=_("Shown to the ambassador, in plain words."),
    )
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suspended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The onboarding path's profile step: set the first time the ambassador saves their profile.
    profile_completed_at = models.DateTimeField(_("profile first saved at"), null=True, blank=True)

    Recognition = Recognition

    objects = AmbassadorQuerySet.as_manager()

    class Meta:
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        # Granted to groups in Settings › Groups (``permissions.can_suspend_ambassadors``).
        permissions = [("suspend_ambassador", _("Can suspend ambassadors"))]
        indexes = [
            # The directory reads only listed active ambassadors, by team when filtered.
            models.Index(
                fields=["team"],
                name="advocacy_amb_directory",
                condition=models.Q(
                    directory_listed=True, joined_at__isnull=False, left_at__isnull=True
                ),
            ),
            # The spotlight's most recent joiners among the named ones.
            models.Index(
                fields=["-joined_at"],
                name="advocacy_amb_spotlight",
                condition=models.Q(recognition="named", left_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name an ambassador is shown and signs with: the name of their profile, else
        their full name, else their username (``display_name_expression`` in SQL)."""
        return (
            self.profile_name.strip()
            or self.user.get_full_name().strip()
            or self.user.get_username()
        )

    @property
    def is_listed(self) -> bool:
        """Whether the directory shows the ambassador (``AmbassadorQuerySet.listed`` in SQL)."""
        return self.is_active and self.directory_listed and self.user.is_active

    @property
    def is_named(self) -> bool:
        """Whether the ambassador chose to be named where people are recognised
        (``recognised_name_expression`` in SQL)."""
        return self.recognition == Recognition.NAMED

    def audience_on(self, network: str) -> int | None:
        """The audience the ambassador declared on ``network``, or None when they did not."""
        value = (self.declared_audience or {}).get(network)
        return (
            value
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0
            else None
        )

    @property
    def expertise_topics(self) -> list[str]:
        """The expertise topics, one per comma-separated item."""
        return [topic.strip() for topic in self.expertise.split(",") if topic.strip()]

    @property
    def is_active(self) -> bool:
        """Joined and not left: the one "active ambassador" rule (``AmbassadorQuerySet.active``
        in SQL)."""
        return self.joined_at is not None and self.left_at is None

    @property
    def is_suspended(self) -> bool:
        """Whether an administrator suspended the ambassador's sharing (and did not lift it)."""
        return self.suspended_at is not None

    @property
    def can_share(self) -> bool:
        """Active and not suspended: the one "may share at all" rule
        (``AmbassadorQuerySet.can_share`` in SQL); the kit's own rules come on top
        (``sharing.share.check_can_share``)."""
        return self.is_active and not self.is_suspended
