"""Admin URLs, mounted by wagtail_hooks under ``advocacy/`` (namespace wagtail_advocacy_admin)."""

from django.urls import path

from .views import admin_kits, content_calendar

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
