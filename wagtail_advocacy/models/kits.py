"""What editors prepare: share kits attached to pages, their messages, and campaigns.

The share window is one rule: ``ShareKit.window_contains`` in Python, ``ShareKitQuerySet.live``
(and ``in_window``/``overlapping``) in SQL, side by side so they cannot drift apart.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import Orderable

from ..compat import PAGE_MODEL
from ..conf import advocacy_settings
from ..sharing.networks import NETWORK_CHOICES
from ..validators import clean_message_text, validate_hashtags, validate_public_url
from .settings import SharingSettings


class Campaign(models.Model):
    """A group of share kits with its own dates and objective, for reports and challenges."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    objective = models.TextField(_("objective"), blank=True)
    share_target = models.PositiveIntegerField(
        _("share target"),
        null=True,
        blank=True,
        help_text=_("Number of shares the campaign aims for."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name

    def clean(self):
        """A campaign ends on or after the day it starts."""
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {
                    "ends_on": ValidationError(
                        _("The campaign cannot end before it starts."),
                        code="ends_before_start",
                    )
                }
            )


class ShareKitQuerySet(models.QuerySet):
    """Queries about kits: which are live, and which a given employee may share."""

    def live(self, at=None):
        """Kits that may be shared at ``at`` (now by default): in their window, not withdrawn."""
        at = at or timezone.now()
        return self.filter(withdrawn_at__isnull=True).filter(
            models.Q(share_starts_at__isnull=True) | models.Q(share_starts_at__lte=at),
            models.Q(share_ends_at__isnull=True) | models.Q(share_ends_at__gt=at),
        )

    def in_window_status(self, status: str, at=None):
        """Kits whose ``ShareKit.window_status`` at ``at`` (now by default) is ``status``."""
        at = at or timezone.now()
        if status == ShareKit.WindowStatus.LIVE:
            return self.live(at)
        if status == ShareKit.WindowStatus.WITHDRAWN:
            return self.filter(withdrawn_at__isnull=False)
        not_withdrawn = self.filter(withdrawn_at__isnull=True)
        if status == ShareKit.WindowStatus.UPCOMING:
            return not_withdrawn.filter(share_starts_at__gt=at)
        if status == ShareKit.WindowStatus.ENDED:
            return not_withdrawn.filter(share_ends_at__lte=at)
        raise ValueError(f"Unknown share window status: {status!r}")

    def overlapping(self, start, end):
        """Kits not withdrawn whose window overlaps [``start``, ``end``), annotated with
        ``window_opens``: a kit without a start date is shareable from its creation."""
        return (
            self.filter(withdrawn_at__isnull=True)
            .annotate(window_opens=Coalesce("share_starts_at", "created_at"))
            .filter(window_opens__lt=end)
            .filter(models.Q(share_ends_at__isnull=True) | models.Q(share_ends_at__gt=start))
        )

    def for_audience(self, user):
        """Kits open to everyone, or to a group ``user`` belongs to (one query, no loop)."""
        if not user.is_authenticated:
            return self.none()
        through = ShareKit.audience_groups.through
        audience = through.objects.filter(sharekit_id=models.OuterRef("pk"))
        return self.filter(
            ~models.Exists(audience) | models.Exists(audience.filter(group__user=user))
        )

    def with_shareable_since(self):
        """Annotate ``shareable_since``: when each kit last became shareable.

        The latest of its creation, its restoration, the opening of its window and its
        page's first publication, so a kit prepared on a draft page is new when the page
        goes live. ``first_published_at``, not ``last_published_at``: the latter moves each
        time an editor publishes a change to a live page, which must not make its kit new
        again. Each term falls back to ``created_at``: SQLite's GREATEST is NULL if one is.
        """
        return self.annotate(
            shareable_since=Greatest(
                "created_at",
                *(
                    Coalesce(moment, "created_at", output_field=models.DateTimeField())
                    for moment in ("restored_at", "share_starts_at", "page__first_published_at")
                ),
                output_field=models.DateTimeField(),
            )
        )

    def shareable_by(self, user, at=None):
        """Kits ``user`` may share at ``at`` (now by default): live kit, live page, audience."""
        return self.live(at).filter(page__live=True).for_audience(user)


class ShareKit(ClusterableModel):
    """Everything an ambassador needs to share one page: messages, preview, public URL, rules.

    One kit per page, whatever the page type: the host site's page models need not change.
    """

    class WindowStatus(models.TextChoices):
        """Where a moment falls for a kit: ``window_status`` and ``in_window_status``."""

        LIVE = "live", _("Live")
        UPCOMING = "upcoming", _("Upcoming")
        ENDED = "ended", _("Ended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Category(models.TextChoices):
        BRAND = "brand", _("Brand content")
        EMPLOYER = "employer", _("Employer brand and jobs")
        INSIGHT = "insight", _("Industry insight")
        EMPLOYEE = "employee", _("Employee-generated")

    page = models.OneToOneField(
        PAGE_MODEL,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="advocacy_share_kit",
    )
    title = models.CharField(
        _("preview title"), max_length=255, help_text=_("Title of the share preview.")
    )
    description = models.TextField(
        _("preview description"), blank=True, help_text=_("Text of the share preview.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("preview image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public_url = models.URLField(
        _("public URL"),
        blank=True,
        help_text=_(
            "Where visitors land. Leave blank when the page itself is public; otherwise give "
            "its public counterpart on an allowed domain."
        ),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.BRAND
    )
    audience_groups = ParentalManyToManyField(
        "auth.Group",
        verbose_name=_("audience"),
        blank=True,
        related_name="+",
        help_text=_("Teams or groups who may share this. Leave empty for everyone."),
    )
    hashtags = models.CharField(
        _("hashtags"),
        max_length=255,
        blank=True,
        validators=[validate_hashtags],
        help_text=_("For example: #innovation #jobs"),
    )
    share_starts_at = models.DateTimeField(_("share from"), null=True, blank=True)
    share_ends_at = models.DateTimeField(_("share until"), null=True, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="share_kits",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    restored_at = models.DateTimeField(_("restored at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ShareKitQuerySet.as_manager()

    # One form for both routes (the page's "Share kit" action and the page editor's
    # "Sharing" tab): see wagtail_advocacy.kits.forms.
    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("description"), FieldPanel("image")],
            heading=_("Share preview"),
        ),
        FieldPanel("public_url"),
        InlinePanel("messages", heading=_("Messages"), label=_("Message"), min_num=1),
        FieldPanel("hashtags"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("campaign"),
                FieldPanel("featured"),
                FieldPanel("audience_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Audience and campaign"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("share_starts_at"), FieldPanel("share_ends_at")]),
                InlinePanel(
                    "posting_times", heading=_("Suggested posting times"), label=_("Time")
                ),
            ],
            heading=_("When to share"),
        ),
    ]

    class Meta:
        ordering = ["-featured", "-created_at"]
        verbose_name = _("share kit")
        verbose_name_plural = _("share kits")
        indexes = [models.Index(fields=["share_starts_at", "share_ends_at"])]

    def __str__(self):
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        """Whether an editor withdrew the kit (it can be restored)."""
        return self.withdrawn_at is not None

    def is_shareable_now(self, at=None) -> bool:
        """Not withdrawn, inside its share window at ``at`` (now by default), page live."""
        at = at or timezone.now()
        return self.withdrawn_at is None and self.window_contains(at) and self.page.live

    def window_contains(self, at) -> bool:
        """Whether ``at`` falls in the share window: from its start (included) to its end
        (excluded), either side open when blank. ``ShareKitQuerySet.live`` says the same."""
        return (self.share_starts_at is None or self.share_starts_at <= at) and (
            self.share_ends_at is None or at < self.share_ends_at
        )

    def upcoming_posting_times(self, at=None) -> list:
        """The suggested moments to post from ``at`` (now by default) on, soonest first."""
        at = at or timezone.now()
        return [t.post_at for t in self.posting_times.filter(post_at__gte=at).order_by("post_at")]

    def window_overlaps(self, start, end) -> bool:
        """Whether the window overlaps [``start``, ``end``): ``ShareKitQuerySet.overlapping``
        in Python, on a kit it annotated with ``window_opens``."""
        ends = self.share_ends_at
        return self.window_opens < end and (ends is None or ends > start)

    def window_status(self, at=None) -> str:
        """A ``WindowStatus`` for lists and filters: withdrawn, upcoming, ended or live."""
        at = at or timezone.now()
        if self.withdrawn_at is not None:
            return self.WindowStatus.WITHDRAWN
        if self.share_starts_at and at < self.share_starts_at:
            return self.WindowStatus.UPCOMING
        if self.share_ends_at and self.share_ends_at <= at:
            return self.WindowStatus.ENDED
        return self.WindowStatus.LIVE

    def clean(self):
        """The share window is ordered and the public URL is one visitors may land on."""
        super().clean()
        errors = {}
        if (
            self.share_starts_at
            and self.share_ends_at
            and self.share_ends_at <= self.share_starts_at
        ):
            errors["share_ends_at"] = ValidationError(
                _("The share window must end after it starts."), code="window_order"
            )
        if self.page_id:
            try:
                self.clean_public_url(self.page)
            except ValidationError as error:
                errors["public_url"] = error
        if errors:
            raise ValidationError(errors)

    def clean_public_url(self, page) -> None:
        """Check the public URL against ``page``'s privacy and site's allowed domains.

        ``page`` may be the parent of a page being created: view restrictions and the site
        are inherited, so the answer is the same. Whether the page is live is checked at
        share time (``shareable_by``), not here, so an editor can prepare a draft's kit.
        """
        site = page.get_site()
        if self.public_url:
            validate_public_url(self.public_url, allowed_public_domains(site))
        elif site is None or page.get_view_restrictions().exists():
            raise ValidationError(
                _(
                    "This page is private, so visitors could not open it: give its public "
                    "URL, on an allowed domain."
                ),
                code="public_url_required",
            )
        elif (allowed := allowed_public_domains(site)) and site.hostname.lower() not in allowed:
            # Most intranets are private by their network or single sign-on, not by
            # Wagtail's view restrictions: a host missing from the list is one of those.
            raise ValidationError(
                _(
                    "This page's site, %(host)s, is not an allowed public domain, so "
                    "visitors could not open it: give its public URL, on an allowed domain."
                )
                % {"host": site.hostname},
                code="public_url_required",
            )


def allowed_public_domains(site=None) -> set[str]:
    """Hosts a kit's public URL may use on ``site``: site settings plus developer setting."""
    if site is None:
        return {host.lower() for host in advocacy_settings.ALLOWED_PUBLIC_DOMAINS}
    return SharingSettings.for_site(site).allowed_domains()


class ShareMessage(Orderable):
    """A pre-written message variant; with a network set, it overrides the others there.

    Placeholders: ``{link}`` (the ambassador's tracked link) and ``{name}`` (their name).
    """

    kit = ParentalKey(ShareKit, on_delete=models.CASCADE, related_name="messages")
    network = models.CharField(
        _("network"),
        max_length=20,
        blank=True,
        help_text=_("Leave blank to offer this message on every network."),
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "Plain text. {link} is replaced by the ambassador's personal link, {name} by "
            "their name; without {link}, the link is added at the end."
        ),
    )

    # Choices on the form, not the column: adding a network needs no migration.
    panels = [
        FieldPanel("text"),
        FieldPanel(
            "network",
            widget=forms.Select(choices=[("", _("Every network")), *NETWORK_CHOICES]),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.text[:60]

    def clean(self):
        """Store plain text only, with no placeholder other than {link} and {name}."""
        super().clean()
        errors = {}
        try:
            self.text = clean_message_text(self.text)
        except ValidationError as error:
            errors["text"] = error
        if self.network and self.network not in dict(NETWORK_CHOICES):
            errors["network"] = ValidationError(
                _("Unknown network: %(network)s."),
                code="unknown_network",
                params={"network": self.network},
            )
        if errors:
            raise ValidationError(errors)


class SuggestedPostingTime(Orderable):
    """A suggested moment to post, shown to ambassadors and on the content calendar."""

    kit = ParentalKey(ShareKit, on_delete=models.CASCADE, related_name="posting_times")
    post_at = models.DateTimeField(_("post at"))

    panels = [FieldPanel("post_at")]

    class Meta(Orderable.Meta):
        verbose_name = _("suggested posting time")
        verbose_name_plural = _("suggested posting times")

    def __str__(self):
        return str(self.post_at)
