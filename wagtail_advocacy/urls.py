"""Public URLs. Include them before Wagtail's own catch-all::

path("advocacy/", include("wagtail_advocacy.urls")),
"""

from django.urls import path

from .views import conversions, impact, links, programme

app_name = "wagtail_advocacy"

urlpatterns = [
    path("l/<str:token>/", links.follow_link, name="tracked_link"),
    path("conversions/", conversions.signed_conversion, name="signed_conversion"),
    path("conversions/pixel.gif", conversions.conversion_pixel, name="conversion_pixel"),
    path("programme/", programme.programme, name="programme"),
    path("programme/join/", programme.join, name="join"),
    path("programme/leave/", programme.leave, name="leave"),
    path("impact/", impact.my_impact, name="impact"),
]
