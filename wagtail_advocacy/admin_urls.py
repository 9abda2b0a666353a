"""Admin URLs, mounted by wagtail_hooks under ``advocacy/`` (namespace wagtail_advocacy_admin)."""

from django.urls import path

from .views.admin import ambassadors, calendar, kits
from .views.admin.report_base import report_urls
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

urlpatterns += report_urls(REPORTS)
