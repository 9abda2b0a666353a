"""The review of held points: a confirmation screen per decision, which acts on POST only.

Reached from the "Points held for review" list's row buttons (``modeladmin``), open to users
who may review held points. Releasing writes the ledger entries (``points.release_held_points``,
each with its idempotency key); rejecting awards nothing and keeps the hold recorded.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .leaderboards import forget_boards
from .modeladmin import HeldPointsAdmin, can_review_held_points
from .models import HeldPoints
from .points import reject_held_points, release_held_points

LIST_URL_NAME = "wagtail_advocacy_game_heldpoints_modeladmin_index"


class HeldPointsDecisionView(WagtailAdminTemplateMixin, View):
    """A screen about one hold; GET shows it, POST (with its CSRF token) decides."""

    template_name = "wagtail_advocacy_game/held_points_decision.html"
    header_icon = "warning"
    submit_button_label = ""

    def dispatch(self, request, pk):
        if not can_review_held_points(request.user):
            return permission_denied(request)
        self.hold = get_object_or_404(
            HeldPoints.objects.select_related("ambassador__user", "link", "kit"), pk=pk
        )
        return super().dispatch(request, pk)

    def get(self, request, pk):
        admin = HeldPointsAdmin()
        context = self.get_context_data(
            form=forms.Form(),
            hold=self.hold,
            link=admin.link_of(self.hold),
            ambassador=admin.ambassador_of(self.hold),
            action_url=request.path,
            list_url_name=LIST_URL_NAME,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_label,
        )
        return self.render_to_response(context)

    def post(self, request, pk):
        if self.decide(request.user):
            messages.success(request, self.done_message)
        else:
            messages.warning(request, _("These points were already decided on."))
        return redirect(LIST_URL_NAME)


class ReleaseHeldPointsView(HeldPointsDecisionView):
    """Award the held points, at the values of the day they were held."""

    page_title = gettext_lazy("Release held points")
    submit_button_label = gettext_lazy("Release the points")
    done_message = gettext_lazy("The points are released: they are in the ledger.")

    def decide(self, user) -> bool:
        if self.hold.status != HeldPoints.Status.HELD:
            return False
        release_held_points(self.hold, user)
        forget_boards()
        return True


class RejectHeldPointsView(HeldPointsDecisionView):
    """Award nothing for the held points; the hold stays recorded."""

    page_title = gettext_lazy("Reject held points")
    submit_button_label = gettext_lazy("Reject the points")
    done_message = gettext_lazy("The points are rejected: nothing is awarded.")

    def decide(self, user) -> bool:
        return reject_held_points(self.hold, user)
