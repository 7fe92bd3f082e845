"""Authenticator seeds stored encrypted (wuye.core.crypto): existing ones are encrypted in place."""
from django.db import migrations, models


def encrypt_secrets(apps, schema_editor):
    from wuye.core.crypto import encrypt

    TotpDevice = apps.get_model("accounts", "TotpDevice")
    for device in TotpDevice.objects.all().only("pk", "secret"):
        TotpDevice.objects.filter(pk=device.pk).update(secret_encrypted=encrypt(device.secret))


def decrypt_secrets(apps, schema_editor):
    from wuye.core.crypto import decrypt

    TotpDevice = apps.get_model("accounts", "TotpDevice")
    for device in TotpDevice.objects.all().only("pk", "secret_encrypted"):
        TotpDevice.objects.filter(pk=device.pk).update(secret=decrypt(device.secret_encrypted))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_user_must_change_password"),
    ]

    operations = [
        migrations.AddField(
            model_name="totpdevice",
            name="secret_encrypted",
            field=models.CharField(default="", editable=False, max_length=255, verbose_name="密钥（加密）"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="totpdevice",
            name="secret",
            field=models.CharField(blank=True, default="", editable=False, max_length=64, verbose_name="密钥"),
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets),
        migrations.RemoveField(model_name="totpdevice", name="secret"),
    ]
