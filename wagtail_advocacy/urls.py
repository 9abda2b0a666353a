"""Public URLs. Include them before Wagtail's own catch-all::

path("advocacy/", include("wagtail_advocacy.urls")),
"""

from django.urls import path

from .views import programme

app_name = "wagtail_advocacy"

urlpatterns = [
    path("programme/", programme.programme, name="programme"),
    path("programme/join/", programme.join, name="join"),
    path("programme/leave/", programme.leave, name="leave"),
]
