"""The support assessment's part of the demo tenant: one closed round from
the programme's first quarter, answered by most of its managers, whose results
show units published and units held back by the anonymity engine.

The demo tenant is made once for the package (``demo`` in its conftest)."""

from datetime import timedelta

from django.utils import timezone

from spiral.platform.audit.models import AuditEvent
from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.org.actors import actor_for_user
from spiral.programs.org.models import Person
from spiral.programs.programmes.models import Programme
from spiral.programs.support.demo import NEEDS
from spiral.programs.support.models import SupportAnswer, SupportRound
from spiral.programs.support.selectors import support_results
from spiral.programs.support.services import ROUND_DAYS, respondents
from spiral.tenants.demo import DEMO_SEED, demo_plan


def test_one_closed_round_from_the_programmes_first_quarter(in_demo):
    (support_round,) = SupportRound.objects.all()
    programme = Programme.objects.get()
    assert support_round.status == SupportRound.Status.CLOSED
    assert timezone.localdate(support_round.opened_at) == programme.starts_on
    assert support_round.closes_on == programme.starts_on + timedelta(days=ROUND_DAYS)
    closed = timezone.localdate(support_round.closed_at)
    assert closed == support_round.closes_on + timedelta(days=1)
    asked = respondents(programme=programme).count()
    answers = SupportAnswer.objects.filter(round=support_round)
    assert 0.75 * asked < answers.count() < asked
    wrote = answers.exclude(need="")
    assert 0.25 * answers.count() < wrote.count() < 0.55 * answers.count()
    assert set(wrote.values_list("need", flat=True)) <= set(NEEDS)
    # Through the services, as the demo: audited, and no one was emailed.
    assert AuditEvent.objects.filter(action="support_answer.given").count() == answers.count()
    assert not OutboxMessage.objects.filter(topic=EMAIL, key__startswith="support:").exists()


def test_its_results_publish_some_units_and_hold_back_the_small_ones(in_demo):
    support_round = SupportRound.objects.get()
    hr = Person.objects.get(external_id=demo_plan(DEMO_SEED).logins["hr"])
    results = support_results(actor=actor_for_user(hr.user), support_round=support_round)
    assert results.available and results.threshold == 5
    assert results.whole.published and results.whole.count == SupportAnswer.objects.count()
    shown = [row for row in results.units if row.published]
    hidden = [row for row in results.units if not row.published]
    assert shown and hidden
    assert all(row.count >= 5 and all(row.means.values()) for row in shown)
    assert all(row.count is None and not row.needs and row.reason for row in hidden)
    # The free text is shown only in published cells, sorted, never with a name.
    texts = {text for row in [results.whole, *shown] for text in row.needs}
    assert texts and texts <= set(NEEDS)
    assert list(results.whole.needs) == sorted(results.whole.needs)
