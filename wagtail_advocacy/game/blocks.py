"""The leaderboard StreamField block: a board editors place in a newsletter or any page.

Importable without the game in INSTALLED_APPS (no model at import time), and then renders
nothing: a site whose works council later declines the game removes the app, and its pages
and their migrations keep working.
"""

import datetime

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from wagtail_advocacy.mail import EmailBlockMixin

from .choices import BoardKind, Metric, PeriodChoice

MAX_TOP = 50


def team_choices():
    """Every group, by name: the teams a board may be limited to."""
    return [("", _("The whole organisation"))] + [
        (str(pk), name) for pk, name in Group.objects.order_by("name").values_list("pk", "name")
    ]


def period_blocks(default: PeriodChoice) -> tuple:
    """A board's or a total's period as a block asks it: the choice, then a range's first and
    last day (checked by ``period_errors``)."""
    return (
        blocks.ChoiceBlock(label=_("Period"), choices=PeriodChoice.choices, default=default),
        blocks.DateBlock(label=_("From"), required=False, help_text=_("A range of dates only.")),
        blocks.DateBlock(label=_("To"), required=False, help_text=_("A range of dates only.")),
    )


def period_errors(value) -> dict:
    """The errors of a block's period: a range of dates needs its first and last day, the
    last not before the first (the rule ``leaderboards.resolve_period`` applies)."""
    errors = {}
    if value.get("period") == PeriodChoice.CUSTOM:
        if not value.get("start"):
            errors["start"] = ErrorList([ValidationError(_("Give the first day."))])
        if not value.get("end"):
            errors["end"] = ErrorList([ValidationError(_("Give the last day."))])
        if value.get("start") and value.get("end") and value["start"] > value["end"]:
            errors["end"] = ErrorList(
                [ValidationError(_("The last day cannot come before the first."))]
            )
    return errors


def viewer_of(parent_context) -> object | None:
    """Who a block is rendered for: the newsletter's ``recipient`` in an email, else the
    request's user; None when the context says neither (a rendering for nobody in
    particular)."""
    context = parent_context or {}
    if context.get("recipient") is not None:
        return context["recipient"]
    return getattr(context.get("request"), "user", None)


def issue_day(parent_context) -> datetime.date | None:
    """The day of the page a block is on: its first publication, in the site's time zone;
    None for a page never published (a draft, its preview) or a rendering without a page,
    which speak of today."""
    page = (parent_context or {}).get("page")
    published = getattr(page, "first_published_at", None)
    return timezone.localdate(published) if published is not None else None


class GameBlock(EmailBlockMixin, blocks.StructBlock):
    """A block of the game: it renders nothing, on the web or in an email, on a site that
    left the game out of INSTALLED_APPS (nor is its template there)."""

    def render(self, value, context=None):
        if not apps.is_installed("wagtail_advocacy.game"):
            return ""
        return super().render(value, context=context)

    def render_email(self, value, context=None):
        if not apps.is_installed("wagtail_advocacy.game"):
            return ""
        return super().render_email(value, context=context)

    def render_email_text(self, value, context=None):
        if not apps.is_installed("wagtail_advocacy.game"):
            return ""
        return super().render_email_text(value, context=context)


