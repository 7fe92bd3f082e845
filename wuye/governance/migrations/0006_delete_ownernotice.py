"""Step 3: the notice columns now point at messaging.Notice; OwnerNotice is gone."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0005_copy_owner_notices'),
    ]

    operations = [
        migrations.RemoveField(model_name='committeemeeting', name='notice'),
        migrations.RemoveField(model_name='annualpublication', name='notice'),
        migrations.RemoveField(model_name='supervisionevent', name='notice'),
        migrations.RenameField(model_name='committeemeeting', old_name='notice_new', new_name='notice'),
        migrations.RenameField(model_name='annualpublication', old_name='notice_new', new_name='notice'),
        migrations.RenameField(model_name='supervisionevent', old_name='notice_new', new_name='notice'),
        migrations.DeleteModel(name='OwnerNotice'),
    ]
