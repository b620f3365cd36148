"""Schemathesis hooks for the contract run (loaded with SCHEMATHESIS_HOOKS).

One check of our own: every request that names an object by its public id is
sent again with the id of a similar object of *another* tenant, and once more
with an id that exists nowhere, with the same credentials. The other tenant's
id must be answered exactly as the id of nothing (a 404, or the same refusal of
the form or of the caller whatever the id): never anything that depends on the
other tenant's object."""

import json
import os
import re
import uuid

import requests
import schemathesis

# {"people": "<uuid of a person of tenant B>", "org-units": ..., ...}
FOREIGN_IDS = json.loads(os.environ.get("CONTRACT_FOREIGN_IDS", "{}"))
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

    def sent_with(public_id: str) -> requests.Response:
        url = sent.url.replace(f"/{own}/", f"/{public_id}/", 1)
        return requests.request(
            sent.method, url, headers=dict(sent.headers), data=sent.body, timeout=30
        )

    replay = sent_with(foreign)
    if replay.status_code == 404:
        return True
    nowhere = sent_with(str(uuid.uuid4()))  # asked only when the answer is not 404
    if replay.status_code != nowhere.status_code:
        raise AssertionError(
            f"{sent.method} {case.path} with another tenant's id answered "
            f"{replay.status_code}, with an id of nothing {nowhere.status_code}"
        )
    return True
