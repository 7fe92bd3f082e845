from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "wuye.governance"
    label = "governance"
    verbose_name = _("业主自治")

    def ready(self) -> None:
        from wuye.core import files
        from wuye.core.events import subscribe
        from wuye.governance import models as m

        # Documents users may download, each through its record's scope (core:file).
        files.register(m.OwnersAssembly, "application_document", "offline_document")
        files.register(m.AssemblyDocument, "file")
        files.register(m.Committee, "offline_document")
        files.register(m.Ballot, "proxy_document", "scanned_ballot")
        files.register(m.CommitteeMeeting, "minutes")
        files.register(m.AnnualPublication, "attachment")
        files.register(m.SupervisionOrder, "report_document")

        # Notices to the owners name their governance record in ``subject``; the board shows its source.
        from wuye.governance.choices import NoticeSubject
        from wuye.messaging.notices import register_subject_kind

        for kind in NoticeSubject:
            register_subject_kind(kind.value, kind.label)

        from wuye.governance.services.committees import end_memberships_of_former_owners

        # GR 43: a committee member who stops owning a unit in the estate stops being a member at once
        # (the sweep catches any title change that bypassed these services, e.g. a bulk import).
        def ownership_changed(*, instance, changed=None, **kwargs):
            if changed is None or {"owner", "unit", "is_voided"} & set(changed):
                end_memberships_of_former_owners(estate_ids=[instance.estate_id])

        subscribe("estates.ownership.voided", ownership_changed)
        subscribe("estates.ownership.updated", ownership_changed)
