"""Admin URLs, mounted by wagtail_hooks under ``advocacy/`` (namespace wagtail_advocacy_admin)."""

from django.urls import path

from .views import admin_kits, content_calendar, reports

urlpatterns = [
    path(
        "pages/<int:page_id>/share-kit/",
        admin_kits.PageShareKitView.as_view(),
        name="page_share_kit",
    ),
    path(
        "pages/<int:page_id>/share-kit/withdraw/",
        admin_kits.withdraw,
        name="page_share_kit_withdraw",
    ),
    path(
        "pages/<int:page_id>/share-kit/restore/",
        admin_kits.restore,
        name="page_share_kit_restore",
    ),
    path("calendar/", content_calendar.ContentCalendarView.as_view(), name="content_calendar"),
]


def _report_urls(slug, view_class):
    # Two URLs per report, as Wagtail's own: the page, and its results alone
    # (``results_only``), which the admin fetches when a filter changes.
    name = f"report_{slug}"
    return [
        path(f"reports/{slug}/", view_class.as_view(), name=name),
        path(
            f"reports/{slug}/results/",
            view_class.as_view(results_only=True),
            name=f"{name}_results",
        ),
    ]


urlpatterns += [
    *_report_urls("content", reports.ContentReportView),
    *_report_urls("ambassadors", reports.AmbassadorsReportView),
    *_report_urls("networks", reports.NetworksReportView),
    *_report_urls("campaigns", reports.CampaignsReportView),
]
