"""PostgreSQL sequences holding the cache revisions (wuye.core.cache.FAMILIES), one per family.

Sequences are not transactional: a bump is seen by every process at once, as a cache token is.
Other databases keep the revisions in Django's cache, and this migration does nothing there.
"""
from django.db import migrations

FAMILIES = ("address", "calendar", "catalog", "departments", "policy", "roles")  # as of this migration


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for family in FAMILIES:
            schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS wuye_cache_rev_{family}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for family in FAMILIES:
            schema_editor.execute(f"DROP SEQUENCE IF EXISTS wuye_cache_rev_{family}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
