"""Request body parsers: bad JSON of any shape is a 400, never a 500."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser answers invalid JSON with a 400 already; JSON nested
    deeper than Python's recursion limit raises RecursionError instead."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("JSON parse error - nested too deeply.")) from exc
