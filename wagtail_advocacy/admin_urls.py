"""Admin URLs, mounted by wagtail_hooks under ``advocacy/`` (namespace wagtail_advocacy_admin)."""

from django.urls import path

from .views.admin import ambassadors, calendar, kits
from .views.admin.reports import REPORTS

urlpatterns = [
    path("pages/<int:page_id>/share-kit/", kits.PageShareKitView.as_view(), name="page_share_kit"),
    path(
        "pages/<int:page_id>/share-kit/withdraw/",
        kits.withdraw,
        name="page_share_kit_withdraw",
    ),
    path(
        "pages/<int:page_id>/share-kit/restore/",
        kits.restore,
        name="page_share_kit_restore",
    ),
    path("calendar/", calendar.ContentCalendarView.as_view(), name="content_calendar"),
    path(
        "ambassadors/<int:pk>/suspend/",
        ambassadors.SuspendAmbassadorView.as_view(),
        name="ambassador_suspend",
    ),
    path(
        "ambassadors/<int:pk>/lift-suspension/",
        ambassadors.LiftSuspensionView.as_view(),
        name="ambassador_lift_suspension",
    ),
]

# Two URLs per report, as Wagtail's own: the page, and its results alone (``results_only``),
# which the admin fetches when a filter changes.
for report in REPORTS:
    urlpatterns += [
        path(f"reports/{report.slug}/", report.as_view(), name=report.url_name()),
        path(
            f"reports/{report.slug}/results/",
            report.as_view(results_only=True),
            name=report.url_name(results=True),
        ),
    ]
