"""The example intranet's own page types: wagtail-advocacy does not know them."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page

from wagtail_advocacy.blocks import SpotlightBlock
from wagtail_advocacy.game.blocks import DonationsBlock, LeaderboardBlock


class HomePage(Page):
    """The intranet's front page: a welcome and the latest news."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "intranet.NewsIndexPage",
        "intranet.NewsletterIndexPage",
        "intranet.PeopleDirectoryPage",
        "intranet.StandardPage",
        "wagtail_advocacy.AdvocacyHubPage",
        "wagtail_advocacy.AmbassadorDirectoryPage",
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = (
            ArticlePage.objects.live()
            .public()
            .select_related("team", "author")
            .order_by("-date")[:6]
        )
        context["sections"] = self.get_children().live().in_menu()
        return context


class StandardPage(Page):
    """A plain page (about the company, practical information)."""

    body = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("body")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live()
        return context


class NewsIndexPage(Page):
    """The news section, paginated."""

    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["intranet.ArticlePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            ArticlePage.objects.child_of(self)
            .live()
            .select_related("team", "author")
            .order_by("-date", "-pk")
        )
        context["articles"] = Paginator(articles, 10).get_page(request.GET.get("page"))
        return context


class ArticlePage(Page):
    """A news article, written by an employee of a team."""

    date = models.DateField()
    intro = models.CharField(max_length=300)
    body = RichTextField()
    team = models.ForeignKey(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("team"),
        FieldPanel("author"),
    ]
    parent_page_types = ["intranet.NewsIndexPage"]
    subpage_types = []


class NewsletterIndexPage(Page):
    """The list of newsletters."""

    subpage_types = ["intranet.NewsletterPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["newsletters"] = NewsletterPage.objects.child_of(self).live().order_by("-date")
        return context


class NewsletterPage(Page):
    """The internal newsletter: a StreamField where leaders place blocks."""

    date = models.DateField()
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
            ("image", ImageBlock()),
            ("leaderboard", LeaderboardBlock()),
            ("donations", DonationsBlock()),
            # wagtail-advocacy's ambassadors who chose to be named.
            ("spotlight", SpotlightBlock()),
        ],
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("body")]
    parent_page_types = ["intranet.NewsletterIndexPage"]
    subpage_types = []


class NewsletterDelivery(models.Model):
    """One newsletter sent to one employee. Claimed (inserted) before the email leaves, so a
    retried job, a second click or a second sending to everyone never sends anyone the same
    issue twice: sending again reaches only those who have not received it."""

    page = models.ForeignKey(
        NewsletterPage,
        verbose_name=_("newsletter"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="intranet_newsletter_sent_once")
        ]

    def __str__(self):
        return f"{self.page_id} → {self.user_id}"


class PeopleDirectoryPage(Page):
    """Teams and the employees in them."""

    def get_context(self, request, *args, **kwargs):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        active_employees = (
            get_user_model()
            .objects.filter(is_active=True)
            .select_related("profile")
            .order_by("last_name", "first_name")
        )
        context = super().get_context(request, *args, **kwargs)
        # Wagtail's own permission groups (Editors, Moderators) have no employees: skip them.
        teams = Group.objects.filter(user__is_active=True).distinct().order_by("name")
        context["teams"] = teams.prefetch_related(
            models.Prefetch("user_set", queryset=active_employees, to_attr="members")
        )
        return context


class EmployeeProfile(models.Model):
    """What the intranet knows of an employee beyond their login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    job_title = models.CharField(max_length=120)
    location = models.CharField(max_length=120, blank=True)

    def __str__(self):
        return f"{self.user.get_full_name()} ({self.job_title})"
