"""Models of wagtail-advocacy, one module per domain: kits, people, tracking, sharing,
stats, charter, settings (every site setting) and page types."""

from .charter import CharterAcceptance, CharterNotification, CharterVersion
from .kits import Campaign, ShareKit, ShareMessage, SuggestedPostingTime
from .pages import (
    AbstractAdvocacyHubPage,
    AbstractAmbassadorDirectoryPage,
    AbstractCharterPage,
    AbstractShareableArticlePage,
    AdvocacyHubPage,
    AdvocacyHubPageMixin,
    AmbassadorDirectoryPage,
    AmbassadorDirectoryPageMixin,
    CharterPage,
    CharterPageMixin,
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
    "AbstractAmbassadorDirectoryPage",
    "AbstractCharterPage",
    "AbstractShareableArticlePage",
    "AdvocacyHubPage",
    "AdvocacyHubPageMixin",
    "AmbassadorDirectoryPage",
    "AmbassadorDirectoryPageMixin",
    "ShareableArticlePage",
    "ShareKitPageMixin",
    "SharingSettings",
    "Ambassador",
    "Campaign",
    "CharterAcceptance",
    "CharterNotification",
    "CharterPage",
    "CharterPageMixin",
    "CharterVersion",
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
