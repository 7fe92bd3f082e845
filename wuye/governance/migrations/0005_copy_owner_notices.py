"""Step 2: copy every OwnerNotice into messaging.Notice and point meetings, publications and supervision
events at the copy.

The subject names the governance record the notice is about (governance.choices.NoticeSubject): the
meeting whose decisions it posted, the publication, the supervision order; a notice no record points
at keeps its committee ("governance.committee:<pk>"). Reverse: nothing to undo (0006 reversed brings
back an empty OwnerNotice table).
"""
from django.db import migrations

SOURCE_KIND = {
    "committee_decisions": "governance.meeting",
    "annual_publication": "governance.publication",
    "supervision": "governance.supervision_order",
}


def copy_notices(apps, schema_editor):
    OwnerNotice = apps.get_model("governance", "OwnerNotice")
    Notice = apps.get_model("messaging", "Notice")
    CommitteeMeeting = apps.get_model("governance", "CommitteeMeeting")
    AnnualPublication = apps.get_model("governance", "AnnualPublication")
    SupervisionEvent = apps.get_model("governance", "SupervisionEvent")

    # What each old notice is about, from the rows that point at it.
    about = {}
    for notice_id, pk in CommitteeMeeting.objects.filter(notice__isnull=False).values_list("notice_id", "pk"):
        about[notice_id] = f"governance.meeting:{pk}"
    for notice_id, pk in AnnualPublication.objects.filter(notice__isnull=False).values_list("notice_id", "pk"):
        about[notice_id] = f"governance.publication:{pk}"
    for notice_id, pk in SupervisionEvent.objects.filter(notice__isnull=False).values_list("notice_id", "order_id"):
        about[notice_id] = f"governance.supervision_order:{pk}"

    new_id = {}
    for old in OwnerNotice.objects.order_by("published_at", "id").iterator():
        subject = about.get(old.pk) or (f"governance.committee:{old.committee_id}" if old.committee_id
                                        else SOURCE_KIND.get(old.source, "governance.committee"))
        new = Notice.objects.create(estate_id=old.estate_id, subject=subject[:100], title=old.title, body=old.body,
                                    published_at=old.published_at, published_by_id=old.published_by_id,
                                    publisher=old.publisher)
        new_id[old.pk] = new.pk
    for model in (CommitteeMeeting, AnnualPublication, SupervisionEvent):
        for pk, notice_id in model.objects.filter(notice__isnull=False).values_list("pk", "notice_id"):
            model.objects.filter(pk=pk).update(notice_new_id=new_id[notice_id])


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0004_notice_to_messaging_fields'),
    ]

    operations = [
        migrations.RunPython(copy_notices, migrations.RunPython.noop),
    ]
