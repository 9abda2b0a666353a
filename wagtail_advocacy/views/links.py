"""The public end of a tracked link: a redirect to the destination stored for its kit."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from ..links import destination_url
from ..models import TrackedLink


def follow_link(request, token):
    """Redirect to the kit's stored destination. Nothing from the request chooses the target."""
    link = get_object_or_404(
        TrackedLink.objects.select_related("kit__page"), token=token, revoked_at__isnull=True
    )
    target = destination_url(link.kit)
    if not target:
        raise Http404
    return HttpResponseRedirect(target)
