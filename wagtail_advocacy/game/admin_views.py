"""The game's admin screens for rewards: the fulfilment queue (approve, fulfil, reject with
a comment) and the payroll and finance exports. Each answers 404 while rewards are off."""

import csv

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_advocacy.sanitize import spreadsheet_cell

from .models import Redemption, RedemptionStatus
from .rewards import TRANSITIONS, RedemptionRefused, decide, donated_totals, money
from .rules import Feature, game_settings, is_switched_on

VIEW_REDEMPTIONS = "wagtail_advocacy_game.view_redemption"
DECIDE_REDEMPTIONS = "wagtail_advocacy_game.change_redemption"
QUEUE_PAGE_SIZE = 50


def rewards_switched_on(request) -> bool:
    """Whether rewards are on (the game's settings read once per request)."""
    return is_switched_on(game_settings(request), Feature.REWARDS)


def can_view_redemptions(user) -> bool:
    """Whether ``user`` may read the queue and its exports."""
    return user.has_perm(VIEW_REDEMPTIONS) or user.has_perm(DECIDE_REDEMPTIONS)


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *RedemptionStatus.choices],
    )


class DecisionForm(forms.Form):
    """What comes with a decision: the reason a rejection gives the ambassador (required for
    a rejection by ``rewards.decide``, which says so)."""

    comment = forms.CharField(
        label=_("Reason for the ambassador"),
        required=False,
        max_length=500,
        error_messages={"max_length": _("Keep the reason under 500 characters.")},
    )


class FulfilmentQueueView(WagtailAdminTemplateMixin, TemplateView):
    """Every request, newest first, filtered by status, a page at a time (three queries
    whatever the number), with the decisions the viewer may take."""

    template_name = "wagtail_advocacy_game/admin/fulfilment_queue.html"
    page_title = _("Reward requests")
    header_icon = "tick-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not rewards_switched_on(request):
            raise Http404
        if not can_view_redemptions(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Unfiltered, the queue shows what waits for a decision; "All" is a choice.
        chosen = self.request.GET if "status" in self.request.GET else None
        form = StatusFilterForm(chosen or {"status": RedemptionStatus.REQUESTED})
        status = form.cleaned_data["status"] if form.is_valid() else RedemptionStatus.REQUESTED
        requests = Redemption.objects.select_related(
            "ambassador__user", "reward", "charity", "decided_by"
        )
        if status:
            requests = requests.filter(status=status)
        page = Paginator(requests, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(
            filter_form=form,
            status=status,
            page_obj=page,
            can_decide=self.request.user.has_perm(DECIDE_REDEMPTIONS),
            invalid_filter=not form.is_valid(),
            currency=game_settings(self.request).currency,
        )
        return context


@require_POST
def decide_request(request, redemption_id, decision):
    """Approve, fulfil or reject (with a comment) one request; back to the queue."""
    if not rewards_switched_on(request):
        raise Http404
    if not request.user.has_perm(DECIDE_REDEMPTIONS):
        return permission_denied(request)
    if decision not in TRANSITIONS:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():  # a control character, or a reason too long: nothing changes
        messages.error(request, " ".join(form.errors["comment"]))
    else:
        try:
            decide(redemption_id, decision, request.user, form.cleaned_data["comment"])
        except RedemptionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The request is updated."))
    back = reverse("wagtail_advocacy_game_admin:fulfilment_queue")
    status = request.POST.get("status", "")
    if status in RedemptionStatus.values:
        back += f"?status={status}"
    return HttpResponseRedirect(back)


def _csv_response(filename, headings, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([spreadsheet_cell(str(heading)) for heading in headings])
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return response


def _export_allowed(request):
    if not rewards_switched_on(request):
        raise Http404
    return can_view_redemptions(request.user)


def _payroll_person(row) -> list[str]:
    """The username, first and last name cells of a payroll row; for the rewards of erased
    ambassadors (one row per reward, whoever they were), "Erased ambassador" and no name."""
    if row["ambassador_id"] is None:
        return ["", str(_("Erased ambassador")), ""]
    return [
        row["ambassador__user__username"],
        row["ambassador__user__first_name"],
        row["ambassador__user__last_name"],
    ]


def payroll_export(request):
    """Fulfilled rewards per employee and reward, with their value (taxable benefits) and
    its currency; those of erased ambassadors last, named by no one."""
    if not _export_allowed(request):
        return permission_denied(request)
    currency = game_settings(request).currency
    rows = (
        Redemption.objects.filter(status=RedemptionStatus.FULFILLED, reward__isnull=False)
        .values(
            "ambassador_id",
            "ambassador__user__username",
            "ambassador__user__first_name",
            "ambassador__user__last_name",
            "reward__title",
        )
        .annotate(count=Count("pk"), value=Sum("value"))
        .order_by(
            F("ambassador__user__username").asc(nulls_last=True), "ambassador_id", "reward__title"
        )
    )
    return _csv_response(
        "rewards-payroll.csv",
        [
            _("Username"),
            _("First name"),
            _("Last name"),
            _("Reward"),
            _("Count"),
            _("Value"),
            _("Currency"),
        ],
        (
            [
                *_payroll_person(row),
                row["reward__title"],
                row["count"],
                money(row["value"]),
                currency,
            ]
            for row in rows
        ),
    )


def finance_export(request):
    """Donations pledged (not rejected) per charity, with the company's matching, in the
    game's currency."""
    if not _export_allowed(request):
        return permission_denied(request)
    currency = game_settings(request).currency
    rows = donated_totals()
    return _csv_response(
        "donations-finance.csv",
        [
            _("Charity"),
            _("Donations"),
            _("Points"),
            _("Donated"),
            _("Company matching"),
            _("Total"),
            _("Currency"),
        ],
        (
            [
                row["charity__name"],
                row["donations"],
                row["points"],
                row["donated"],
                row["matched"],
                row["donated"] + row["matched"],
                currency,
            ]
            for row in rows
        ),
    )


urlpatterns = [
    path("requests/", FulfilmentQueueView.as_view(), name="fulfilment_queue"),
    path(
        "requests/<int:redemption_id>/<slug:decision>/",
        decide_request,
        name="decide_request",
    ),
    path("exports/payroll.csv", payroll_export, name="payroll_export"),
    path("exports/finance.csv", finance_export, name="finance_export"),
]
