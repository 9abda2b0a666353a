from django.db import models
from wagtail.models import AbstractPage


class BasePage(AbstractPage):
    """Every page of this project: Wagtail's page fields plus one of the project's own."""

    department = models.CharField(max_length=100, blank=True)
