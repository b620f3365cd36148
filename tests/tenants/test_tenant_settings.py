"""The tenant's own settings: only its administrators change them (through the
service, with an audit event), each bad value is named by its field, and the
tenant's quiet hours hold the messages of people who have not chosen their own."""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from spiral.platform.audit.models import AuditEvent
from spiral.programs.sessions.reminders import _deliver_at
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_settings_update

SETTINGS = "/settings/"
GOOD = {"anonymity_threshold": "6", "reminder_hours_before": "48",
        "weekly_programme_hours_limit": "6.5", "quiet_from": "21:00",
        "quiet_until": "07:00"}  # fmt: skip


@pytest.mark.parametrize("role", ["staff", "manager", "senior", "coach"])
def test_only_administrators_may_open_or_post_the_settings(world, role, tenant_a):
    client = world.client(role)
    assert client.get(SETTINGS).status_code == 403
    assert client.post(SETTINGS, GOOD).status_code == 403
    tenant_a.refresh_from_db()
    assert tenant_a.reminder_hours_before == 24  # unchanged


def test_an_administrator_changes_the_settings_with_an_audit_event(world, tenant_a, in_tenant):
    client = world.client("hr")
    form = client.get(SETTINGS).content.decode()
    assert 'value="24"' in form and "Anonymitetsgräns" in form
    response = client.post(SETTINGS, GOOD)
    assert response.status_code == 302 and response["Location"] == SETTINGS
    tenant_a.refresh_from_db()
    assert tenant_a.reminder_hours_before == 48
    assert tenant_a.weekly_programme_hours_limit == Decimal("6.5")
    assert (tenant_a.quiet_from, tenant_a.quiet_until) == (time(21), time(7))
    assert tenant_a.anonymity_threshold == 6  # every aggregate reads it when it is made
    page = client.get(SETTINGS).content.decode()
    assert "Inställningarna är sparade." in page and 'value="48"' in page
    with in_tenant(tenant_a):
        event = AuditEvent.objects.get(action="tenant.settings_changed")
        assert event.object_id == str(tenant_a.public_id)
        assert event.actor_person_id == world.people["hr"].pk
        assert event.changes["reminder_hours_before"] == [24, 48]
        assert set(event.changes) == set(GOOD)


@pytest.mark.parametrize(
    "field, value, label",
    [
        ("anonymity_threshold", "2", "Anonymitetsgräns, antal personer"),
        ("anonymity_threshold", "51", "Anonymitetsgräns, antal personer"),
        ("reminder_hours_before", "0", "Påminnelser, timmar före en träff"),
        ("reminder_hours_before", "169", "Påminnelser, timmar före en träff"),
        ("reminder_hours_before", "tolv", "Påminnelser, timmar före en träff"),
        ("weekly_programme_hours_limit", "0.2", "Programtimmar per person och vecka"),
        ("weekly_programme_hours_limit", "41", "Programtimmar per person och vecka"),
        ("weekly_programme_hours_limit", "2.25", "Programtimmar per person och vecka"),
        ("quiet_until", "", "Tyst till"),
        ("quiet_from", "25:00", "Tyst från"),
    ],
)
def test_a_bad_value_is_named_by_its_field(world, tenant_a, field, value, label):
    response = world.client("hr").post(SETTINGS, {**GOOD, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(rf'href="#id_{field}">{label}:', page), page[page.find("error-summary") :][
        :600
    ]
    tenant_a.refresh_from_db()
    assert tenant_a.reminder_hours_before == 24


def test_the_service_refuses_what_it_does_not_own(tenant_a, in_tenant):
    with in_tenant(tenant_a), pytest.raises(ValidationError) as refused:
        tenant_settings_update(tenant=tenant_a, name="Another name")
    assert "name" in refused.value.message_dict


STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_the_tenants_quiet_hours_hold_messages_of_people_without_their_own(tenant_a, in_tenant):
    late = datetime(2027, 3, 3, 22, 30, tzinfo=STOCKHOLM)
    with in_tenant(tenant_a):
        assert _deliver_at(None, late) is None  # no quiet hours anywhere
        tenant_settings_update(tenant=tenant_a, quiet_from=time(21), quiet_until=time(7))
        connection.set_tenant(Tenant.objects.get(pk=tenant_a.pk))
        woken = _deliver_at(None, late)
        assert woken == late.replace(hour=7, minute=0) + timedelta(days=1)
        from spiral.programs.sessions.models import NotificationPreference

        own = NotificationPreference(quiet_from=time(23), quiet_until=time(6))
        assert _deliver_at(own, late) is None  # their own hours win
