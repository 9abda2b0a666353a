"""An ambassador's own profile and visibility choices, leaving with their data (download,
erasure), and the "what we track about you" page.

The profile page shows and edits only the signed-in ambassador's own row: there is no URL
with someone else's id. Saving goes through ``people.profile.save_profile``; leaving through
``people.programme.leave_programme`` and ``people.erasure.erase_my_data``; the download is
``people.export.export_personal_data``, serialised.
"""

import json

from django import forms
from django.conf import global_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.images.fields import WagtailImageField

from ..conf import advocacy_settings
from ..models.people import Ambassador, Recognition
from ..models.settings import MeasurementSettings, SharingSettings
from ..people.directory import language_name
from ..people.erasure import erase_my_data
from ..people.export import export_personal_data
from ..people.profile import (
    BIO_MAX_LENGTH,
    KEEP_TEAM,
    avatar_svg,
    save_profile,
    team_choices,
)
from ..people.programme import get_active_ambassador, get_ambassador, leave_programme
from ..permissions import VIEW_REPORTS
from ..sanitize import plain_text
from ..sharing.networks import NETWORKS
from ..stats.retention import retention_months
from ..validators import MAX_DECLARED_AUDIENCE, validate_declared_audience
from . import optional_sections, render_advocacy
from .admin.reports import REPORTS

#: The visibility choices in plain words: what each one means for the ambassador.
DIRECTORY_CHOICES = [
    (
        "listed",
        gettext_lazy("Listed"),
        gettext_lazy(
            "Colleagues find you in the ambassador directory, with what your profile shows."
        ),
    ),
    (
        "unlisted",
        gettext_lazy("Not listed"),
        gettext_lazy("You are not in the directory. Colleagues cannot look you up there."),
    ),
]
RECOGNITION_DESCRIPTIONS = {
    Recognition.NAMED: gettext_lazy(
        "Your name appears on leaderboards, in the spotlight, in the newsletter and in "
        "administrators' reports, and your badges on your directory profile."
    ),
    Recognition.ANONYMOUS: gettext_lazy(
        "You appear as “Anonymous ambassador”: your results count, your name is shown to "
        "nobody, administrators' reports included."
    ),
    Recognition.HIDDEN: gettext_lazy(
        "You do not appear on leaderboards, in the spotlight or in the newsletter at all; "
        "administrators' reports show you as “Anonymous ambassador”."
    ),
}
CREDIT_CHOICES = [
    (
        "yes",
        gettext_lazy("Yes, credit my clicks to me"),
        gettext_lazy(
            "The clicks on your links show beside your name where you are named, and in "
            "your own impact."
        ),
    ),
    (
        "no",
        gettext_lazy("No, count them for the team only"),
        gettext_lazy(
            "Your clicks still count in your team's and the organisation's totals, but no "
            "report or ranking shows them against you; “My impact” still shows them to you."
        ),
    ),
]

#: The profile addresses, in the order of the form.
PROFILE_ADDRESS_FIELDS = [
    "linkedin_profile",
    "x_profile",
    "xing_profile",
    "facebook_profile",
    "mastodon_account",
    "bluesky_handle",
]

AUDIENCE_ERRORS = {
    "invalid": gettext_lazy("Write the audience as a whole number, without spaces or letters."),
    "min_value": gettext_lazy("Write a number from 0: the people who follow you there."),
    "max_value": gettext_lazy("Write a number up to %(limit_value)s."),
}


def language_choices():
    """Every language Django knows, named in the reader's language, in alphabetical order."""
    named = [(code, language_name(code)) for code, _english in global_settings.LANGUAGES]
    return sorted(named, key=lambda choice: choice[1].casefold())


def _choice_field(label, choices, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=[(value, text) for value, text, _description in choices],
        widget=forms.RadioSelect,
        **kwargs,
    )


