"""Step 1 of moving OwnerNotice into messaging.Notice: a second notice column pointing at messaging.Notice.

The data copy (0005) and the removal of OwnerNotice (0006) are separate migrations so that PostgreSQL
never alters a table that has pending constraint-trigger events in the same transaction.
"""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0003_supervision'),
        ('messaging', '0002_notice_publisher'),
    ]

    operations = [
        migrations.AddField(
            model_name='committeemeeting',
            name='notice_new',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='messaging.notice', verbose_name='决定公告'),
        ),
        migrations.AddField(
            model_name='annualpublication',
            name='notice_new',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='messaging.notice', verbose_name='公告'),
        ),
        migrations.AddField(
            model_name='supervisionevent',
            name='notice_new',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='messaging.notice', verbose_name='公告'),
        ),
    ]
