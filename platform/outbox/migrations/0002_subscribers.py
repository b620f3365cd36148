from django.db import migrations, models

# Messages written before topics had subscribers go to the one that listened then.
SUBSCRIBER_OF_TOPIC = {
    "email.send": "outbox.smtp",
    "programmes.component_instance.created": "scheduling.series",
}


def name_subscribers(apps, schema_editor):
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    for topic, subscriber in SUBSCRIBER_OF_TOPIC.items():
        OutboxMessage.objects.filter(topic=topic).update(subscriber=subscriber)


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="subscriber",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(name_subscribers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outboxmessage",
            name="key",
            field=models.CharField(max_length=200),
        ),
        migrations.AddConstraint(
            model_name="outboxmessage",
            constraint=models.UniqueConstraint(
                fields=("key", "subscriber"), name="outbox_once_per_subscriber"
            ),
        ),
    ]
