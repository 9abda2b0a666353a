"""The example site's URLs plus ``bare/``: the cheapest Django redirect, as the yardstick."""

from django.http import HttpResponseRedirect
from django.urls import path

from intranet_demo.urls import urlpatterns as site_urlpatterns


def bare_redirect(request):
    """What a redirect costs in this process without looking anything up or counting."""
    return HttpResponseRedirect("https://www.northwind.example/news/")


urlpatterns = [path("bare/", bare_redirect), *site_urlpatterns]
