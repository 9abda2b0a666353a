"""The leaderboard report of the admin: any board of ``leaderboards`` (ambassadors or teams,
a metric, a period, within a team, top N), with Wagtail's CSV and XLSX export.

It shows what every other surface shows, from the same cached boards: the top of a board
only, "Anonymous ambassador" for those who chose it (administrators included), nobody
hidden. Listed in the Reports menu while leaderboards are switched on, to whoever may read
the advocacy figures.
"""

import django_filters
from django import forms
from django.contrib.auth.models import Group
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn

from wagtail_advocacy.models import Ambassador
from wagtail_advocacy.views.admin.report_base import RegisteredReportView

from .choices import BoardKind, Metric, PeriodChoice
from .leaderboards import BoardRow, board, panel_metric, resolve_period, shown_metrics
from .rules import game_settings, sees_leaderboards

#: How many rows a report may show: the top of a board, never its bottom.
TOP_CHOICES = [(10, "10"), (25, "25"), (50, "50"), (100, "100")]
DEFAULT_TOP = 10


class LeaderboardFilterSet(WagtailFilterSet):
    """Which board: ambassadors or teams, the metric, the period, within a team, how many.
    Its values choose a board of ``leaderboards`` rather than filter rows (``board_spec``)."""

    kind = django_filters.ChoiceFilter(
        label=_("Board"), choices=BoardKind.choices, empty_label=None
    )
    metric = django_filters.ChoiceFilter(
        label=_("Metric"), choices=Metric.choices, empty_label=None
    )
    period = django_filters.ChoiceFilter(
        label=_("Period"), choices=PeriodChoice.choices, empty_label=None
    )
    day = django_filters.DateFromToRangeFilter(
        label=_("Dates (a range of dates only)"),
        widget=DateRangePickerWidget,
        help_text=_("Used when the period is a range of dates."),
    )
    team = django_filters.ModelChoiceFilter(
        label=_("Within team"),
        queryset=Group.objects.order_by("name"),
        empty_label=_("The whole organisation"),
        help_text=_("Ambassador boards only: rank the members of one team."),
    )
    top = django_filters.ChoiceFilter(label=_("Top"), choices=TOP_CHOICES, empty_label=None)

    class Meta:
        model = Ambassador
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # Every option has a value, so the form shows the board the reader is looking at;
        # the defaults are the fields' initial values too, so they show as no active filter.
        defaults = {
            "kind": BoardKind.AMBASSADORS,
            "metric": panel_metric(game_settings(kwargs.get("request"))),
            "period": PeriodChoice.MONTH,
            "top": str(DEFAULT_TOP),
        }
        if data is not None:
            data = data.copy()
            for name, value in defaults.items():
                data.setdefault(name, value)
        super().__init__(data, *args, **kwargs)
        for name, value in defaults.items():
            self.form.fields[name].initial = value
        # No board on points while points are off: the choice is not offered, and asking
        # for it (?metric=points) is a filter error.
        shown = shown_metrics(game_settings(kwargs.get("request")))
        self.form.fields["metric"].choices = [(metric.value, metric.label) for metric in shown]
        self.form.clean = self._clean_form

    def _clean_form(self):
        data = forms.Form.clean(self.form)
        day = data.get("day")
        if data.get("period") == PeriodChoice.CUSTOM:
            if not (day and day.start and day.stop):
                self.form.add_error("day", _("A range of dates needs a first and a last day."))
            elif day.start > day.stop:
                self.form.add_error("day", _("The last day cannot come before the first."))
        if data.get("team") and data.get("kind") == BoardKind.TEAMS:
            self.form.add_error("team", _("Team boards rank every team; choose no team."))
        return data

    def board_spec(self) -> dict | None:
        """The chosen board as ``board()``'s arguments, or None while the form has errors."""
        if not self.is_valid():
            return None
        data = self.form.cleaned_data
        day = data.get("day")
        period = resolve_period(
            data["period"],
            start=day.start.date() if day and day.start else None,
            end=day.stop.date() if day and day.stop else None,
        )
        return {
            "kind": data["kind"],
            "metric": data["metric"],
            "period": period,
            "top": int(data["top"]),
            "within_team": data.get("team"),
        }


class LeaderboardReportView(RegisteredReportView):
    page_title = _("Advocacy: leaderboard")
    verbose_name = _("leaderboard row")
    verbose_name_plural = _("leaderboard rows")
    header_icon = "trophy"
    slug = "leaderboard"
    menu_order = 1460
    url_namespace = "wagtail_advocacy_game_admin"
    export_filename = "advocacy-leaderboard"
    filterset_class = LeaderboardFilterSet
    paginate_by = None  # a board is its top N, at most 100 rows

    @classmethod
    def is_available(cls, request) -> bool:
        return super().is_available(request) and sees_leaderboards(
            game_settings(request), request.user
        )

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = Ambassador.objects.none()
        return kwargs

    @cached_property
    def spec(self) -> dict | None:
        return self.filters.board_spec()

    @cached_property
    def is_team_board(self) -> bool:
        return bool(self.spec) and self.spec["kind"] == BoardKind.TEAMS

    def filter_queryset(self, queryset):
        return queryset  # the filters chose the board already

    def get_queryset(self) -> list[BoardRow]:
        # The cached board of ``leaderboards``: the same rows as the panel and the block.
        if self.spec is None:
            return []
        return board(**self.spec).rows

    @cached_property
    def columns(self):
        metric = Metric(self.spec["metric"]) if self.spec else Metric.POINTS
        columns = [
            Column("rank", label=_("Rank"), width="10%"),
            Column("label", label=_("Team") if self.is_team_board else _("Ambassador")),
        ]
        if self.is_team_board:
            columns.append(Column("members", label=_("Active ambassadors")))
        value_label = (
            _("%(metric)s per active ambassador") % {"metric": metric.label}
            if self.is_team_board
            else metric.label
        )
        columns.append(NumberColumn("value", label=value_label))
        return columns

    @cached_property
    def list_export(self):
        return [column.name for column in self.columns]

    @cached_property
    def export_headings(self):
        return {column.name: column.label for column in self.columns}

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["label"] = str(item.label)  # "Anonymous ambassador", translated, as text
        return row

    @cached_property
    def no_results_message(self):
        if self.spec is None:
            form = self.filters.form
            labels = {name: field.label for name, field in form.fields.items()}
            problems = " ".join(
                f"{labels[name]}: {error}" if labels.get(name) else str(error)
                for name, errors in form.errors.items()
                for error in errors
            )
            return _("Correct the filters to see a board. %(problems)s") % {"problems": problems}
        if board(**self.spec).cut_at_half:  # people are ranked, none in the top half
            return _("Only the top half of a board is shown: nobody is in it yet.")
        if self.is_team_board:
            return _(
                "No team has at least %(size)s active ambassadors with a figure in this period."
            ) % {"size": game_settings(self.request).minimum_team_size}
        return _("Nobody is on this board for this period yet.")
