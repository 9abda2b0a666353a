"""Models of wagtail-advocacy, split by concept: content, people, sharing, tracking,
settings and page types."""

from .content import Campaign, ShareKit, ShareMessage, SuggestedPostingTime
from .pages import (
    AbstractAdvocacyHubPage,
    AbstractShareableArticlePage,
    AdvocacyHubPage,
    AdvocacyHubPageMixin,
    ShareableArticlePage,
    ShareKitPageMixin,
)
from .people import Ambassador
from .settings import SharingSettings
from .sharing import Share, TrackedLink
from .tracking import (
    Click,
    Conversion,
    ConversionType,
    DailyStat,
    MeasurementSettings,
    RolledUpDay,
    VisitorSalt,
)

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
