"""Accepting the charter: who must accept which version before sharing, and the acceptance.

Only the person themself accepts, from their own session: ``accept_charter`` takes the
request, never a person, so no administrator, import, API or command can accept for
someone else. Binding versions block sharing until accepted; advisory ones do not.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Subquery
from django.utils import timezone

from ..models.charter import CharterAcceptance, CharterVersion
from ..models.people import Ambassador
from ..people.programme import get_active_ambassador
from .versions import CharterHistory, charter_history, text_sha256, text_shown


class AcceptanceRefused(Exception):
    """The charter cannot be accepted by this request; ``reason`` says why.

    ``not_post``: not a POST; ``not_ambassador``: not an active ambassador;
    ``not_in_effect``: the version is not (or no longer) the one in effect.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def version_to_accept(ambassador: Ambassador, at: datetime | None = None):
    """The binding version ``ambassador`` must accept before sharing at ``at`` (now), or None.

    That is the newest binding version in effect, unless they accepted it or a later
    version. A version that takes effect later, or an advisory one, blocks nothing. One
    query.
    """
    accepted = CharterAcceptance.objects.filter(
        ambassador=ambassador, version__number__gte=OuterRef("number")
    )
    required = (
        _binding_versions_in_effect(at)
        .annotate(accepted=Exists(accepted))
        .only("pk", "number", "binding", "takes_effect_at")
        .first()
    )
    return None if required is None or required.accepted else required


def has_accepted(ambassador: Ambassador, version: CharterVersion) -> bool:
    """Whether ``ambassador`` accepted ``version`` or a later one (advisory versions too).
    One query."""
    return CharterAcceptance.objects.filter(
        ambassador=ambassador, version__number__gte=version.number
    ).exists()


def charter_up_to_date_expression(at: datetime | None = None):
    """``version_to_accept(ambassador, at) is None`` as a boolean SQL expression on
    ``Ambassador``: no binding version in effect, or they accepted it or a later one."""
    required = _binding_versions_in_effect(at).values("number")[:1]
    accepted = CharterAcceptance.objects.filter(
        ambassador=OuterRef("pk"), version__number__gte=Subquery(required)
    )
    return ExpressionWrapper(~Exists(required) | Exists(accepted), output_field=BooleanField())


def _binding_versions_in_effect(at: datetime | None):
    # The newest first: the first is the one to accept.
    at = at or timezone.now()
    return CharterVersion.objects.filter(binding=True, takes_effect_at__lte=at).order_by("-number")


def accept_charter(request, version_id) -> CharterAcceptance:
    """Record that the person signed in on ``request`` accepts version ``version_id``.

    It must be a POST (the view adds CSRF) by an active ambassador, and the version the one
    in effect: a version that changed while they were reading is refused. Records the
    SHA-256 of the text they were shown; accepting twice keeps the first acceptance.
    """
    if request.method != "POST":
        raise AcceptanceRefused("not_post")
    ambassador = get_active_ambassador(request.user)
    if ambassador is None:
        raise AcceptanceRefused("not_ambassador")
    history = charter_history()
    version = history.in_effect
    if version is None or str(version.pk) != str(version_id):
        raise AcceptanceRefused("not_in_effect")
    text = text_shown(version, is_newest=history.in_effect_is_newest, page=_page_of(version, None))
    acceptance, _created = CharterAcceptance.objects.get_or_create(
        ambassador=ambassador,
        version=version,
        defaults={"accepted_at": timezone.now(), "text_sha256": text_sha256(text)},
    )
    return acceptance


def _page_of(version: CharterVersion, page):
    """The charter page of ``version``: ``page`` when it is that page, else loaded."""
    if page is not None and page.pk == version.page_id:
        return page
    return version.page.specific if version.page_id else None


@dataclass(frozen=True)
class CharterStatus:
    """What the charter page shows a viewer: the versions, the text of the one in effect,
    and the viewer's standing (``ambassador`` None for someone who is not one)."""

    history: CharterHistory
    text: str
    ambassador: Ambassador | None
    acceptance: CharterAcceptance | None
    must_accept: bool

    @property
    def version(self) -> CharterVersion | None:
        """The version in effect."""
        return self.history.in_effect


def charter_status(user, page=None, at: datetime | None = None) -> CharterStatus:
    """The charter as ``user`` sees it on ``page`` (the charter page being served, if any).

    Six queries at most (four on the charter page itself), whatever the number of versions
    and acceptances.
    """
    history = charter_history(at)
    version = history.in_effect
    text = ""
    if version is not None:
        text = text_shown(
            version, is_newest=history.in_effect_is_newest, page=_page_of(version, page)
        )
    ambassador = get_active_ambassador(user)
    acceptance = None
    must_accept = False
    if ambassador is not None and version is not None:
        acceptance = CharterAcceptance.objects.filter(
            ambassador=ambassador, version=version
        ).first()
        must_accept = version_to_accept(ambassador, at) is not None
    return CharterStatus(
        history=history,
        text=text,
        ambassador=ambassador,
        acceptance=acceptance,
        must_accept=must_accept,
    )
