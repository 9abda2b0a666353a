"""What every report of ``REPORTS`` shares: its URLs, its permission, and safe CSV cells."""

from wagtail.admin.auth import permission_denied
from wagtail.admin.views.reports import ReportView

from ...permissions import can_view_reports
from ...sanitize import spreadsheet_cell


class RegisteredReportView(ReportView):
    """A report listed in ``views.admin.reports.REPORTS``, under its ``slug``.

    Readable by whoever may read the advocacy figures, and every CSV cell it writes goes
    through ``sanitize.spreadsheet_cell``, so nothing people typed reaches a spreadsheet as
    a formula.
    """

    #: The report's name in its URLs (``reports/<slug>/``) and URL names (``report_<slug>``).
    slug = ""
    #: The report's place in the Reports menu (Wagtail's own reports use 100 to 1000).
    menu_order = 1400

    @classmethod
    def url_name(cls, results=False) -> str:
        """The name of the report's URL, or of its results-only URL."""
        return f"report_{cls.slug}_results" if results else f"report_{cls.slug}"

    @property
    def index_url_name(self):
        return f"wagtail_advocacy_admin:{self.url_name()}"

    @property
    def index_results_url_name(self):
        return f"wagtail_advocacy_admin:{self.url_name(results=True)}"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def preprocess_field_value(self, field, value, export_format):
        # Every cell Wagtail writes to a CSV passes here last. XLSX cells are typed (text is
        # never a formula), so they keep the exact value.
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_cell(value)
        return value
