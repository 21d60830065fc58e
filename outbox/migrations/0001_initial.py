"""The outbox becomes an app of its own. Its table stays portal_notification, rows and all: this
moves Django's idea of the model (its state) only, from portal (where 0003_outbox created it) to
here; portal's 0008_delete_notification removes it from portal's state, after this one.

The content type moves along, so the permissions on it (and the roles' grants of them, made as
portal.view_notification by portal's 0004_outbox_permissions) are outbox.view_notification now.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label=old_label, model="notification")
    if not old.exists():
        return  # nothing was ever made under the old label: post_migrate makes the new one
    # One made under the new label meanwhile (post_migrate of a partial migrate) has nothing
    # granted that matters; the old one carries the roles' grants.
    ContentType.objects.filter(app_label=new_label, model="notification").delete()
    old.update(app_label=new_label)


def move_content_type(apps, schema_editor):
    _move_content_type(apps, "portal", "outbox")


def move_content_type_back(apps, schema_editor):
    _move_content_type(apps, "outbox", "portal")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The last of portal's migrations that still has the model in its state.
        ('portal', '0007_counselling_settings_moved'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('recipient_email', models.EmailField(max_length=254, verbose_name='recipient')),
                ('language', models.CharField(choices=[('da', 'Danish'), ('en', 'English')], max_length=5, verbose_name='language')),
                ('template', models.CharField(help_text='Under templates/emails/.', max_length=100, verbose_name='template')),
                ('context', models.JSONField(blank=True, default=dict, verbose_name='content')),
                ('transactional', models.BooleanField(default=True, help_text="A receipt or account mail: always sent at once, whatever the recipient's preferences.", verbose_name='transactional')),
                ('dedupe_key', models.CharField(help_text='The same key is never queued twice.', max_length=200, unique=True, verbose_name='dedupe key')),
                ('regarding', models.CharField(blank=True, db_index=True, help_text='The record the email is about, as app.model:id.', max_length=100, verbose_name='regarding')),
                ('confidential', models.BooleanField(default=False, help_text='About something confidential: only its recipient and the administrators see it here.', verbose_name='confidential')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('held', 'Held for a digest'), ('sending', 'Sending'), ('sent', 'Sent'), ('digested', 'Sent in a digest'), ('skipped', 'Not sent: unsubscribed'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('queued_at', models.DateTimeField(default=django.utils.timezone.now, help_text='Retries stop 48 hours after this.', verbose_name='queued')),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='next attempt')),
                ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='claimed')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
                ('failure_reported_at', models.DateTimeField(blank=True, null=True, verbose_name='failure reported')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                ('municipality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='portal.municipality', verbose_name='municipality')),
                ('recipient_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'email',
                'verbose_name_plural': 'outbox',
                'db_table': 'portal_notification',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='portal_notif_status_next'), models.Index(fields=['recipient_user', 'status'], name='portal_notif_user_status')],
            },
        ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
