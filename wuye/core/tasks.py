"""Celery tasks of the platform as a whole (production); the embedded default runs commands instead."""
from celery import shared_task


@shared_task(name="core.backup")
def backup_task() -> str:
    """The daily backup: database and uploaded files into WUYE_BACKUP_DIR, keeping WUYE_BACKUP_KEEP archives."""
    from django.conf import settings

    from wuye.core.backup import create_backup

    return str(create_backup(keep=settings.WUYE_BACKUP_KEEP).path)
