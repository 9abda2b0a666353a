"""Public URLs. Include them before Wagtail's own catch-all::

path("advocacy/", include("wagtail_advocacy.urls")),
"""

from django.urls import path

from .views import links, programme

app_name = "wagtail_advocacy"

urlpatterns = [
    path("l/<str:token>/", links.follow_link, name="tracked_link"),
    path("programme/", programme.programme, name="programme"),
    path("programme/join/", programme.join, name="join"),
    path("programme/leave/", programme.leave, name="leave"),
]
