"""Models of wagtail-advocacy, split by concept: content, people, sharing."""

from .content import Campaign, ShareKit, ShareMessage, SuggestedPostingTime
from .people import Ambassador
from .sharing import Share, TrackedLink

__all__ = [
    "Ambassador",
    "Campaign",
    "Share",
    "ShareKit",
    "ShareMessage",
    "SuggestedPostingTime",
    "TrackedLink",
]
