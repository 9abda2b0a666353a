"""Public URLs. Include them before Wagtail's own catch-all::

path("advocacy/", include("wagtail_advocacy.urls")),

Optional apps add their own public pages here, in the same namespace, through the
``advocacy_public_urls`` Wagtail hook: each function registered returns a list of URL
patterns (the game's rewards catalogue). The core never imports them.
"""

from django.urls import path
from wagtail import hooks

from .views import (
    charter,
    conversions,
    digest,
    impact,
    links,
    onboarding,
    profile,
    programme,
    share,
)

app_name = "wagtail_advocacy"

urlpatterns = [
    path("l/<str:token>/", links.follow_link, name="tracked_link"),
    path("conversions/", conversions.signed_conversion, name="signed_conversion"),
    path("conversions/pixel.gif", conversions.conversion_pixel, name="conversion_pixel"),
    path("programme/", programme.programme, name="programme"),
    path("programme/join/", programme.join, name="join"),
    path("programme/leave/", programme.leave, name="leave"),
    path("programme/digest/", programme.digest_frequency, name="digest_frequency"),
    path("onboarding/", onboarding.onboarding, name="onboarding"),
    path("onboarding/profile/", onboarding.onboarding_profile, name="onboarding_profile"),
    path("charter/", charter.charter, name="charter"),
    path("charter/accept/", charter.accept, name="charter_accept"),
    path("share/<int:kit_id>/", share.share, name="share"),
    path("share/<int:kit_id>/paste/<int:share_id>/", share.paste_step, name="share_paste"),
    path("share/<int:kit_id>/copy/", share.copy_link, name="share_copy_link"),
    path("share/<int:kit_id>/qr.svg", share.qr_code, name="share_qr"),
    path("share/<int:kit_id>/join/", share.gate, name="share_gate"),
    path("digest/unsubscribe/<str:token>/", digest.unsubscribe, name="digest_unsubscribe"),
    path("impact/", impact.my_impact, name="impact"),
    path("profile/", profile.profile, name="profile"),
    path("profile/leave/", profile.leave, name="profile_leave"),
    path("profile/my-data.json", profile.export_data, name="personal_data_export"),
    path("profile/what-we-track/", profile.what_we_track, name="what_we_track"),
]

urlpatterns += [
    pattern for urls_of in hooks.get_hooks("advocacy_public_urls") for pattern in urls_of()
]
