"""Feedback rounds: the services, the selectors, the rules and the audit trail."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from spiral.platform.audit.models import AuditEvent
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.feedback import rules, selectors, services
from spiral.programs.feedback.models import FeedbackItem, FeedbackRound
from spiral.programs.org.actors import Actor
from spiral.programs.org.services import philosophy_version_add
from spiral.tenants.services import tenant_settings_update
from tests.feedback_world import feedback_world, give_all, open_round


@pytest.fixture
def fw(world, in_tenant):
    return feedback_world(world, in_tenant)


def actor(person) -> Actor:
    return Actor(person_id=person.pk)


def test_opening_fixes_people_goals_and_the_philosophy_in_force(world, in_tenant, fw):
    with in_tenant(world.tenant):
        round = open_round(fw)
        # A version in force later does not change the open round.
        philosophy_version_add(
            group=fw.group, principles=["Ny princip"], in_force_from=timezone.localdate()
        )
        round.refresh_from_db()
        assert round.status == FeedbackRound.Status.OPEN
        assert round.philosophy.principles[0] == "Vi litar på varandra"
        assert {p.pk for p in round.participants.all()} == {p.pk for p in fw.people}
        assert set(round.goals.all()) == set(fw.goals)
        due = OutboxMessage.objects.filter(topic=services.ROUND_DUE)
        assert {m.payload["stage"] for m in due} == {"reminder", "late"}


def test_an_item_refers_to_a_goal_or_principle_and_rates_1_to_5(world, in_tenant, fw):
    with in_tenant(world.tenant):
        round = open_round(fw)
        giver, receiver = fw.people[1], fw.people[2]
        for content, field in [
            ({"works": "Bra"}, "principles"),
            ({"principles": [7], "works": "Bra"}, "principles"),
            ({"principles": [0]}, "works"),
            ({"principles": [0], "works": "Bra", "ratings": {"0": 6}}, "ratings"),
            ({"principles": [0], "works": "Bra", "ratings": {"1": 3}}, "ratings"),
        ]:
            with pytest.raises(ValidationError) as error:
                services.feedback_give(round=round, giver=giver, receiver=receiver, **content)
            assert field in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.feedback_give(round=round, giver=giver, receiver=giver, principles=[0],
                                   works="x")  # fmt: skip
        assert "receiver" in error.value.message_dict
        item = services.feedback_give(
            round=round, giver=giver, receiver=receiver, principles=[0, 2],
            goals=[fw.goals[1]], works="Lyssnar", ratings={"2": 5},
        )  # fmt: skip
        assert item.principles == [0, 2] and item.ratings == {"2": 5}


def test_answers_change_until_the_round_closes_never_after(world, in_tenant, fw):
    with in_tenant(world.tenant):
        round = open_round(fw)
        item = services.feedback_give(
            round=round, giver=fw.people[1], receiver=fw.people[0], principles=[0], works="A"
        )
        item = services.feedback_edit(item=item, works="B")
        assert item.works == "B"
        services.round_close(round=round)
        with pytest.raises(ValidationError) as error:
            services.feedback_edit(item=item, works="C")
        assert "round" in error.value.message_dict
        with pytest.raises(ValidationError):
            services.feedback_give(
                round=round, giver=fw.people[2], receiver=fw.people[0], principles=[0], works="x"
            )
        assert FeedbackItem.objects.get(pk=item.pk).works == "B"


def test_completion_and_reciprocity(world, in_tenant, fw):
    a, b, c, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw)
        skip = {(a, b), (a, c), (c, a)}  # a-b one way, a-c none
        give_all(fw, round, skip=skip)
        completion = {row.person.pk: (row.given, row.complete) for row in
                      selectors.round_completion(round=round)}  # fmt: skip
        assert completion[a.pk] == (2, False) and completion[c.pk] == (3, False)
        assert completion[b.pk] == (4, True)
        reciprocity = selectors.round_reciprocity(round=round)
        assert (reciprocity.pairs, reciprocity.connected, reciprocity.mutual) == (10, 9, 8)
        assert reciprocity.share == 0.889
        # the same in figures, for many rounds at once
        (summary,) = selectors.round_summaries(rounds=[round]).values()
        assert summary.reciprocity == reciprocity
        assert (summary.given, summary.expected, summary.complete) == (17, 20, 3)


def test_reciprocity_is_shown_after_closing_through_the_anonymity_engine(world, in_tenant, fw):
    with in_tenant(world.tenant):
        round = open_round(fw)
        give_all(fw, round)
        assert selectors.round_reciprocity_shown(round=round).shown is False  # still open
        closed = services.round_close(round=round)
        shown = selectors.round_reciprocity_shown(round=closed)
        assert (shown.shown, shown.mutual, shown.share) == (True, 10, 1.0)
        # Five people took part: under a threshold of six the pairs would say
        # who gave to whom, so nothing but the number of pairs is shown.
        tenant_settings_update(tenant=world.tenant, anonymity_threshold=6)
        hidden = selectors.round_reciprocity_shown(round=closed)
        assert (hidden.shown, hidden.reason) == (False, "too_few")
        assert (hidden.connected, hidden.mutual, hidden.share) == (None, None, None)


def test_a_nudge_goes_to_late_givers_only_and_names_nobody(world, in_tenant, fw):
    a, b, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw)
        give_all(fw, round, skip={(b, a)})
        assert services.round_nudge(round=round) == 1
        emails = OutboxMessage.objects.filter(key__contains=":nudge:")
        assert [m.payload["to"] for m in emails] == [b.email]
        assert a.name not in emails[0].payload["body"]
        assert services.round_nudge(round=round) == 1
        assert OutboxMessage.objects.filter(key__contains=":nudge:").count() == 1  # once a day


def test_the_kinds_handler_reminds_those_not_finished(world, in_tenant, fw):
    a, b, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw)
        give_all(fw, round, skip={(b, a)})
        message = OutboxMessage.objects.filter(topic=services.ROUND_DUE).first()
        services.round_due(message)
        reminders = OutboxMessage.objects.filter(key__contains=f":{message.payload['stage']}:")
        assert [m.payload["to"] for m in reminders] == [b.email]


def test_closing_tells_each_receiver_and_themes_go_through_the_engine(world, in_tenant, fw):
    with in_tenant(world.tenant):
        round = open_round(fw, mode="confidential")
        assert selectors.round_themes(round=round) == []  # not before closing
        give_all(fw, round)
        round = services.round_close(round=round)
        assert OutboxMessage.objects.filter(key__contains=":summary:").count() == 5
        themes = {(t.kind, t.key): t for t in selectors.round_themes(round=round)}
        principle = themes[("principle", "0")]
        assert principle.shown and principle.givers == 5 and principle.references == 20
        assert principle.mean_rating == 4.0
        goal = themes[("goal", str(fw.goals[0].public_id))]
        assert goal.shown and goal.references == 20
        # Nobody referred to these: nothing to show, and nothing counted outside the engine.
        hidden = themes[("principle", "1")]
        assert not hidden.shown and hidden.givers is None and hidden.reason == "too_few"


def test_themes_of_too_few_givers_are_hidden(world, in_tenant, fw):
    e = fw.people[-1]
    with in_tenant(world.tenant):
        round = open_round(fw)
        give_all(fw, round, skip={(e, p) for p in fw.people})  # four givers, threshold 5
        round = services.round_close(round=round)
        theme = next(t for t in selectors.round_themes(round=round) if t.key == "0")
        assert not theme.shown and theme.references is None and theme.mean_rating is None


def test_a_receiver_reads_a_confidential_round_without_its_givers(world, in_tenant, fw):
    a, b, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw, mode="confidential")
        give_all(fw, round)
        assert selectors.item_list_received(actor=actor(a)) == []  # not while open
        services.round_close(round=round)
        rows = selectors.item_list_received(actor=actor(a))
        assert len(rows) == 4
        assert all(row["giver"] is None and row["giver_name"] == "" for row in rows)
        assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
        # The giver sees what they gave.
        given = selectors.item_list_given(actor=actor(b))
        assert {item.receiver_id for item in given} == {p.pk for p in fw.people} - {b.pk}


def test_one_giver_alone_is_withheld_in_a_confidential_round(world, in_tenant, fw):
    a, b, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw, mode="confidential")
        services.feedback_give(round=round, giver=b, receiver=a, principles=[0], works="x")
        services.round_close(round=round)
        assert selectors.item_list_received(actor=actor(a)) == []
        assert selectors.received_withheld(actor=actor(a), round=round)


def test_named_rounds_name_the_giver(world, in_tenant, fw):
    a, b, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw)
        services.feedback_give(round=round, giver=b, receiver=a, principles=[0], works="x")
        services.round_close(round=round)
        (row,) = selectors.item_list_received(actor=actor(a))
        assert row["giver"] == b.public_id


def test_the_audit_trail_names_the_round_never_the_receiver_or_the_text(world, in_tenant, fw):
    a, b, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw, mode="confidential")
        before = AuditEvent.objects.latest("id").id
        item = services.feedback_give(
            round=round, giver=b, receiver=a, principles=[0], works="Hemlig text"
        )
        services.feedback_edit(item=item, develop="Annan hemlig text")
        events = AuditEvent.objects.filter(action__startswith="feedback.")
        assert [e.action for e in events.order_by("id")] == ["feedback.given", "feedback.edited"]
        for event in AuditEvent.objects.filter(id__gt=before):
            text = f"{event.object_id} {event.changes}"
            assert str(a.public_id) not in text and str(item.public_id) not in text
            assert "Hemlig" not in text
        assert all(e.object_id == str(round.public_id) for e in events)


def test_rules(world, in_tenant, fw):
    a, b, *_ = fw.people
    with in_tenant(world.tenant):
        round = open_round(fw)
        assert rules.runs_round.test(actor(a), round)
        assert not rules.runs_round.test(actor(b), round)
        assert rules.gives_feedback.test(actor(b), round)
        assert not rules.gives_feedback.test(actor(world.people["staff"]), round)
        assert rules.sees_aggregates.test(Actor(is_tenant_admin=True), round)
        visible = selectors.round_list_visible
        assert round in visible(actor=actor(b))
        assert round not in visible(actor=actor(world.people["staff"]))
        assert round in visible(actor=Actor(is_tenant_admin=True))
        assert round not in visible(actor=Actor(client_id="x"))


def test_a_round_needs_a_future_deadline_and_two_people(world, in_tenant, fw):
    with in_tenant(world.tenant):
        with pytest.raises(ValidationError) as error:
            services.round_create(
                group=fw.group, title="x", deadline=timezone.now() - timedelta(days=1)
            )
        assert "deadline" in error.value.message_dict
        round = open_round(fw)
        with pytest.raises(ValidationError) as error:
            services.round_open(round=round)
        assert "status" in error.value.message_dict


def test_many_items_at_once_as_one_by_one_and_summaries_as_the_per_round_selectors(
    world, in_tenant, fw
):
    with in_tenant(world.tenant):
        round = open_round(fw)
        a, b, c = fw.people[:3]
        content = {"principles": [0], "goals": [fw.goals[0]], "works": "Bra", "ratings": {"0": 4}}
        given = services.feedback_give_many(
            round=round, items=[{"giver": a, "receiver": b, **content},
                                {"giver": b, "receiver": a, **content},
                                {"giver": a, "receiver": c, **content}],
        )  # fmt: skip
        assert [list(item.goals.all()) for item in given] == [[fw.goals[0]]] * 3
        for items, field in [
            ([{"giver": a, "receiver": b, **content}], "receiver"),  # given already
            ([{"giver": c, "receiver": c, **content}], "receiver"),
            ([{"giver": c, "receiver": a, "works": "Bra"}], "principles"),
        ]:
            with pytest.raises(ValidationError) as error:
                services.feedback_give_many(round=round, items=items)
            assert field in error.value.message_dict
        assert AuditEvent.objects.filter(action="feedback.given").count() == 3
        (summary,) = selectors.round_summaries(rounds=[round]).values()
        completion = selectors.round_completion(round=round)
        assert summary.reciprocity == selectors.round_reciprocity(round=round)
        assert (summary.participants, summary.given, summary.expected) == (5, 3, 20)
        assert summary.complete == sum(row.complete for row in completion) == 0


def test_a_programmes_feedback_loop_gives_each_management_group_a_draft_round(world, in_tenant):
    from spiral.platform.outbox.relay import outbox_relay
    from spiral.programs.feedback.components import FIRST_ROUND, deadline_on, round_for_component
    from spiral.programs.programmes.enrolment import INSTANCE_TOPIC
    from tests.world import running_programme

    programme = running_programme(world)
    with in_tenant(world.tenant):
        outbox_relay(limit=5000)
        (round,) = FeedbackRound.objects.select_related("component_instance__component")
        instance = round.component_instance
        assert instance.component.programme_id == programme.pk
        assert instance.component.kind == "feedback_loop"
        assert round.group == instance.management_group
        assert round.group.chair == world.people["senior"]
        assert (
            round.status == FeedbackRound.Status.DRAFT
            and round.title == instance.component.title_sv
        )
        first_day = max(programme.starts_on, timezone.localdate())
        assert round.deadline == deadline_on(first_day + FIRST_ROUND)
        # a repeat delivery makes no second round; nor do other components
        for message in OutboxMessage.objects.filter(topic=INSTANCE_TOPIC):
            round_for_component(message)
        assert FeedbackRound.objects.count() == 1
        # the chair opens it, moving the deadline
        later = deadline_on(first_day + FIRST_ROUND + timedelta(weeks=1))
        round = services.round_open(round=round, deadline=later)
        round.refresh_from_db()
        assert round.status == FeedbackRound.Status.OPEN and round.deadline == later
        opened = AuditEvent.objects.get(action="feedback_round.opened")
        assert "deadline" in opened.changes


def test_a_second_save_edits_the_first_saves_item(world, in_tenant, fw):
    """Saving as one types: the second save edits what the first gave."""
    giver, receiver = fw.people[1], fw.people[0]
    with in_tenant(world.tenant):
        round = open_round(fw)
        first = services.feedback_save(
            round=round, giver=giver, receiver=receiver, principles=[0], works="A"
        )
        second = services.feedback_save(
            round=round, giver=giver, receiver=receiver, principles=[0, 1], works="AB"
        )
        assert first.pk == second.pk
        item = FeedbackItem.objects.get(round=round)
        assert (item.works, item.principles) == ("AB", [0, 1])


def test_a_save_racing_another_looks_for_the_item_after_locking_the_round(
    world, in_tenant, fw, monkeypatch
):
    """Two saves at once: the other one gives the item while this one waits
    for the round's lock; this one then finds it and edits it, rather than
    failing as given already (finding C)."""
    giver, receiver = fw.people[1], fw.people[0]
    lock = services._open_round
    other = []

    def lock_after_the_other_save(round):
        if not other:  # the other save commits while this one waits for the lock
            other.append(
                FeedbackItem.objects.create(
                    round=round, giver=giver, receiver=receiver, principles=[0], works="A"
                )
            )
        return lock(round)

    with in_tenant(world.tenant):
        round = open_round(fw)
        monkeypatch.setattr(services, "_open_round", lock_after_the_other_save)
        item = services.feedback_save(
            round=round, giver=giver, receiver=receiver, principles=[1], works="B"
        )
        assert item.pk == other[0].pk
        assert FeedbackItem.objects.get(round=round).works == "B"


def test_the_chair_sees_only_who_finished_in_a_confidential_round(world, in_tenant, fw):
    a, b, *_ = fw.people
    with in_tenant(world.tenant):
        named, confidential = open_round(fw), open_round(fw, mode="confidential")
        for round in (named, confidential):
            give_all(fw, round, skip={(a, b)})
        rows = {row.person.pk: row for row in selectors.round_completion_shown(round=named)}
        assert (rows[a.pk].given, rows[a.pk].expected, rows[a.pk].complete) == (3, 4, False)
        rows = {row.person.pk: row for row in
                selectors.round_completion_shown(round=confidential)}  # fmt: skip
        assert (rows[a.pk].given, rows[a.pk].expected, rows[a.pk].complete) == (None, None, False)
        assert rows[b.pk].complete and rows[b.pk].given is None
    page = fw.client(a).get(f"/feedback/{confidential.public_id}/").content.decode()
    assert "3 / 4" not in page and "4 / 4" not in page
    assert "3 / 4" in fw.client(a).get(f"/feedback/{named.public_id}/").content.decode()


def _form_data(round, person, **fields) -> dict:
    prefix = f"p{person.public_id.hex[:8]}"
    return {f"{prefix}-{key}": value for key, value in fields.items()}


def test_saving_as_one_types_answers_with_the_status_line_only(world, in_tenant, fw):
    giver, receiver = fw.people[1], fw.people[0]
    with in_tenant(world.tenant):
        round = open_round(fw)
    url = f"/feedback/{round.public_id}/to/{receiver.public_id}/"
    client = fw.client(giver)
    half = client.post(url, _form_data(round, receiver, principles="0"), HTTP_HX_REQUEST="true")
    assert half.status_code == 200
    text = half.content.decode()
    assert text.startswith("Inte sparat än: ") and "<form" not in text and "<input" not in text
    full = client.post(
        url, _form_data(round, receiver, principles="0", works="Du lyssnar"),
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert full.content.decode().strip() == "Sparat."
    with in_tenant(world.tenant):
        assert FeedbackItem.objects.get(round=round).works == "Du lyssnar"


def test_without_javascript_an_unsaved_form_shows_the_whole_page_with_its_errors(
    world, in_tenant, fw
):
    giver, receiver = fw.people[1], fw.people[0]
    with in_tenant(world.tenant):
        round = open_round(fw)
    url = f"/feedback/{round.public_id}/to/{receiver.public_id}/"
    response = fw.client(giver).post(url, _form_data(round, receiver, works="Bara text"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and "<h1>Vårens återkoppling</h1>" in page
    assert page.count('<form id="item-') == 4  # every colleague's form, this one bound
    assert "Bara text" in page and "Inte sparat än: se anvisningarna ovan." in page
    assert "Knyt återkopplingen till minst ett mål eller en princip." in page
    saved = fw.client(giver).post(url, _form_data(round, receiver, principles="0", works="Ok"))
    assert saved.status_code == 302
