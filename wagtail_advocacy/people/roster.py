"""The administrators' list of ambassadors: one row each, with their status, the charter
version they accepted, when they joined and when they were last active.

Names only where the ambassador chose to be named (``recognised_name``, None otherwise):
the list, its export and its sorting never carry anyone else's. Every figure of a row is an
annotation, so a page of rows, or a whole export, is one query however many there are.
"""

from datetime import datetime

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from ..charter.acceptance import charter_up_to_date_expression
from ..models.charter import CharterAcceptance
from ..models.people import Ambassador, recognised_name_expression
from ..models.sharing import Share


class AmbassadorStatus(models.TextChoices):
    """Where an ambassador stands: ``Ambassador.is_active`` and ``is_suspended`` in one word.

    Left wins over suspended: someone who left is not in the programme, though a
    suspension they had is kept for when they come back.
    """

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")


def status_expression():
    """``AmbassadorStatus`` of an ambassador row, in SQL (the rules of ``AmbassadorQuerySet``
    ``active`` and ``can_share``)."""
    return models.Case(
        models.When(
            Q(joined_at__isnull=True) | Q(left_at__isnull=False), then=models.Value("left")
        ),
        models.When(suspended_at__isnull=False, then=models.Value("suspended")),
        default=models.Value("active"),
        output_field=models.CharField(),
    )


def ambassador_roster(at: datetime | None = None):
    """Every ambassador row (active, suspended or left), with:

    - ``recognised_name``: their display name if they chose to be named, else None;
    - ``status``: an ``AmbassadorStatus`` value;
    - ``charter_version``: the number of the latest charter version they accepted, or None;
    - ``charter_up_to_date``: whether they accepted what sharing requires at ``at`` (now):
      ``charter.acceptance.version_to_accept`` in SQL;
    - ``last_share_at`` and ``last_activity``: their last share, and the later of it and
      their last visit to the hub (either when the other is missing).

    Their team comes along (``select_related``). Newest members first.
    """
    last_share = Share.objects.filter(ambassador=OuterRef("pk")).order_by("-created_at")
    latest_acceptance = CharterAcceptance.objects.filter(ambassador=OuterRef("pk")).order_by(
        "-version__number"
    )
    return (
        Ambassador.objects.select_related("team")
        .annotate(
            recognised_name=recognised_name_expression(),
            status=status_expression(),
            charter_version=Subquery(latest_acceptance.values("version__number")[:1]),
            charter_up_to_date=charter_up_to_date_expression(at),
            last_share_at=Subquery(last_share.values("created_at")[:1]),
        )
        .annotate(
            # Greatest is NULL on some databases when either is: each falls back on the other.
            last_activity=Greatest(
                Coalesce("last_share_at", "last_hub_visit_at"),
                Coalesce("last_hub_visit_at", "last_share_at"),
            )
        )
        .order_by("-joined_at", "-pk")
    )
