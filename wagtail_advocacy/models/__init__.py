"""Models of wagtail-advocacy, one module per domain: kits, people, tracking, sharing,
stats, settings (every site setting) and page types."""

from .kits import Campaign, ShareKit, ShareMessage, SuggestedPostingTime
from .pages import (
    AbstractAdvocacyHubPage,
    AbstractShareableArticlePage,
    AdvocacyHubPage,
    AdvocacyHubPageMixin,
    ShareableArticlePage,
    ShareKitPageMixin,
)
from .people import Ambassador
from .settings import MeasurementSettings, SharingSettings
from .sharing import Share
from .stats import DailyStat, RolledUpDay
from .tracking import Click, Conversion, ConversionType, TrackedLink, VisitorSalt

__all__ = [
    "AbstractAdvocacyHubPage",
    "AbstractShareableArticlePage",
    "AdvocacyHubPage",
    "AdvocacyHubPageMixin",
    "ShareableArticlePage",
    "ShareKitPageMixin",
    "SharingSettings",
    "Ambassador",
    "Campaign",
    "Click",
    "Conversion",
    "ConversionType",
    "DailyStat",
    "MeasurementSettings",
    "RolledUpDay",
    "Share",
    "ShareKit",
    "ShareMessage",
    "SuggestedPostingTime",
    "TrackedLink",
    "VisitorSalt",
]
