"""The campaign list and forms."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from ..models.kits import Campaign
from .views import AdvocacyIndexView


class CampaignAdmin(ModelAdmin):
    """Campaigns group kits for reports and challenges, with their own dates and objective."""

    model = Campaign
    index_view_class = AdvocacyIndexView
    menu_label = _("Campaigns")
    menu_icon = "tasks"
    list_display = ("name", "starts_on", "ends_on", "share_target")
    search_fields = ("name", "objective")
    prepopulated_fields = {"slug": ("name",)}