class ProfileForm(forms.ModelForm):
    """The ambassador's own profile. The display name is the only required field."""

    photo_upload = WagtailImageField(label=gettext_lazy("Photo"), required=False)
    remove_photo = forms.BooleanField(label=gettext_lazy("Remove my photo"), required=False)
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=gettext_lazy("No team"),
        help_text=gettext_lazy("The team your results are counted under."),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=language_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("Hold Ctrl (or ⌘) to choose several."),
    )
    networks_used = forms.MultipleChoiceField(
        label=gettext_lazy("Networks you use"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Their share buttons come first; the others wait behind “More networks”."
        ),
    )
    directory = _choice_field(gettext_lazy("The ambassador directory"), DIRECTORY_CHOICES)
    credit = _choice_field(gettext_lazy("Credit my clicks to me"), CREDIT_CHOICES)

    #: Whether the form asks each network's audience (and saves what it gets, blank or not).
    asks_audience = True

    class Meta:
        model = Ambassador
        fields = [
            "profile_name",
            "job_title",
            "bio",
            *PROFILE_ADDRESS_FIELDS,
            "expertise",
            "digest_frequency",
            "recognition",
        ]
        labels = {
            "profile_name": gettext_lazy("Display name"),
            "job_title": gettext_lazy("Job title"),
            "bio": gettext_lazy("A few words about you"),
            "linkedin_profile": gettext_lazy("LinkedIn profile address"),
            "x_profile": gettext_lazy("X profile address"),
            "xing_profile": gettext_lazy("Xing profile address"),
            "facebook_profile": gettext_lazy("Facebook profile address"),
            # The model's verbose names, which French writes in lower case, as labels.
            "mastodon_account": capfirst(gettext_lazy("Mastodon account")),
            "bluesky_handle": capfirst(gettext_lazy("Bluesky handle")),
            "expertise": gettext_lazy("Topics you know well"),
            "digest_frequency": gettext_lazy("Digest emails"),
            "recognition": gettext_lazy("Recognition: leaderboards, spotlight, newsletter"),
        }
        help_texts = {
            "profile_name": gettext_lazy("How colleagues see you."),
            "bio": gettext_lazy(
                "Leave a blank line between paragraphs. Links and emphasis (<em>, <strong>) "
                "are kept; any other formatting is removed."
            ),
            "linkedin_profile": "https://www.linkedin.com/in/…",
            "x_profile": "https://x.com/…",
            "xing_profile": "https://www.xing.com/profile/…",
            "facebook_profile": "https://www.facebook.com/…",
            "mastodon_account": gettext_lazy("@name@instance, or the address of your profile"),
            "bluesky_handle": gettext_lazy("name.bsky.social, or your own domain"),
            "expertise": gettext_lazy("Separated by commas, for example: cloud, data, hiring"),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "digest_frequency": forms.RadioSelect,
            "recognition": forms.RadioSelect,
        }
        error_messages = {
            "profile_name": {"required": gettext_lazy("Write the name colleagues see you by.")},
        }

    def __init__(self, *args, ambassador, offered_networks, teams=None, **kwargs):
        initial = {
            "profile_name": ambassador.display_name,
            "languages": ambassador.languages,
            "networks_used": ambassador.networks_used,
            "directory": "listed" if ambassador.directory_listed else "unlisted",
            "credit": "yes" if ambassador.credit_clicks else "no",
            "team": ambassador.team_id,
            **{
                f"audience_{key}": ambassador.declared_audience.get(key)
                for key in offered_networks
            },
        }
        super().__init__(*args, instance=ambassador, initial=initial, **kwargs)
        self.fields["profile_name"].required = True
        self.fields["networks_used"].choices = [
            (key, NETWORKS[key].label) for key in offered_networks
        ]
        self.audience_keys = list(offered_networks)
        for key in offered_networks:
            self.fields[f"audience_{key}"] = forms.IntegerField(
                label=NETWORKS[key].label,
                required=False,
                min_value=0,
                max_value=MAX_DECLARED_AUDIENCE,
                validators=[validate_declared_audience],
                error_messages=AUDIENCE_ERRORS,
            )
        self.teams = teams
        if teams is None:
            del self.fields["team"]
        else:
            self.fields["team"].queryset = teams

    def clean_profile_name(self):
        name = plain_text(self.cleaned_data["profile_name"])
        if not name:
            raise forms.ValidationError(_("Write the name colleagues see you by."))
        return name

    def clean_bio(self):
        bio = self.cleaned_data["bio"]
        if len(plain_text(bio)) > BIO_MAX_LENGTH:
            raise forms.ValidationError(
                _("Keep it to %(max)s characters: it has %(length)s.")
                % {"max": BIO_MAX_LENGTH, "length": len(plain_text(bio))}
            )
        return bio

    def clean_bluesky_handle(self):
        return self.cleaned_data["bluesky_handle"].strip().removeprefix("@").lower()

    def clean_expertise(self):
        topics = [topic.strip() for topic in self.cleaned_data["expertise"].split(",")]
        return ", ".join(plain_text(topic) for topic in topics if plain_text(topic))

    def audience_fields(self):
        """The bound audience fields, one per offered network."""
        return [self[f"audience_{key}"] for key in self.audience_keys]

    def profile_changes(self) -> dict:
        """What ``save_profile`` saves, from the cleaned data of the fields this form has."""
        data = self.cleaned_data
        changes = {name: data[name] for name in self._meta.fields}
        for name in ("languages", "networks_used"):
            if name in self.fields:
                changes[name] = data[name]
        if self.asks_audience:
            changes["declared_audience"] = {
                key: data[f"audience_{key}"] for key in self.audience_keys
            }
        if "directory" in self.fields:
            changes["directory_listed"] = data["directory"] == "listed"
        if "credit" in self.fields:
            changes["credit_clicks"] = data["credit"] == "yes"
        return changes


