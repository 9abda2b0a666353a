"""The charter acceptances report: who accepted which version, when, and the hash of the
text they accepted, for works councils and data protection officers (CSV/XLSX export).

Registered in ``views.admin.reports.REPORTS`` like the other reports. It reads the
acceptance records themselves, not aggregates: they are the evidence, one row each.
"""

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from ...models.charter import CharterAcceptance, CharterVersion
from .report_base import RegisteredReportView


class CharterAcceptanceFilterSet(WagtailFilterSet):
    """Filter acceptances by version and by the day they were given."""

    version = django_filters.ModelChoiceFilter(
        label=_("Version"), queryset=CharterVersion.objects.order_by("-number")
    )
    accepted_at = django_filters.DateFromToRangeFilter(
        label=_("Accepted between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = CharterAcceptance
        fields = []


def _binding_label(acceptance) -> str:
    return str(_("Binding") if acceptance.version.binding else _("Advisory"))


class CharterAcceptancesReportView(RegisteredReportView):
    """Every charter acceptance, newest first: a read-only record (nothing here writes)."""

    page_title = _("Advocacy: charter acceptances")
    verbose_name = _("charter acceptance")
    verbose_name_plural = _("charter acceptances")
    header_icon = "doc-full-inverse"
    slug = "charter-acceptances"
    menu_order = 1440
    export_filename = "advocacy-charter-acceptances"
    filterset_class = CharterAcceptanceFilterSet
    default_ordering = "-accepted_at"
    columns = [
        Column("ambassador", label=_("Ambassador"), accessor="ambassador.display_name"),
        Column("username", label=_("Username"), accessor="ambassador.user.get_username"),
        Column("version", label=_("Version"), accessor="version.number", sort_key="version"),
        Column("binding", label=_("Binding or advisory"), accessor=_binding_label),
        DateColumn("accepted_at", label=_("Accepted at"), sort_key="accepted_at"),
        Column("text_sha256", label=_("SHA-256 of the text accepted")),
    ]
    list_export = ["ambassador", "username", "version", "binding", "accepted_at", "text_sha256"]
    export_headings = {
        "ambassador": _("Ambassador"),
        "username": _("Username"),
        "version": _("Version"),
        "binding": _("Binding or advisory"),
        "accepted_at": _("Accepted at"),
        "text_sha256": _("SHA-256 of the text accepted"),
    }

    @cached_property
    def no_results_message(self):
        return _("Nobody has accepted the charter with these filters.")

    def get_base_queryset(self):
        return CharterAcceptance.objects.select_related("ambassador__user", "version")

    def get_queryset(self):
        return self.order_queryset(self.get_base_queryset())

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        if ordering.lstrip("-") == "version":
            ordering = ordering.replace("version", "version__number")
        # The primary key breaks ties, so pages never repeat or skip a row.
        return queryset.order_by(ordering, "-pk")

    custom_field_preprocess = {
        # In the site's time zone, to the second: what a works council reads as "when".
        "accepted_at": {
            RegisteredReportView.FORMAT_CSV: lambda value: timezone.localtime(value).isoformat(
                timespec="seconds"
            ),
            RegisteredReportView.FORMAT_XLSX: lambda value: timezone.make_naive(value).replace(
                microsecond=0
            ),
        },
    }

    def to_row_dict(self, item):
        """A row exported as the table shows it; the version stays a number and the time a
        date-time, so a spreadsheet sorts them."""
        return {
            "ambassador": item.ambassador.display_name,
            "username": item.ambassador.user.get_username(),
            "version": item.version.number,
            "binding": _binding_label(item),
            "accepted_at": item.accepted_at,
            "text_sha256": item.text_sha256,
        }
