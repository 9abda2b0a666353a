"""Domain functions about people: joining and leaving the programme."""

from django.utils import timezone

from .models import Ambassador


def get_ambassador(user) -> Ambassador | None:
    """The user's ambassador row if they ever joined, else None (no row is created)."""
    if not user.is_authenticated:
        return None
    return Ambassador.objects.filter(user=user).first()


def join_programme(user) -> Ambassador:
    """Make ``user`` an active ambassador. Only the user themself may call this (opt-in)."""
    ambassador, _created = Ambassador.objects.get_or_create(user=user)
    if not ambassador.is_active:
        ambassador.joined_at = timezone.now()
        ambassador.left_at = None
        if ambassador.team_id is None:
            ambassador.team = user.groups.order_by("name").first()
        ambassador.save(update_fields=["joined_at", "left_at", "team"])
    return ambassador


def leave_programme(user) -> None:
    """Stop being an ambassador. Past shares stay counted; no new ones can be made."""
    Ambassador.objects.filter(user=user, left_at__isnull=True).update(left_at=timezone.now())
