"""A page type wagtail-advocacy has never heard of, as a host site would have."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class EventPage(Page):
    """An event announcement of the test host site."""

    starts_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("starts_on"), FieldPanel("summary")]
