# Copied from wagtail.test.basepage (Wagtail 8), for the app label swappedpage.

import django.db.models.deletion
from django.db import migrations, models

from wagtail.models import BootstrapLocaleField, BootstrapTranslatableModel, BootstrapTranslationKeyField


class Migration(migrations.Migration):

    dependencies = [
        ("swappedpage", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        BootstrapLocaleField("swappedpage.BasePage"),
        BootstrapTranslationKeyField("swappedpage.BasePage"),
        BootstrapTranslatableModel("swappedpage.BasePage"),
    ]
