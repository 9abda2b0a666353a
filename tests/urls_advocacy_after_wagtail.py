from django.urls import include, path
from wagtail import urls as wagtail_urls

# The mistake check E013 catches: Wagtail's catch-all first, so it serves /advocacy/... too.
urlpatterns = [
    path("", include(wagtail_urls)),
    path("advocacy/", include("wagtail_advocacy.urls")),
]
