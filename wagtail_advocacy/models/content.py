"""What editors prepare: share kits attached to pages, their messages, and campaigns."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from ..compat import PAGE_MODEL


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


class ShareKitQuerySet(models.QuerySet):
    def live(self, at=None):
        """Kits that may be shared at ``at`` (now by default): in their window, not withdrawn."""
        at = at or timezone.now()
        return self.filter(withdrawn_at__isnull=True).filter(
            models.Q(share_starts_at__isnull=True) | models.Q(share_starts_at__lte=at),
            models.Q(share_ends_at__isnull=True) | models.Q(share_ends_at__gt=at),
        )


class ShareKit(ClusterableModel):
    """Everything an ambassador needs to share one page: messages, preview, public URL, rules.

    One kit per page, whatever the page type: the host site's page models need not change.
    """

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
        _("hashtags"), max_length=255, blank=True, help_text=_("For example: #innovation #jobs")
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

    class Meta:
        ordering = ["-featured", "-created_at"]
        verbose_name = _("share kit")
        verbose_name_plural = _("share kits")
        indexes = [models.Index(fields=["share_starts_at", "share_ends_at"])]

    def __str__(self):
        return self.title


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
    text = models.TextField(_("text"))

    class Meta(Orderable.Meta):
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.text[:60]


class SuggestedPostingTime(Orderable):
    """A suggested moment to post, shown to ambassadors and on the content calendar."""

    kit = ParentalKey(ShareKit, on_delete=models.CASCADE, related_name="posting_times")
    post_at = models.DateTimeField(_("post at"))

    class Meta(Orderable.Meta):
        verbose_name = _("suggested posting time")
        verbose_name_plural = _("suggested posting times")

    def __str__(self):
        return str(self.post_at)
