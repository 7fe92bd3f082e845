"""Models of owners' self-governance, one module per area:

- ``decisions``: joint decisions (共同决定), their frozen rolls and ballots.
"""
from wuye.governance.models.decisions import Ballot, Decision, FrozenRowMixin, RollEntry  # noqa: F401
