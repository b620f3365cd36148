"""Tokens issued before the checksum-only storage lose their clear copy: they
keep working (they are looked up by checksum) until they expire."""

from django.db import migrations


def blank_clear_tokens(apps, schema_editor):
    for model_name in ("AccessToken", "RefreshToken"):
        model = apps.get_model("oauth2_provider", model_name)
        model.objects.exclude(token="").exclude(token_checksum="").update(token="")


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("oauth2_provider", "0022_refreshtoken_token_family_index"),
    ]

    operations = [migrations.RunPython(blank_clear_tokens, migrations.RunPython.noop)]
