"""The anonymity engine in a tenant: the threshold read at publication time,
its setter, the organisation tree and the ledger kept in the database."""

import pytest
from django.core.exceptions import ValidationError

from spiral.platform.audit.models import AuditEvent
from spiral.programs.anonymity.cells import Answer, Reason
from spiral.programs.anonymity.models import PublishedVersion
from spiral.programs.anonymity.selectors import anonymity_threshold, org_tree
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.org.services import unit_create
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_settings_update


def answers(unit, count, *, start=0, value=4):
    return [Answer(f"p{n}", unit, value=value) for n in range(start, start + count)]


@pytest.fixture
def units(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        top = unit_create(name="Vård och omsorg")
        yield top, unit_create(name="Hemtjänst Norr", parent=top)


def test_the_threshold_is_the_tenants_and_is_read_at_every_publication(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        assert anonymity_threshold() == 5
        # Straight in the row, as another process would: no cache stands between.
        Tenant.objects.filter(pk=tenant_a.pk).update(anonymity_threshold=8)
        assert anonymity_threshold() == 8


def test_raising_the_threshold_changes_the_next_publication(tenant_a, in_tenant, units):
    _top, norr = units
    with in_tenant(tenant_a):
        shown = publish_subject(subject="round:1:q1", answers=answers(norr.public_id, 6))
        assert shown.units[norr.public_id].count == 6
        tenant_settings_update(tenant=tenant_a, anonymity_threshold=7)
        again = publish_subject(subject="round:1:q1", answers=answers(norr.public_id, 6))
        assert again.threshold == 7
        assert again.units[norr.public_id].reason is Reason.TOO_FEW
        event = AuditEvent.objects.get(action="tenant.settings_changed")
        assert event.changes == {"anonymity_threshold": [5, 7]}


def test_the_threshold_cannot_be_set_below_the_minimum(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        with pytest.raises(ValidationError) as refused:
            tenant_settings_update(tenant=tenant_a, anonymity_threshold=2)
        assert "anonymity_threshold" in refused.value.message_dict
        assert anonymity_threshold() == 5


def test_the_tree_is_the_organisation_by_public_id(tenant_a, in_tenant, units):
    top, norr = units
    with in_tenant(tenant_a):
        assert org_tree() == {top.public_id: None, norr.public_id: top.public_id}


def test_a_late_answer_keeps_the_stored_figures_and_the_ledger_names_nobody(
    tenant_a, in_tenant, units
):
    _top, norr = units
    with in_tenant(tenant_a):
        first = publish_subject(subject="round:2:q1", answers=answers(norr.public_id, 6))
        late = [*answers(norr.public_id, 6), Answer("late", norr.public_id, value=1)]
        second = publish_subject(subject="round:2:q1", answers=late)
        assert second.units[norr.public_id].held
        assert second.units[norr.public_id].mean == first.units[norr.public_id].mean
        many = late + answers(norr.public_id, 4, start=10, value=1)
        third = publish_subject(subject="round:2:q1", answers=many)
        assert third.units[norr.public_id].count == 11
        stored = PublishedVersion.objects.filter(subject="round:2:q1")
        assert {v.size for v in stored} == {6, 11}
        assert not any(isinstance(m, str) for v in stored for m in v.members)


def test_many_subjects_at_once_decide_as_one_at_a_time_in_a_fixed_number_of_queries(
    tenant_a, in_tenant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spiral.programs.anonymity.services import publish_subjects

    with in_tenant(tenant_a):
        # Given subjects shown before with six answers, and one never shown
        for n in range(3):
            publish_subject(subject=f"pulse:{n}", answers=answers(None, 6), tree={})
        # When late answers come: one more in pulse:0 (a difference of one),
        # the same in pulse:1, five fresh ones in pulse:2 and too few in pulse:3
        requests = {
            "pulse:0": answers(None, 7),
            "pulse:1": answers(None, 6),
            "pulse:2": answers(None, 11),
            "pulse:3": answers(None, 4),
        }
        with CaptureQueriesContext(connection) as queries:
            together = publish_subjects(requests, tree={})
        # Then the decisions are those of one call per subject (made afterwards,
        # with the versions the batch recorded)
        for subject, given in requests.items():
            alone = publish_subject(subject=subject, answers=given, tree={})
            assert together[subject].everyone == alone.everyone, subject
        assert together["pulse:0"].everyone.held  # one more than shown: held back
        assert together["pulse:2"].everyone.count == 11
        assert not together["pulse:3"].everyone.published
        # in a handful of queries, whatever the number of subjects
        assert len(queries) <= 8
        assert PublishedVersion.objects.filter(subject="pulse:2").count() == 2
