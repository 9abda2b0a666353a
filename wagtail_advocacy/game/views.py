"""The game's public pages: the rewards catalogue, redeeming (with a confirmation step) and
"my requests". Reached under the core's URLs through the ``advocacy_public_urls`` hook; each
answers 404 while rewards are off or to someone left out of the game."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.images import get_image_model

from wagtail_advocacy.people.programme import get_active_ambassador
from wagtail_advocacy.views import render_advocacy

from .models import Charity, Redemption
from .rewards import (
    MAX_DONATION_POINTS,
    InvalidRequestKey,
    RedemptionRefused,
    donate,
    new_request_key,
    offered_rewards,
    redeem_reward,
    rewards_open_to,
    spendable_balance,
)
from .rules import game_settings

#: The size of a reward's picture in the catalogue (the template's ``{% image %}`` filter).
CATALOGUE_RENDITION = "fill-160x120"


class DonationForm(forms.Form):
    """How many points to give a charity."""

    points = forms.IntegerField(
        label=_("Points to give"),
        min_value=1,
        max_value=MAX_DONATION_POINTS,
        error_messages={
            "required": _("Say how many points to give."),
            "invalid": _("Give a whole number of points."),
            "min_value": _("Give at least 1 point."),
            "max_value": _("That is more points than anyone has."),
        },
    )


def _ambassador_in_rewards(request):
    """The request's ambassador, or 404 when rewards are not open to them."""
    ambassador = get_active_ambassador(request.user)
    if not rewards_open_to(ambassador):
        raise Http404
    return ambassador


def _render(request, template_name, context, status=None):
    """``render_advocacy`` with the currency every amount of the rewards is shown in."""
    context["currency"] = game_settings(request).currency
    return render_advocacy(request, template_name, context, status=status)


def _refusal_status(refusal: RedemptionRefused) -> int:
    """400 for a form that was not the ambassador's to submit, 409 for a refused request."""
    return 400 if isinstance(refusal, InvalidRequestKey) else 409


@login_required
def catalogue(request):
    """The ambassador's balance, the rewards offered to them and the charities, each with
    what their points would give."""
    ambassador = _ambassador_in_rewards(request)
    balance = spendable_balance(ambassador)
    charities = list(Charity.objects.all())
    for charity in charities:
        charity.donation = charity.donation_for(balance)
    return _render(
        request,
        "wagtail_advocacy_game/rewards/catalogue.html",
        {
            "balance": balance,
            "rewards": offered_rewards(ambassador).prefetch_related(
                Prefetch(
                    "image",
                    queryset=get_image_model().objects.prefetch_renditions(CATALOGUE_RENDITION),
                )
            ),
            "charities": charities,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def redeem(request, reward_id):
    """GET: what the reward costs and what is left after, with a button to confirm (and
    the form's one-time key). POST: spend the points; a refusal (ended, out of stock, too
    few points, a key not theirs) is said on the page. The same form posted twice lands on
    "My requests" twice, with one request."""
    ambassador = _ambassador_in_rewards(request)
    reward = offered_rewards(ambassador, in_stock=False).filter(pk=reward_id).first()
    balance = spendable_balance(ambassador)
    context = {"reward": reward, "balance": balance}
    template = "wagtail_advocacy_game/rewards/redeem.html"
    if request.method == "POST":
        try:
            redeem_reward(ambassador, reward_id, request.POST.get("request_key", ""))
        except RedemptionRefused as refusal:
            context["error"] = refusal.message
            return _render(request, template, context, status=_refusal_status(refusal))
        messages.success(request, _("Your request is in: we will tell you here how it goes."))
        return HttpResponseRedirect(reverse("wagtail_advocacy:game_my_requests"))
    if reward is None:
        context["error"] = _("This reward is not offered to you (any more).")
        return _render(request, template, context, status=404)
    context["left"] = balance - reward.points_price
    context["request_key"] = new_request_key(ambassador)
    return _render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def give(request, charity_id):
    """Give points to a charity: a form for the points, then a confirmation of the
    donation they make (with its one-time key, as ``redeem``'s), then the donation."""
    ambassador = _ambassador_in_rewards(request)
    charity = Charity.objects.filter(pk=charity_id).first()
    if charity is None:  # nothing to show a form for; ``donate`` refuses it too
        raise Http404
    balance = spendable_balance(ambassador)
    form = DonationForm(request.POST if request.method == "POST" else None)
    context = {"charity": charity, "balance": balance, "form": form}
    template = "wagtail_advocacy_game/rewards/give.html"
    if request.method == "GET":
        return _render(request, template, context)
    if not form.is_valid():
        return _render(request, template, context, status=400)
    points = form.cleaned_data["points"]
    donation = charity.donation_for(points)
    context.update(points=points, donation=donation, matching=charity.matching_for(donation))
    if request.POST.get("confirmed") != "1":
        context.update(confirming=True, request_key=new_request_key(ambassador))
        return _render(request, template, context)
    try:
        donate(ambassador, charity.pk, points, request.POST.get("request_key", ""))
    except RedemptionRefused as refusal:
        context["error"] = refusal.message
        return _render(request, template, context, status=_refusal_status(refusal))
    messages.success(request, _("Thank you: your donation is pledged."))
    return HttpResponseRedirect(reverse("wagtail_advocacy:game_my_requests"))


@login_required
def my_requests(request):
    """The ambassador's requests, newest first, with their status and any rejection's
    reason."""
    ambassador = _ambassador_in_rewards(request)
    requests = Redemption.objects.filter(ambassador=ambassador).select_related("reward", "charity")
    return _render(
        request,
        "wagtail_advocacy_game/rewards/my_requests.html",
        {"requests": requests, "balance": spendable_balance(ambassador)},
    )


def public_urls():
    """The game's public URL patterns, added to the core's (``advocacy_public_urls``)."""
    return [
        path("rewards/", catalogue, name="game_rewards"),
        path("rewards/<int:reward_id>/redeem/", redeem, name="game_redeem"),
        path("rewards/charities/<int:charity_id>/give/", give, name="game_give"),
        path("rewards/my-requests/", my_requests, name="game_my_requests"),
    ]
