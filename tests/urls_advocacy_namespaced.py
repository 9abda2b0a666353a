from django.urls import include, path
from wagtail import urls as wagtail_urls

# The app's URLs under an instance namespace of the project's own: as valid as the default.
urlpatterns = [
    path("advocacy/", include("wagtail_advocacy.urls", namespace="advocacy")),
    path("", include(wagtail_urls)),
]
