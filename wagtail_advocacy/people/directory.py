"""The ambassador directory: who is listed, searching them, a page of results, and the
profile a listed ambassador shows there.

Who is listed is one rule, ``AmbassadorQuerySet.listed``: active ambassadors who chose
"Listed" on their profile. The directory shows their name whatever their recognition choice,
which governs leaderboards, the spotlight and the newsletter, not the directory.
"""

from django import forms
from django.conf import global_settings
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Cast, Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from ..models.people import Ambassador, display_name_expression
from .profile import avatar_svg
from .programme import get_active_ambassador

#: The photo's rendition on a card of the directory and of the spotlight, and on a profile.
CARD_PHOTO_RENDITION = "fill-96x96"
PROFILE_PHOTO_RENDITION = "fill-160x160"

#: The longest search accepted, in characters.
MAX_QUERY_LENGTH = 100

_LANGUAGE_NAMES = dict(global_settings.LANGUAGES)


def language_name(code: str) -> str:
    """The name of a language code in the current language (the code itself if unknown)."""
    name = _LANGUAGE_NAMES.get(code)
    return gettext(name) if name else code


def with_photos(ambassadors, *renditions):
    """``ambassadors`` with their photo and its ``renditions`` loaded in two queries."""
    return ambassadors.prefetch_related(
        models.Prefetch(
            "photo", queryset=get_image_model().objects.prefetch_renditions(*renditions)
        )
    )


def directory_ambassadors():
    """The listed ambassadors (``AmbassadorQuerySet.listed``), by display name, with what a
    card shows loaded: user, team, photo and its renditions."""
    return with_photos(
        Ambassador.objects.listed()
        .select_related("user", "team")
        .annotate(directory_name=display_name_expression())
        .order_by(Lower("directory_name"), "pk"),
        CARD_PHOTO_RENDITION,
        PROFILE_PHOTO_RENDITION,
    )


def search_directory(ambassadors, *, query: str = "", team=None, language: str = ""):
    """``ambassadors`` narrowed down: every word of ``query`` in their name, job title,
    expertise or team; in ``team`` (a group) when given; speaking ``language`` (a code)."""
    for word in query.split():
        ambassadors = ambassadors.filter(
            models.Q(directory_name__icontains=word)
            | models.Q(job_title__icontains=word)
            | models.Q(expertise__icontains=word)
            | models.Q(team__name__icontains=word)
        )
    if team is not None:
        ambassadors = ambassadors.filter(team=team)
    if language:
        # The list as JSON text holds each code in quotes: a portable "contains" (SQLite has
        # no JSON containment), exact because no language code contains a quote.
        ambassadors = ambassadors.alias(
            languages_text=Cast("languages", models.TextField())
        ).filter(languages_text__contains=f'"{language}"')
    return ambassadors


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters, sent by GET. A value it cannot use (a team or a
    language not offered, an over-long search) is an error shown next to its field, and the
    directory is searched with the other values."""

    q = forms.CharField(
        label=_("Name, job or topic"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters: showing everyone.")
        },
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("Every team"),
        error_messages={"invalid_choice": _("Choose a team of the list: showing every team.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        error_messages={
            "invalid_choice": _("Choose a language of the list: showing every language.")
        },
    )

    def __init__(self, data, *, listed):
        super().__init__(data)
        # Only the teams and languages of listed ambassadors: no filter that finds nobody.
        self.fields["team"].queryset = Group.objects.filter(
            pk__in=listed.order_by().values("team_id")
        ).order_by("name")
        codes = set()
        for languages in listed.order_by().values_list("languages", flat=True):
            codes.update(code for code in languages or () if isinstance(code, str))
        self.fields["language"].choices = [("", _("Every language"))] + sorted(
            ((code, language_name(code)) for code in codes), key=lambda choice: choice[1]
        )

    def search(self) -> dict:
        """The values ``search_directory`` takes: the valid ones, the others left empty."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "team": data.get("team"),
            "language": data.get("language") or "",
        }


def directory_context(request, *, per_page: int, profile_url) -> dict:
    """What the directory shows the viewer: the search form, a page of the listed ambassadors
    it finds (each with its ``profile_url``, from the callable given) and whether the viewer
    is an ambassador, and listed. A constant number of queries whatever the number listed.
    """
    listed = directory_ambassadors()
    form = DirectoryFilterForm(request.GET, listed=listed)
    search = form.search()
    found = search_directory(listed, **search)
    results = Paginator(found, per_page).get_page(request.GET.get("page"))
    for ambassador in results:
        decorate(ambassador, profile_url=profile_url(ambassador))
    viewer = get_active_ambassador(request.user)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return {
        "form": form,
        "results": results,
        "searching": any(search.values()),
        "viewer": viewer,
        "page_query": query_string.urlencode(),
    }


def decorate(ambassador: Ambassador, *, profile_url: str | None = None) -> Ambassador:
    """Set what a card shows and the database does not hold: the initials avatar (without
    a photo), the expertise topics, the names of the languages and the profile's address."""
    if ambassador.photo is None:
        ambassador.avatar = avatar_svg(ambassador, size=96)
    ambassador.language_names = [language_name(code) for code in ambassador.languages or ()]
    ambassador.profile_url = profile_url
    return ambassador


def listed_ambassador(key: str) -> Ambassador | None:
    """The listed ambassador whose directory key is ``key``, else None (not listed, left,
    never joined, or no such key: the same answer, so a key says nothing of the unlisted)."""
    ambassador = directory_ambassadors().filter(directory_key=key).first()
    return decorate(ambassador) if ambassador is not None else None
