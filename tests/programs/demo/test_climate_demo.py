"""The climate pulse's part of the demo tenant: pulses in every work group of
the programme, some answered above the threshold and some below, written
through the services; the engine shows the former and not the latter.

The demo tenant is made once for the package (``demo`` in its conftest)."""

from spiral.platform.audit.models import AuditEvent
from spiral.programs.climate.models import ClimateAnswer, ClimateImprovement, ClimatePulse
from spiral.programs.climate.selectors import climate_results
from spiral.programs.org.actors import Actor


def test_pulses_above_and_below_the_threshold(in_demo):
    pulses = list(ClimatePulse.objects.select_related("work_group").order_by("pk"))
    assert pulses and ClimatePulse.objects.filter(status="closed").exists()
    hr = Actor(is_tenant_admin=True)
    shown = [climate_results(actor=hr, pulse=pulse) for pulse in pulses]
    assert any(r.published for r in shown) and any(not r.published for r in shown)
    for result in shown:
        if result.published:
            assert result.count >= result.threshold
    assert ClimateAnswer.objects.exists()
    # Through the services: audited, and choices made only where results were shown.
    assert AuditEvent.objects.filter(action="climate_pulse.answered").count() == (
        ClimateAnswer.objects.count()
    )
    assert ClimateImprovement.objects.exists()
    for improvement in ClimateImprovement.objects.select_related("pulse"):
        assert climate_results(actor=hr, pulse=improvement.pulse).published
