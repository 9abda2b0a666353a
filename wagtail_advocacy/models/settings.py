"""Editor-facing configuration: every Wagtail site setting of the app, in Settings.

``SharingSettings`` (Settings › Sharing): networks, disclosure, blocked words, public domains;
``MeasurementSettings`` (Settings › Measurement): earned media value, the objectives, extra bots,
how long individual statistics are kept.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from ..conf import advocacy_settings
from ..sharing.networks import DEFAULT_NETWORKS, NETWORK_CHOICES
from ..validators import (
    split_lines,
    validate_hashtag,
    validate_host_names,
    validate_user_agent_patterns,
)

#: How long each ambassador's daily statistics are kept by default, and the range allowed:
#: at least the 90 days the "my impact" page shows, at most five years.
DEFAULT_STATISTICS_RETENTION_MONTHS = 13
MIN_STATISTICS_RETENTION_MONTHS = 3
MAX_STATISTICS_RETENTION_MONTHS = 60


def default_networks() -> list[str]:
    """Every network is offered until an editor says otherwise."""
    return list(DEFAULT_NETWORKS)


class SharingSettingsForm(WagtailAdminModelForm):
    """The settings form: networks as checkboxes rather than a JSON text area."""

    networks = forms.MultipleChoiceField(
        label=_("Networks offered"),
        choices=NETWORK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ambassadors see a share button for each network ticked here."),
    )


@register_setting(icon="link-external")
class SharingSettings(BaseSiteSetting):
    """How ambassadors may share on this site: networks, disclosure, words, public domains."""

    networks = models.JSONField(_("networks offered"), default=default_networks, blank=True)
    disclosure_hashtag = models.CharField(
        _("disclosure hashtag"),
        max_length=100,
        blank=True,
        validators=[validate_hashtag],
        help_text=_(
            "Appended to every share that does not already contain it, so readers know the "
            "author works here. For example: #iworkforACME"
        ),
    )
    blocked_words = models.TextField(
        _("blocked words"),
        blank=True,
        help_text=_(
            "One word or phrase per line, or several on a line separated by commas. A share "
            "containing one (as a whole word) is refused."
        ),
    )
    allowed_public_domains = models.TextField(
        _("allowed public domains"),
        blank=True,
        validators=[validate_host_names],
        help_text=_(
            "One host name per line, e.g. www.example.com. A share kit of a private page must "
            "point to a public URL on one of these hosts (exact match: list subdomains too)."
        ),
    )

    # Teams are auth groups, which intranets already keep (often from their directory
    # service); this list says which groups are teams, so "Editors" is never offered.
    teams = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("teams"),
        blank=True,
        related_name="+",
        help_text=_(
            "The groups that are teams: the list an ambassador chooses from when they may "
            "choose their team."
        ),
    )
    ambassadors_choose_team = models.BooleanField(
        _("ambassadors may choose their team"),
        default=False,
        help_text=_(
            "On: each ambassador picks their team from the list above on their profile. "
            "Off: an administrator sets it."
        ),
    )
    tracking_page_intro = RichTextField(
        _("introduction of “What we track about you”"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "Your own words above the facts the page lists (retention, what a click stores, "
            "who sees which report), which come from the site's real settings."
        ),
    )

    base_form_class = SharingSettingsForm
    panels = [
        FieldPanel("networks"),
        FieldPanel("disclosure_hashtag"),
        FieldPanel("blocked_words"),
        FieldPanel("allowed_public_domains"),
        MultiFieldPanel(
            [
                FieldPanel("teams", widget=forms.CheckboxSelectMultiple),
                FieldPanel("ambassadors_choose_team"),
            ],
            heading=_("Teams"),
        ),
        FieldPanel("tracking_page_intro"),
    ]

    class Meta:
        verbose_name = _("Sharing")
        verbose_name_plural = _("Sharing")

    def __str__(self):
        return str(_("Sharing settings of %(site)s") % {"site": self.site})

    @property
    def offered_networks(self) -> list[str]:
        """Keys of the offered networks, in the registry's order, unknown keys dropped."""
        chosen = set(self.networks or [])
        return [key for key, _label in NETWORK_CHOICES if key in chosen]

    def blocked_word_list(self) -> list[str]:
        """The blocked words and phrases, lower-cased: one per line (commas also split)."""
        return [
            word.strip().lower()
            for line in split_lines(self.blocked_words)
            for word in line.split(",")
            if word.strip()
        ]

    def allowed_domains(self) -> set[str]:
        """Hosts a public URL may use: these lines plus WAGTAIL_ADVOCACY_ALLOWED_PUBLIC_DOMAINS."""
        hosts = {line.lower() for line in split_lines(self.allowed_public_domains)}
        hosts.update(host.lower() for host in advocacy_settings.ALLOWED_PUBLIC_DOMAINS)
        return hosts

    def team_choices(self):
        """The groups an ambassador may choose as their team, by name."""
        return self.teams.order_by("name")


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
    statistics_retention_months = models.PositiveSmallIntegerField(
        _("keep each ambassador's statistics for (months)"),
        default=DEFAULT_STATISTICS_RETENTION_MONTHS,
        validators=[
            MinValueValidator(
                MIN_STATISTICS_RETENTION_MONTHS,
                message=_(
                    "Keep each ambassador's statistics for at least %(limit_value)s months: "
                    "their “My impact” page shows the last 90 days."
                ),
            ),
            MaxValueValidator(
                MAX_STATISTICS_RETENTION_MONTHS,
                message=_(
                    "Keep each ambassador's statistics for at most %(limit_value)s months "
                    "(five years)."
                ),
            ),
        ],
        help_text=_(
            "After this many months, each ambassador's daily figures are added to anonymous "
            "totals and no longer name anyone; every total stays the same."
        ),
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
