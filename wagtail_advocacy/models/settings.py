"""Editor-facing configuration: Wagtail site settings (Settings › Sharing in the admin)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..conf import advocacy_settings
from ..networks import DEFAULT_NETWORKS, NETWORK_CHOICES
from ..validators import split_lines, validate_hashtag, validate_host_names


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

    base_form_class = SharingSettingsForm
    panels = [
        FieldPanel("networks"),
        FieldPanel("disclosure_hashtag"),
        FieldPanel("blocked_words"),
        FieldPanel("allowed_public_domains"),
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
