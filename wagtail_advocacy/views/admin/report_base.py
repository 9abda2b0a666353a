"""What every report shares (the core's ``REPORTS`` and a sub-app's, such as the game's
leaderboard report): its URLs, its Reports menu item, its permission, and safe CSV cells."""

from django.urls import path, reverse
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

from ...permissions import can_view_reports
from ...sanitize import spreadsheet_cell


class RegisteredReportView(ReportView):
    """A report of the app's admin, under its ``slug`` in its app's admin URL namespace.

    Readable by whoever may read the advocacy figures, and every CSV cell it writes goes
    through ``sanitize.spreadsheet_cell``, so nothing people typed reaches a spreadsheet as
    a formula.
    """

    #: The report's name in its URLs (``reports/<slug>/``) and URL names (``report_<slug>``).
    slug = ""
    #: The report's place in the Reports menu (Wagtail's own reports use 100 to 1000).
    menu_order = 1400
    #: The admin URL namespace its URLs are included under (``report_urls``).
    url_namespace = "wagtail_advocacy_admin"

    @classmethod
    def url_name(cls, results=False) -> str:
        """The name of the report's URL, or of its results-only URL."""
        return f"report_{cls.slug}_results" if results else f"report_{cls.slug}"

    @property
    def index_url_name(self):
        return f"{self.url_namespace}:{self.url_name()}"

    @property
    def index_results_url_name(self):
        return f"{self.url_namespace}:{self.url_name(results=True)}"

    @classmethod
    def is_available(cls, request) -> bool:
        """Whether ``request``'s user may read the report (and see it in the menu)."""
        return can_view_reports(request.user)

    def dispatch(self, request, *args, **kwargs):
        if not self.is_available(request):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def preprocess_field_value(self, field, value, export_format):
        # Every cell Wagtail writes to a CSV passes here last. XLSX cells are typed (text is
        # never a formula), so they keep the exact value.
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_cell(value)
        return value


def report_urls(reports) -> list:
    """Two URLs per report, as Wagtail's own: the page, and its results alone
    (``results_only``), which the admin fetches when a filter changes."""
    urls = []
    for report in reports:
        urls += [
            path(f"reports/{report.slug}/", report.as_view(), name=report.url_name()),
            path(
                f"reports/{report.slug}/results/",
                report.as_view(results_only=True),
                name=report.url_name(results=True),
            ),
        ]
    return urls


class ReportMenuItem(MenuItem):
    """A Reports menu item shown to whoever may read its report."""

    def __init__(self, report, *args, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.report.is_available(request)


def report_menu_item(report) -> ReportMenuItem:
    """The Reports menu item of ``report`` (for Wagtail's ``register_reports_menu_item``)."""
    return ReportMenuItem(
        report,
        report.page_title,
        reverse(f"{report.url_namespace}:{report.url_name()}"),
        name=f"advocacy-{report.slug}",
        icon_name=report.header_icon,
        order=report.menu_order,
    )
