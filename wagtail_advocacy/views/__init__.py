"""Views of wagtail-advocacy. Front-end views render through ``render_advocacy``."""

from django.template.response import TemplateResponse

from ..conf import advocacy_settings


def render_advocacy(request, template_name, context=None, status=None):
    """Render a front-end template that extends the host's base template (BASE_TEMPLATE)."""
    context = {"advocacy_base_template": advocacy_settings.BASE_TEMPLATE, **(context or {})}
    return TemplateResponse(request, template_name, context, status=status)
