"""What a network's link preview shows for a page: its share kit's preview, else the page's.

The networks read Open Graph and Twitter card meta tags from the page the link lands on, so
the kit's preview title, description and image apply when that is the page itself; a kit
whose public URL is another site's page is previewed from that site's own tags.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

from wagtail.images.models import SourceImageIOError

from ..models.kits import ShareKit

# 1.91:1, the size LinkedIn, Facebook and X recommend for a large link preview.
PREVIEW_IMAGE_RENDITION = "fill-1200x630"


@dataclass(frozen=True)
class SharePreview:
    """The values of a page's preview meta tags; empty strings are left out."""

    title: str
    description: str = ""
    url: str = ""
    image_url: str = ""
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image_url else "summary"


def share_preview_for(page, request=None) -> SharePreview:
    """The preview of ``page``: from its share kit unless withdrawn, field by field falling
    back to the page's SEO title (or title) and search description.

    At most three queries: the kit with its image, then the rendition and the site root
    paths unless Wagtail's caches already hold them.
    """
    kit = (
        ShareKit.objects.filter(page_id=page.pk, withdrawn_at__isnull=True)
        .select_related("image")
        .first()
    )
    url = page.get_full_url(request) or ""
    preview = {
        "title": (kit and kit.title) or getattr(page, "seo_title", "") or page.title,
        "description": (kit and kit.description) or getattr(page, "search_description", ""),
        "url": url,
    }
    rendition = None
    if kit is not None and kit.image is not None:
        try:
            rendition = kit.image.get_rendition(PREVIEW_IMAGE_RENDITION)
        except SourceImageIOError:
            rendition = None  # the original file is missing: no image rather than an error
    if rendition is not None:
        # Storage backends may give an absolute URL already; both calls keep it as is.
        absolute = request.build_absolute_uri if request else lambda path: urljoin(url, path)
        preview.update(
            image_url=absolute(rendition.url),
            image_width=rendition.width,
            image_height=rendition.height,
            image_alt=rendition.alt,
        )
    return SharePreview(**preview)
