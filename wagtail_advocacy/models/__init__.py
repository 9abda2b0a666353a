"""Models of wagtail-advocacy, split by concept: content, people, sharing, tracking."""

from .content import Campaign, ShareKit, ShareMessage, SuggestedPostingTime
from .people import Ambassador
from .sharing import Share, TrackedLink
from .tracking import (
    Click,
    Conversion,
    ConversionType,
    DailyStat,
    MeasurementSettings,
    VisitorSalt,
)

__all__ = [
    "Ambassador",
    "Campaign",
    "Click",
    "Conversion",
    "ConversionType",
    "DailyStat",
    "MeasurementSettings",
    "Share",
    "ShareKit",
    "ShareMessage",
    "SuggestedPostingTime",
    "TrackedLink",
    "VisitorSalt",
]
