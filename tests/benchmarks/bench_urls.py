"""The tenant URLs plus one trivial JSON view, for the routing benchmark."""

from django.db import connection
from django.http import JsonResponse
from django.urls import include, path


def ping(request):
    return JsonResponse({"schema": connection.schema_name})


urlpatterns = [
    path("bench/ping", ping),
    path("", include("spiral.platform.urls_tenant")),
]