class OnboardingProfileForm(ProfileForm):
    """The onboarding path's profile step: the same form, shorter. The display name
    (required), job title, networks used and who sees them; the rest waits on the profile
    page, and saving here leaves it as it was."""

    #: The fields kept from ``ProfileForm``, in their order on the step.
    KEPT_FIELDS = ("profile_name", "job_title", "networks_used", "directory", "recognition")
    asks_audience = False

    class Meta(ProfileForm.Meta):
        fields = ["profile_name", "job_title", "recognition"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.KEPT_FIELDS:
                del self.fields[name]
        self.audience_keys = []


def _described(field, descriptions):
    """The radio options of ``field`` with the sentence saying what each one means."""
    return [
        {"widget": option, "description": descriptions.get(option.data["value"], "")}
        for option in field
    ]


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The signed-in ambassador's profile: GET shows it, POST saves it or shows every error
    next to its field with what was typed kept."""
    ambassador = get_active_ambassador(request.user)
    if ambassador is None:
        return render_advocacy(request, "wagtail_advocacy/profile/profile.html", {})
    form, sharing_settings, teams = profile_form(request, ambassador)
    if request.method == "POST" and form.is_valid():
        save_profile_form(form, ambassador, sharing_settings, teams)
        messages.success(request, _("Your profile is saved."))
        return redirect("wagtail_advocacy:profile")
    return render_advocacy(
        request, "wagtail_advocacy/profile/profile.html", profile_context(ambassador, form)
    )


def profile_form(request, ambassador, form_class=ProfileForm):
    """The profile form ``form_class`` of ``ambassador``, bound to a POST, with this site's
    networks and teams; and the teams (None when an administrator sets them)."""
    sharing_settings = SharingSettings.for_request(request)
    teams = team_choices(sharing_settings)
    form = form_class(
        request.POST or None,
        request.FILES or None,
        ambassador=ambassador,
        offered_networks=sharing_settings.offered_networks,
        teams=teams,
    )
    # A form without the team field leaves the team as it is.
    return form, sharing_settings, teams if "team" in form.fields else None


def save_profile_form(form, ambassador, sharing_settings, teams) -> None:
    """Save a valid profile form through ``people.profile.save_profile``."""
    save_profile(
        ambassador,
        form.profile_changes(),
        sharing_settings=sharing_settings,
        team=form.cleaned_data.get("team") if teams is not None else KEEP_TEAM,
        photo_file=form.cleaned_data.get("photo_upload"),
        remove_photo=form.cleaned_data.get("remove_photo", False),
    )


def profile_context(ambassador, form):
    """What the profile templates show around ``form`` (the onboarding step too)."""
    descriptions = {value: description for value, _label, description in DIRECTORY_CHOICES}
    credit = {value: description for value, _label, description in CREDIT_CHOICES}
    fields = form.fields
    return {
        "ambassador": ambassador,
        "form": form,
        "avatar": avatar_svg(ambassador, size=96),
        "directory_options": _described(form["directory"], descriptions),
        "recognition_options": _described(form["recognition"], RECOGNITION_DESCRIPTIONS),
        "credit_options": _described(form["credit"], credit) if "credit" in fields else [],
        "address_fields": [form[name] for name in PROFILE_ADDRESS_FIELDS if name in fields],
        "general_fields": [form[name] for name in ("profile_name", "job_title")],
    }


def tracking_facts(request) -> dict:
    """What the app stores about an ambassador and their visitors, read from the settings
    the code runs with, so the page cannot say something the code does not do."""
    reports = [str(report.page_title) for report in REPORTS]
    report_groups = list(
        Group.objects.filter(
            permissions__codename=VIEW_REPORTS.rsplit(".", 1)[1],
            permissions__content_type__app_label=VIEW_REPORTS.split(".", 1)[0],
        )
        .order_by("name")
        .values_list("name", flat=True)
    )
    return {
        "raw_event_retention_days": advocacy_settings.RAW_EVENT_RETENTION_DAYS,
        "statistics_retention_months": retention_months(MeasurementSettings.for_request(request)),
        "repeat_click_minutes": advocacy_settings.REPEAT_CLICK_WINDOW // 60,
        "attribution_days": advocacy_settings.ATTRIBUTION_DAYS,
        "pixel_conversions": advocacy_settings.PIXEL_CONVERSIONS,
        "reports": reports,
        "report_groups": report_groups,
    }


@login_required
@require_http_methods(["GET"])
def what_we_track(request):
    """ "What we track about you": the editors' introduction (Settings › Sharing) above the
    facts, which come from ``tracking_facts``, and what optional apps (the game) record."""
    ambassador = get_active_ambassador(request.user)
    return render_advocacy(
        request,
        "wagtail_advocacy/profile/what_we_track.html",
        {
            "intro": SharingSettings.for_request(request).tracking_page_intro,
            "facts": tracking_facts(request),
            "ambassador": ambassador,
            "sections": optional_sections("advocacy_tracking_sections", request, ambassador),
        },
    )


class LeaveForm(forms.Form):
    """Leaving, and whether to erase: erasure needs its box ticked, as it cannot be undone."""

    erase = forms.BooleanField(required=False)
    confirm_erase = forms.BooleanField(
        label=gettext_lazy("I understand that erasure cannot be undone."), required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("erase") and not cleaned.get("confirm_erase"):
            self.add_error(
                "confirm_erase",
                _("Tick the box to confirm the erasure, or leave and keep your figures."),
            )
        return cleaned


def _leavable_ambassador(user):
    """The user's ambassador row while there is something to leave or erase, else None."""
    ambassador = get_ambassador(user)
    return ambassador if ambassador is not None and ambassador.erased_at is None else None


@login_required
@require_http_methods(["GET", "POST"])
def leave(request):
    """Leaving the programme from the profile: GET says in plain words what leaving and
    erasure delete and keep, with the download of the ambassador's data; POST leaves, and
    erases when asked and confirmed. Someone who already left can still erase their data."""
    ambassador = _leavable_ambassador(request.user)
    if ambassador is None:
        return redirect("wagtail_advocacy:programme")
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        leave_programme(request.user)
        if form.cleaned_data["erase"]:
            erase_my_data(request.user)
            messages.success(
                request,
                _(
                    "You have left the ambassador programme and your data is erased. Your "
                    "shares still count in the organisation's totals, without your name."
                ),
            )
        else:
            messages.success(request, _("You have left the ambassador programme."))
        return redirect("wagtail_advocacy:programme")
    return render_advocacy(
        request,
        "wagtail_advocacy/profile/leave.html",
        {
            "ambassador": ambassador,
            "form": form,
            "statistics_retention_months": retention_months(
                MeasurementSettings.for_request(request)
            ),
        },
    )


@login_required
@require_http_methods(["GET"])
def export_data(request):
    """The signed-in ambassador's own data as a JSON download (a GET: it changes nothing)."""
    ambassador = _leavable_ambassador(request.user)
    if ambassador is None:
        return redirect("wagtail_advocacy:programme")
    response = HttpResponse(
        json.dumps(export_personal_data(ambassador), cls=DjangoJSONEncoder, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-ambassador-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response
