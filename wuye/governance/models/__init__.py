"""Models of owners' self-governance, one module per area:

- ``decisions``: joint decisions (共同决定), their frozen rolls and ballots.
- ``assemblies``: the owners' assembly (业主大会), its 筹备组 and document versions.
- ``committees``: 业委会/物管会, members, membership changes and governance alerts.
- ``supervision``: committee meetings and motions, seals and their use log, annual publications,
  the street's supervision orders and notices to owners.
"""
from wuye.governance.models.assemblies import (  # noqa: F401
    AssemblyDocument,
    OwnersAssembly,
    PreparatoryGroup,
    PreparatoryGroupMember,
)
from wuye.governance.models.committees import (  # noqa: F401
    Committee,
    CommitteeMember,
    GovernanceAlert,
    MembershipChange,
)
from wuye.governance.models.decisions import Ballot, Decision, FrozenRowMixin, RollEntry  # noqa: F401
from wuye.governance.models.supervision import (  # noqa: F401
    AnnualPublication,
    CommitteeMeeting,
    MeetingAttendance,
    Motion,
    MotionVote,
    Seal,
    SealUse,
    SupervisionEvent,
    SupervisionOrder,
)