class LeaderboardBlock(GameBlock):
    """The top ambassadors or teams of a period on one metric. A relative period ("this
    month") is the one of the page's day (``issue_day``); a period that is over is shown as
    it was frozen, with today's visibility choices; nothing shows while leaderboards are
    switched off. ``render_email`` gives it email-safe and names only ambassadors who chose
    "named": an anonymous one is left out of an email, which cannot be taken back."""

    email_template = "wagtail_advocacy_game/blocks/leaderboard_email.html"
    email_text_template = "wagtail_advocacy_game/blocks/leaderboard_email.txt"
    email_stylesheet = "wagtail_advocacy_game/blocks/leaderboard_email.css"

    title = blocks.CharBlock(
        label=_("Title"), required=False, default=_("Our top ambassadors"), max_length=120
    )
    kind = blocks.ChoiceBlock(
        label=_("Who is ranked"), choices=BoardKind.choices, default=BoardKind.AMBASSADORS
    )
    metric = blocks.ChoiceBlock(label=_("On"), choices=Metric.choices, default=Metric.SHARES)
    period, start, end = period_blocks(PeriodChoice.MONTH)
    team = blocks.ChoiceBlock(label=_("Within the team"), choices=team_choices, required=False)
    top = blocks.IntegerBlock(label=_("How many"), default=10, min_value=1, max_value=MAX_TOP)
    show_photos = blocks.BooleanBlock(
        label=_("Show photos"),
        required=False,
        default=False,
        help_text=_(
            "Each named ambassador's photo, or their initials; "
            "in an email, their photo only. Not on a board of teams."
        ),
    )

    class Meta:
        icon = "pick"
        label = _("Leaderboard")
        description = _("The top ambassadors or teams of a period, as they chose to appear.")
        template = "wagtail_advocacy_game/blocks/leaderboard.html"
        preview_value = {
            "title": "Our top ambassadors this month",
            "kind": BoardKind.AMBASSADORS,
            "metric": Metric.SHARES,
            "period": PeriodChoice.MONTH,
            "top": 5,
        }

    def clean(self, value):
        value = super().clean(value)
        errors = period_errors(value)
        if value.get("team") and value.get("kind") == BoardKind.TEAMS:
            errors["team"] = ErrorList(
                [ValidationError(_("A board of teams is for the whole organisation."))]
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_email_context(self, value, parent_context=None):
        """The web context with the board's anonymous rows left out: an email names only
        those who chose "named" (hidden ones are never on a board)."""
        context = self.get_context(value, parent_context=parent_context)
        if context.get("board") is not None:
            rows = context["rows"]
            context["rows"] = [(row, person) for row, person in rows if row.name is not None]
            context["unnamed_left_out"] = len(context["rows"]) < len(context["board"].rows)
        return context

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Here, not at the top: the game's models exist only while the game is installed.
        from .leaderboards import resolve_period, row_people, shown_board, shown_metrics
        from .rules import game_settings, sees_leaderboards

        settings = game_settings()
        metric = value["metric"]
        context["shown"] = sees_leaderboards(settings, viewer_of(parent_context)) and (
            metric in shown_metrics(settings)
        )
        if not context["shown"]:
            return context
        # A newsletter is an issue of its day: its "this month" is the month it came out in.
        period = resolve_period(
            value["period"],
            start=value.get("start"),
            end=value.get("end"),
            day=issue_day(parent_context),
        )
        team = int(value["team"]) if value.get("team") else None
        context["board"] = shown_board(
            value["kind"], metric, period, top=value["top"], within_team=team
        )
        context["metric"] = Metric(metric)
        # (row, the ambassador whose face it shows, or None): photos are looked up now, by id.
        people = row_people(context["board"]) if value.get("show_photos") else {}
        context["rows"] = [(row, people.get(row.key)) for row in context["board"].rows]
        return context


class DonationsBlock(GameBlock):
    """What ambassadors gave to charities with their points over a period, with the company's
    matching, per charity: totals only, nobody named. Nothing shows while rewards are switched
    off."""

    email_template = "wagtail_advocacy_game/blocks/donations_email.html"
    email_text_template = "wagtail_advocacy_game/blocks/donations_email.txt"
    email_stylesheet = "wagtail_advocacy_game/blocks/donations_email.css"

    title = blocks.CharBlock(
        label=_("Title"), required=False, default=_("What our points gave"), max_length=120
    )
    period, start, end = period_blocks(PeriodChoice.ALL_TIME)

    class Meta:
        icon = "group"
        label = _("Donations")
        description = _("What ambassadors' points gave to charities, with the company's matching.")
        template = "wagtail_advocacy_game/blocks/donations.html"
        preview_value = {"title": "What our points gave", "period": PeriodChoice.ALL_TIME}

    def clean(self, value):
        value = super().clean(value)
        errors = period_errors(value)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        from .leaderboards import resolve_period
        from .rewards import donation_summary
        from .rules import Feature, game_settings, is_switched_on

        settings = game_settings()
        context["shown"] = is_switched_on(settings, Feature.REWARDS)
        if context["shown"]:
            start, end = value.get("start"), value.get("end")
            # As the leaderboard's: "this month" in an issue is the month it came out in.
            period = resolve_period(
                value["period"], start=start, end=end, day=issue_day(parent_context)
            )
            context.update(donation_summary(settings, period), period=period)
        return context
