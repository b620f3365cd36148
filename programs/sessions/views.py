from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from spiral.programs.sessions.feeds import feed_calendar, feed_for_secret


@require_GET
def calendar_feed(request, secret: str):
    """A subscribed calendar; the secret in the address is the only key."""
    feed = feed_for_secret(secret)
    if feed is None:
        raise Http404
    response = HttpResponse(feed_calendar(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
