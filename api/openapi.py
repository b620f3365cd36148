"""What the OpenAPI document says beyond what drf-spectacular infers.

Every operation can answer with a problem (RFC 9457): the document lists those
answers, so that a client, and the contract fuzzer in tests/contract, knows
every status code the API returns."""

PROBLEM = {
    "type": "object",
    "description": "An error, as application/problem+json (RFC 9457).",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "One entry per invalid field.",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
        "reasons": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["title", "status"],
}

ERRORS = {
    "400": "Invalid input: each invalid field is listed under `errors`.",
    "401": "Not signed in, or no valid access token.",
    "403": "Not allowed for this caller (a role, or a scope the integration lacks).",
    "404": "Not found, or not visible to this caller.",
    "405": "The method is not allowed here.",
    "406": "None of the accepted media types can be given.",
    "409": "In conflict with the object's state (the reasons say why).",
    "415": "The body's media type is not accepted.",
    "422": "The Idempotency-Key was used with another request.",
    "429": "Too many requests: wait as Retry-After says.",
}


def problem_responses(result, generator, request, public):
    """A drf-spectacular postprocessing hook: adds the problem answers to every
    operation that does not describe them itself."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for item in result.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {"description": description, "content": problem})
    return result
