"""Every Wagtail integration point of wagtail-advocacy, in one place."""
