"""StreamField blocks for the host site's pages: the ambassadors' spotlight.

Add them to any StreamField of the host's own page types::

    from wagtail_advocacy.blocks import SpotlightBlock

    body = StreamField([..., ("spotlight", SpotlightBlock())])

``block.render_email(value, {"root_url": site.root_url})`` renders one for an email
(``wagtail_advocacy.mail``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .mail import EmailBlockMixin
from .models.pages import AmbassadorDirectoryPage
from .people.spotlight import (
    CHOSEN,
    MAX_SPOTLIGHT,
    RECENT,
    spotlight_ambassadors,
    spotlight_choices,
)


class SpotlightBlock(EmailBlockMixin, blocks.StructBlock):
    """A few ambassadors in the spotlight: the ones an editor chose, or the most recent
    joiners. Only ambassadors who chose to be named appear (``Recognition.NAMED``), and only
    while they are active; each links to their directory profile when they are listed.
    ``render_email`` gives it email-safe, for a newsletter sent by email."""

    email_template = "wagtail_advocacy/blocks/spotlight_email.html"
    email_text_template = "wagtail_advocacy/blocks/spotlight_email.txt"
    email_stylesheet = "wagtail_advocacy/blocks/spotlight_email.css"

    heading = blocks.CharBlock(
        label=_("Heading"), required=False, default=_("Meet our ambassadors"), max_length=120
    )
    source = blocks.ChoiceBlock(
        label=_("Who is shown"),
        choices=[
            (RECENT, _("The most recent joiners")),
            (CHOSEN, _("The ambassadors chosen below")),
        ],
        default=RECENT,
    )
    count = blocks.IntegerBlock(
        label=_("How many recent joiners"),
        default=4,
        min_value=1,
        max_value=MAX_SPOTLIGHT,
        required=False,
    )
    ambassadors = blocks.ListBlock(
        blocks.ChoiceBlock(choices=spotlight_choices, label=_("Ambassador")),
        label=_("Chosen ambassadors"),
        help_text=_("Only ambassadors who chose to be named can be chosen."),
        default=[],
        max_num=MAX_SPOTLIGHT,
    )

    class Meta:
        template = "wagtail_advocacy/blocks/spotlight.html"
        icon = "group"
        label = _("Ambassador spotlight")
        description = _(
            "A few ambassadors who chose to be named: the most recent joiners, or the ones "
            "you choose."
        )
        preview_value = {"heading": _("Meet our ambassadors"), "source": RECENT, "count": 3}

    def clean(self, value):
        value = super().clean(value)
        if value.get("source") == CHOSEN and not value.get("ambassadors"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "ambassadors": ValidationError(
                        _("Choose at least one ambassador, or show the most recent joiners.")
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        ambassadors = spotlight_ambassadors(
            source=value.get("source") or RECENT,
            count=value.get("count") or 4,
            chosen=value.get("ambassadors") or (),
        )
        request = (parent_context or {}).get("request")
        directory = AmbassadorDirectoryPage.objects.live().first()
        if directory is not None:
            for ambassador in ambassadors:
                if ambassador.is_listed:
                    ambassador.profile_url = directory.profile_url(ambassador, request)
        context["ambassadors"] = ambassadors
        return context
