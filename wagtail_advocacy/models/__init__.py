"""Models of wagtail-advocacy, split by concept: content, people, sharing, settings, pages."""

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
    "Share",
    "ShareKit",
    "ShareMessage",
    "SuggestedPostingTime",
    "TrackedLink",
]
