"""Schemathesis hooks for the contract run (loaded with SCHEMATHESIS_HOOKS).

One check of our own: every request that names an object by its public id is
sent again with the id of a similar object of *another* tenant, with the same
credentials. It must answer 404, or be refused exactly as the request was with the fuzzer's
id, for its form (a body of a media type not accepted is a 415 whatever the id)
or for who asks (401, 403): never anything that depends on the other tenant's
object."""

import json
import os
import re

import requests
import schemathesis

# {"people": "<uuid of a person of tenant B>", "org-units": ..., ...}
FOREIGN_IDS = json.loads(os.environ.get("CONTRACT_FOREIGN_IDS", "{}"))
FORM_REFUSALS = {400, 406, 415}
CALLER_REFUSALS = {401, 403}
DETAIL = re.compile(r"^/api/v1/(?P<resource>[a-z-]+)/\{public_id\}/")


@schemathesis.check
def other_tenants_ids_are_not_found(ctx, response, case):
    match = DETAIL.match(case.path)
    foreign = FOREIGN_IDS.get(match["resource"]) if match else None
    if foreign is None:
        return None
    sent = response.request
    if sent.method != case.operation.method.upper():
        return None  # a probe with another method (405 for all): nothing to replay
    own = str(case.path_parameters["public_id"])
    url = sent.url.replace(f"/{own}/", f"/{foreign}/", 1)
    replay = requests.request(
        sent.method, url, headers=dict(sent.headers), data=sent.body, timeout=30
    )
    # Refused for its form, or for who asks (a resource no scope reaches is a
    # 403 for an integration whatever the id): the same answer is no leak.
    refused_anyway = response.status_code in FORM_REFUSALS | CALLER_REFUSALS
    if replay.status_code != 404 and not (
        refused_anyway and replay.status_code == response.status_code
    ):
        raise AssertionError(
            f"{sent.method} {url} with another tenant's id answered {replay.status_code}"
        )
    return True
