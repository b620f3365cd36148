"""`spiral dev` (make run): mail in development is never lost, and it says where
it goes; links carry the port the web server listens on."""

import pytest
from django.core.management import call_command

from spiral.platform.core.management.commands import dev
from spiral.platform.outbox import email
from spiral.platform.outbox.relay import outbox_relay
from spiral.platform.outbox.services import outbox_publish

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_mail_goes_to_files_under_the_checkout_unless_a_backend_is_set(settings, tmp_path):
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    environment = dev.child_environment({"PATH": "/bin"}, port=8000)
    assert environment["EMAIL_BACKEND"] == dev.FILE_BACKEND
    assert environment["EMAIL_FILE_PATH"] == str(tmp_path / "mail")
    assert environment["PATH"] == "/bin"
    where = dev.mail_destination(environment)
    assert f"{tmp_path / 'mail'}/" in where and (tmp_path / "mail").is_dir()

    chosen = dev.child_environment(
        {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": "mail.example.se", "EMAIL_PORT": "2525"}, port=8000
    )
    assert chosen["EMAIL_BACKEND"] == SMTP and "EMAIL_FILE_PATH" not in chosen
    assert dev.mail_destination(chosen) == "sent by SMTP to mail.example.se:2525"


def test_the_checkouts_mail_folder_is_the_default():
    from django.conf import settings

    assert str(settings.EMAIL_FILE_PATH).endswith("/.spiral/mail")


def test_links_carry_the_web_servers_port_unless_one_is_configured():
    assert dev.child_environment({}, port=8123)["SPIRAL_PUBLIC_PORT"] == "8123"
    assert dev.child_environment({"SPIRAL_PUBLIC_PORT": ""}, port=8123)["SPIRAL_PUBLIC_PORT"] == ""


def test_a_message_the_relay_delivers_in_development_is_a_file(
    settings, tmp_path, tenant_a, in_tenant
):
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = dev.FILE_BACKEND, str(tmp_path)
    with in_tenant(tenant_a):
        payload = {"subject": "Hej", "body": "Välkommen", "to": "a@example.se"}
        outbox_publish([(email.TOPIC, "dev-1", payload)])
        assert outbox_relay(subscribers=["outbox.smtp"]) == 1
    (written,) = tmp_path.iterdir()
    text = written.read_text()
    assert "To: a@example.se" in text and "Subject: Hej" in text


@pytest.mark.django_db
def test_dev_prints_where_mail_goes_and_runs_the_processes_with_it(
    settings, tmp_path, monkeypatch, capsys
):
    settings.DEBUG, settings.EMAIL_FILE_PATH = True, str(tmp_path / "mail")
    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    monkeypatch.delenv("SPIRAL_PUBLIC_PORT", raising=False)
    ran = {}
    monkeypatch.setattr(dev, "call_command", lambda *a, **kw: ran.setdefault("demo", (a, kw)))
    monkeypatch.setattr(
        dev.Command, "_supervise", lambda self, env, commands: ran.update(env=env, cmds=commands)
    )
    call_command("dev", port=8001)
    out = capsys.readouterr().out
    assert f"Mail: written to files in {tmp_path / 'mail'}/" in out
    assert ran["demo"] == (("demo",), {"migrate": True})
    assert ran["env"]["EMAIL_BACKEND"] == dev.FILE_BACKEND
    assert ran["env"]["SPIRAL_PUBLIC_PORT"] == "8001"
    assert set(ran["cmds"]) == {"web", "worker", "beat"}
    assert ran["cmds"]["web"][-1] == "0.0.0.0:8001"
