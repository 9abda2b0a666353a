"""The conversion types: the visitors' desired actions, each with a value (for EMV)."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from ..models.tracking import ConversionType
from .views import AdvocacyIndexView


class ConversionTypeAdmin(ModelAdmin):
    """Editors name the desired actions of visitors and give each a value (for EMV)."""

    model = ConversionType
    index_view_class = AdvocacyIndexView
    menu_label = _("Conversion types")
    menu_icon = "success"
    list_display = ("display_name", "slug", "value")
    search_fields = ("name", "slug")
