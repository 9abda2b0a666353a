"""Charter versions: which publications of the charter page make one, and which is in effect.

Publishing the charter page for the first time makes version 1; later publications make a
new version only when the editor ticked "requires acceptance again" (a typo fix does not).
``charter.publishing`` calls ``record_published_version`` on Wagtail's ``page_published``.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models.charter import CharterVersion


def text_sha256(text: str) -> str:
    """The SHA-256 (hex) of a charter text, as acceptances record it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def takes_effect_at(day: date | None, published_at: datetime) -> datetime:
    """When a version published at ``published_at`` takes effect: the start of ``day`` in the
    site's time zone, never before its publication (no day: at once)."""
    if day is None:
        return published_at
    return max(timezone.make_aware(datetime.combine(day, time.min)), published_at)


def record_published_version(page, revision=None, *, now=None) -> CharterVersion | None:
    """Make the charter version a publication of ``page`` (a ``CharterPageMixin`` page) calls
    for, or None; idempotent per revision (the same revision never makes two versions).

    The first publication of the page makes a version; a later one only when the page says
    ``requires_acceptance_again``. The flag and the change summary are then reset, on the
    page and in the published revision, so the next edit starts unticked.
    """
    if revision is not None:
        existing = CharterVersion.objects.filter(revision=revision).first()
        if existing is not None:
            return existing
    is_first = not CharterVersion.objects.filter(page_id=page.pk).exists()
    if not (is_first or page.requires_acceptance_again):
        return None
    now = now or timezone.now()
    text = page.body or ""
    with transaction.atomic():
        number = (CharterVersion.objects.aggregate(last=Max("number"))["last"] or 0) + 1
        version = CharterVersion.objects.create(
            number=number,
            page_id=page.pk,
            revision=revision,
            binding=page.binding,
            consultation_date=page.consultation_date,
            consultation_reference=page.consultation_reference,
            takes_effect_at=takes_effect_at(page.takes_effect_on, now),
            title=page.title,
            text=text,
            text_sha256=text_sha256(text),
            change_summary=page.change_summary,
        )
        _reset_version_fields(page, revision)
    return version


def _reset_version_fields(page, revision) -> None:
    reset = {"requires_acceptance_again": False, "change_summary": ""}
    type(page).objects.filter(pk=page.pk).update(**reset)
    for name, value in reset.items():
        setattr(page, name, value)
    if revision is not None:
        # The editor opens the latest revision: without this, the next typo fix would be
        # published ticked, and make a version.
        revision.content.update(reset)
        type(revision).objects.filter(pk=revision.pk).update(content=revision.content)


def version_in_effect(at: datetime | None = None) -> CharterVersion | None:
    """The charter version in effect at ``at`` (now): the newest that has taken effect."""
    at = at or timezone.now()
    return CharterVersion.objects.filter(takes_effect_at__lte=at).order_by("-number").first()


@dataclass(frozen=True)
class CharterHistory:
    """Every version, sorted: the one in effect, those before it, those to come."""

    in_effect: CharterVersion | None
    previous: list[CharterVersion] = field(default_factory=list)
    upcoming: list[CharterVersion] = field(default_factory=list)

    @property
    def in_effect_is_newest(self) -> bool:
        """Whether no version was published after the one in effect."""
        return self.in_effect is not None and not self.upcoming


def charter_history(at: datetime | None = None) -> CharterHistory:
    """The charter's versions at ``at`` (now), in one query.

    A version published to take effect later, then overtaken by a newer one in effect,
    never takes effect: it is neither upcoming nor previous.
    """
    at = at or timezone.now()
    versions = list(CharterVersion.objects.order_by("-number"))
    in_effect = next((v for v in versions if v.takes_effect_at <= at), None)
    current = in_effect.number if in_effect else 0
    return CharterHistory(
        in_effect=in_effect,
        previous=[v for v in versions if v.number < current and v.takes_effect_at <= at],
        upcoming=sorted((v for v in versions if v.number > current), key=lambda v: v.number),
    )


def text_shown(version: CharterVersion, *, is_newest: bool, page=None) -> str:
    """The text ambassadors read, and accept, for ``version``.

    While it is the newest version, the published charter page's body: a correction
    published without "requires acceptance again" shows at once. Once a newer version is
    published (even one that takes effect later), the version's frozen text.
    """
    if is_newest and page is not None and page.pk == version.page_id and page.live:
        return page.body or ""
    return version.text
