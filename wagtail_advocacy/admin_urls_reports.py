"""Admin URLs of the advocacy reports; wagtail_hooks.py mounts them under "advocacy/".

Each report has two URLs, as Wagtail's own reports: the page, and its results alone
(``results_only``) which the admin fetches when a filter changes.
"""

from django.urls import path

from .views import reports

app_name = "wagtail_advocacy_admin"


def _report_urls(slug, view_class):
    name = f"report_{slug}"
    return [
        path(f"reports/{slug}/", view_class.as_view(), name=name),
        path(
            f"reports/{slug}/results/",
            view_class.as_view(results_only=True),
            name=f"{name}_results",
        ),
    ]


urlpatterns = [
    *_report_urls("content", reports.ContentReportView),
    *_report_urls("ambassadors", reports.AmbassadorsReportView),
    *_report_urls("networks", reports.NetworksReportView),
    *_report_urls("campaigns", reports.CampaignsReportView),
]
