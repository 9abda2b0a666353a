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
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string

from ..charter.acceptance import charter_status
from ..compat import page_base_model
from ..conf import advocacy_settings
from ..kits.hub import hub_context, hub_kits
from ..people.directory import directory_context, listed_ambassador
from ..people.profile import public_profile_links
from ..views import safe_next_url
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


def _login_required(request):
    return redirect_to_login(
        request.get_full_path(),
        getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", None) or settings.LOGIN_URL,
    )


class AdvocacyHubPageMixin:
    """The ambassadors' feed: the kits the viewer may share now, featured first.

    Anonymous visitors are sent to log in; employees who are not ambassadors see an
    invitation to join the programme instead of the kits.
    """

    kits_per_page = 12

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _login_required(request)
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


class CharterPageMixin:
    """The social-media charter: the version in effect, the viewer's acceptance (or the
    button to accept), the versions to come and the previous ones.

    Publishing makes a version (``charter.versions``): the first publication, then each
    one marked "requires acceptance again". Anonymous visitors are sent to log in.
    """

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _login_required(request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["advocacy_base_template"] = advocacy_settings.BASE_TEMPLATE
        context["charter"] = charter_status(request.user, page=self)
        # Only a path of this site: the value lands in a link's href and a form.
        context["next"] = safe_next_url(request, "")
        return context


class AbstractCharterPage(CharterPageMixin, Page):
    """The charter's text, and what its next version records when it is published."""

    body = RichTextField(_("charter"))
    requires_acceptance_again = models.BooleanField(
        _("requires acceptance again"),
        default=False,
        help_text=_(
            "Tick it when this change must be accepted again: publishing makes a new version "
            "of the charter. Leave it for corrections (typos). Unticked after publishing."
        ),
    )
    binding = models.BooleanField(
        _("binding"),
        default=True,
        help_text=_(
            "Binding: ambassadors must accept the new version before they share again. "
            "Advisory: it is shown and can be accepted, but sharing is not paused."
        ),
    )
    takes_effect_on = models.DateField(
        _("takes effect on"),
        null=True,
        blank=True,
        help_text=_("Empty: at publication. Until then the previous version applies."),
    )
    consultation_date = models.DateField(
        _("works council consultation date"),
        null=True,
        blank=True,
        help_text=_("When the works council (CSE) was informed or consulted on this version."),
    )
    consultation_reference = models.CharField(
        _("works council consultation reference"),
        max_length=255,
        blank=True,
        help_text=_("For example the minutes' reference."),
    )
    change_summary = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_(
            "In a few plain sentences, for the ambassadors: shown with the version and sent "
            "in the email asking them to accept it. Emptied after publishing."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("requires_acceptance_again"),
                FieldPanel("change_summary"),
                FieldPanel("binding"),
                FieldPanel("takes_effect_on"),
                FieldPanel("consultation_date"),
                FieldPanel("consultation_reference"),
            ],
            heading=_("New version"),
        ),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.requires_acceptance_again and not self.change_summary.strip():
            raise ValidationError(
                {"change_summary": _("Say what changed: ambassadors are asked to accept it.")}
            )


class CharterPage(AbstractCharterPage):
    """A ready-made social-media charter page (one per site)."""

    template = "wagtail_advocacy/charter/charter_page.html"
    max_count = 1

    class Meta:
        verbose_name = _("social-media charter")
        verbose_name_plural = _("social-media charters")


class AmbassadorDirectoryPageMixin(RoutablePageMixin):
    """The ambassador directory: the listed ambassadors (``AmbassadorQuerySet.listed``),
    searched by name, job, topic, team and language, a page at a time, and each one's
    profile at a sub-address of the page (``<directory>/<key>/``).

    The key is the ambassador's random ``directory_key``, never their username or id:
    the address says nothing of their login, and an unlisted ambassador's key answers 404
    like a key that does not exist. Colleagues only: anonymous visitors are sent to log in.
    """

    ambassadors_per_page = 24
    profile_template = "wagtail_advocacy/directory/profile.html"

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _login_required(request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["advocacy_base_template"] = advocacy_settings.BASE_TEMPLATE
        return context

    def profile_url(self, ambassador, request=None) -> str:
        """The address of ``ambassador``'s profile in this directory."""
        return self._profile_url_maker(request)(ambassador)

    def _profile_url_maker(self, request):
        base = self.get_url(request) or ""
        if not base.endswith("/"):
            base += "/"
        return lambda ambassador: (
            base
            + self.reverse_subpage("ambassador_profile", kwargs={"key": ambassador.directory_key})
        )

    @path("", name="directory")
    def directory(self, request):
        """The directory: the search form and a page of the ambassadors it finds."""
        return self.render(
            request,
            context_overrides=directory_context(
                request,
                per_page=self.ambassadors_per_page,
                profile_url=self._profile_url_maker(request),
            ),
        )

    @re_path(r"^(?P<key>[A-Za-z0-9_-]{1,32})/$", name="ambassador_profile")
    def ambassador_profile(self, request, key):
        """One listed ambassador's profile, with what optional apps add to it (the game's
        badges); 404 for anyone not listed."""
        from wagtail_advocacy.views import optional_sections

        ambassador = listed_ambassador(key)
        if ambassador is None:
            raise Http404
        return self.render(
            request,
            template=self.profile_template,
            context_overrides={
                "ambassador": ambassador,
                "profile_links": public_profile_links(ambassador),
                "sections": optional_sections(
                    "advocacy_directory_profile_sections", request, ambassador
                ),
            },
        )


class AbstractAmbassadorDirectoryPage(AmbassadorDirectoryPageMixin, Page):
    """The directory's fields: an introduction above the search."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True


class AmbassadorDirectoryPage(AbstractAmbassadorDirectoryPage):
    """A ready-made ambassador directory page."""

    template = "wagtail_advocacy/directory/directory_page.html"

    class Meta:
        verbose_name = _("ambassador directory")
        verbose_name_plural = _("ambassador directories")
