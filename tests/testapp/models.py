"""A page type wagtail-advocacy has never heard of, as a host site would have."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_advocacy.blocks import SpotlightBlock


class EventPage(Page):
    """An event announcement of the test host site."""

    starts_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("starts_on"), FieldPanel("summary")]


class FormField(AbstractFormField):
    """A field of the test site's contact form."""

    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractEmailForm):
    """The host site's own contact form page: wagtail-advocacy must attribute its
    submissions without the page knowing anything about advocacy."""

    intro = models.TextField(blank=True)
    thank_you_text = models.TextField(blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
    ]


class JobApplicationPage(FormPage):
    """A form page that declares which conversion type its submissions are."""

    advocacy_conversion_type = "job-application"


class StreamPage(Page):
    """A host page with a StreamField of its own, where an editor may put the spotlight."""

    body = StreamField(
        [("paragraph", blocks.RichTextBlock()), ("spotlight", SpotlightBlock())], blank=True
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
