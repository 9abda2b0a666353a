"""The spotlight: the ambassadors a spotlight block shows, chosen by an editor or the most
recent joiners, among those who chose to be named (``AmbassadorQuerySet.in_spotlight``)."""

from django.db.models.functions import Lower

from ..models.people import Ambassador, display_name_expression
from .directory import CARD_PHOTO_RENDITION, decorate, with_photos

#: The spotlight's sources: the ambassadors an editor chose, or the most recent joiners.
CHOSEN = "chosen"
RECENT = "recent"

#: The most ambassadors one spotlight shows.
MAX_SPOTLIGHT = 12


def spotlight_choices() -> list[tuple[str, str]]:
    """The ambassadors an editor may choose for a spotlight, by name: only the named ones,
    so the editor's list names nobody who did not choose it either."""
    return [
        (str(pk), name)
        for pk, name in Ambassador.objects.in_spotlight()
        .annotate(name=display_name_expression())
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name")
    ]


def spotlight_ambassadors(*, source: str, count: int = 4, chosen=()) -> list[Ambassador]:
    """The ambassadors a spotlight shows: the ``chosen`` ids in the editor's order, or the
    ``count`` most recent joiners; either way only named active ambassadors, so one who
    became anonymous, hidden or left since disappears. Two or three queries, whatever the
    number."""
    ambassadors = with_photos(
        Ambassador.objects.in_spotlight().select_related("user", "team"), CARD_PHOTO_RENDITION
    )
    if source == CHOSEN:
        ids = list(dict.fromkeys(int(pk) for pk in chosen if str(pk).isdigit()))[:MAX_SPOTLIGHT]
        found = {ambassador.pk: ambassador for ambassador in ambassadors.filter(pk__in=ids)}
        shown = [found[pk] for pk in ids if pk in found]
    else:
        count = min(max(int(count or 0), 1), MAX_SPOTLIGHT)
        shown = list(ambassadors.order_by("-joined_at", "-pk")[:count])
    return [decorate(ambassador) for ambassador in shown]
