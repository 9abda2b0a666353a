"""Page behaviour for host developers: the Sharing tab mixin and the ready-made page types.

As ``wagtail.contrib.forms`` ships ``FormMixin`` + ``AbstractForm``, each behaviour is a
mixin (``ShareKitPageMixin``, ``AdvocacyHubPageMixin``), an abstract page adding the fields,
and a concrete page type. The abstract pages subclass the project's base Page model, as
``compat.page_base_model()`` resolves it: Wagtail's Page, or the model a Wagtail 8 project
swapped in with WAGTAIL_PAGE_MODEL.

A Wagtail page is a view as well as a model: what a page shows comes from domain functions
(``kits.hub``), as a view's does. The Sharing tab's form is given to the mixin when the app
starts (``kits.panels.add_sharing_tab``): models do not import admin forms.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string

from ..compat import page_base_model
from ..conf import advocacy_settings
from ..kits.hub import hub_context, hub_kits
from .kits import ShareKit

Page = page_base_model()


class ShareKitPageMixin:
    """Add to a page type to edit its share kit in a "Sharing" tab of the page editor.

    The tab edits the same ShareKit row as the page's "Share kit" action; the kit is saved
    with the page but is not revisioned with it (see ``kits.forms.ShareKitPageForm``). The
    form and the tab are set on this class when the app starts (``kits.panels``).
    """

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # Set by ShareKitPageForm.save: the kit needs the page's id, which a new page only
        # has now. Popped so that later saves (revisions, publishing) do not save it again.
        form = self.__dict__.pop("_advocacy_share_kit_form", None)
        if form is not None:
            form.save_share_kit(self)
        return result

    @property
    def share_kit(self) -> ShareKit | None:
        """This page's share kit, or None."""
        return ShareKit.objects.filter(page_id=self.pk).first()


class AbstractShareableArticlePage(ShareKitPageMixin, Page):
    """An article (intro, image, body) with its share kit in the Sharing tab."""

    intro = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["advocacy_base_template"] = advocacy_settings.BASE_TEMPLATE
        return context


class ShareableArticlePage(AbstractShareableArticlePage):
    """A ready-made shareable article."""

    template = "wagtail_advocacy/shareable_article_page.html"

    class Meta:
        verbose_name = _("shareable article")
        verbose_name_plural = _("shareable articles")


class AdvocacyHubPageMixin:
    """The ambassadors' feed: the kits the viewer may share now, featured first.

    Anonymous visitors are sent to log in; employees who are not ambassadors see an
    invitation to join the programme instead of the kits.
    """

    kits_per_page = 12

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(),
                getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", None) or settings.LOGIN_URL,
            )
        return super().serve(request, *args, **kwargs)

    def get_kits(self, request):
        """The kits the viewer may share now, newest-first after the featured ones."""
        return hub_kits(request.user)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["advocacy_base_template"] = advocacy_settings.BASE_TEMPLATE
        context.update(hub_context(request, self.get_kits(request), per_page=self.kits_per_page))
        return context


class AbstractAdvocacyHubPage(AdvocacyHubPageMixin, Page):
    """The hub's fields: an introduction above the kits."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True


class AdvocacyHubPage(AbstractAdvocacyHubPage):
    """A ready-made advocacy hub page."""

    template = "wagtail_advocacy/advocacy_hub_page.html"

    class Meta:
        verbose_name = _("advocacy hub")
        verbose_name_plural = _("advocacy hubs")
