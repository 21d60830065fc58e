"""The outbox moved to its own app (outbox's 0001_initial): the model leaves portal's state only;
its table, portal_notification, stays as it is, rows and all."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0007_counselling_settings_moved'),
        ('outbox', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='Notification')],
        ),
    ]
