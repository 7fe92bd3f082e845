"""Party organisations (红色物业), cross-appointments, and officials' 双包 assignments."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.core.models import VoidableModel
from wuye.core.querysets import ScopedQuerySet
from wuye.organization.choices import AppointedBody, AssignmentKind, PartyOrgKind, TeamRole


class PartyOrganizationQuerySet(ScopedQuerySet):
    scope_lookups = {"region": "region__code", "estate": "estate_id", "enterprise": "enterprise_id"}


class CrossAppointmentQuerySet(ScopedQuerySet):
    scope_lookups = {
        "region": "party_organization__region__code",
        "estate": "party_organization__estate_id",
        "enterprise": "party_organization__enterprise_id",
    }


class OfficialAssignmentQuerySet(ScopedQuerySet):
    scope_lookups = {"region": "region__code", "estate": "estates__id"}


class PartyOrganization(VoidableModel):
    """A party organisation in a community, estate or enterprise (小区党支部, 党小组 …)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("所属社区/街道"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=24, choices=PartyOrgKind.choices)
    name = models.CharField(_("名称"), max_length=120)
    estate = models.ForeignKey("estates.Estate", verbose_name=_("小区"), null=True, blank=True, on_delete=models.PROTECT, related_name="party_organizations")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="party_organizations")
    secretary = models.CharField(_("书记/组长"), max_length=50, blank=True)
    member_count = models.PositiveIntegerField(_("党员人数"), default=0)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)

    objects = PartyOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["region_id", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def region_code(self) -> str:
        return self.region_id

    def clean(self) -> None:
        if self.kind in (PartyOrgKind.ESTATE_BRANCH, PartyOrgKind.PARTY_GROUP) and not self.estate_id:
            raise ValidationError({"estate": _("小区党支部/党小组必须指定小区。")})
        if self.kind == PartyOrgKind.ENTERPRISE_BRANCH and not self.enterprise_id:
            raise ValidationError({"enterprise": _("物业企业党支部必须指定企业。")})
        if self.estate_id and self.region_id and not self.estate.region_id.startswith(self.region.prefix):
            raise ValidationError({"estate": _("小区不在所选区划内。")})


class CrossAppointment(VoidableModel):
    """交叉任职: a party member holding posts in the party organisation and another body."""

    party_organization = models.ForeignKey(PartyOrganization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="cross_appointments")
    person_name = models.CharField(_("姓名"), max_length=50)
    party_position = models.CharField(_("党内职务"), max_length=50)
    body = models.CharField(_("兼任机构"), max_length=32, choices=AppointedBody.choices)
    body_position = models.CharField(_("兼任职务"), max_length=50)
    since = models.DateField(_("任职日期"), null=True, blank=True)
    until = models.DateField(_("离任日期"), null=True, blank=True)

    objects = CrossAppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("交叉任职")
        verbose_name_plural = _("交叉任职")
        ordering = ["party_organization_id", "person_name"]

    def __str__(self) -> str:
        return f"{self.person_name}：{self.party_position} / {self.get_body_display()}{self.body_position}"

    @property
    def region_code(self) -> str:
        return self.party_organization.region_id


class OfficialAssignment(VoidableModel):
    """双包: an official assigned to a 片区 (region) or to the work team of one or more estates."""

    kind = models.CharField(_("类型"), max_length=16, choices=AssignmentKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("包联片区"), on_delete=models.PROTECT, related_name="+")
    estates = models.ManyToManyField("estates.Estate", verbose_name=_("包联小区"), blank=True, related_name="official_assignments")
    user = models.ForeignKey("accounts.User", verbose_name=_("平台账号"), null=True, blank=True, on_delete=models.PROTECT, related_name="official_assignments")
    person_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    department = models.ForeignKey("regions.Department", verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team_role = models.CharField(_("职责"), max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER)
    since = models.DateField(_("起始日期"), null=True, blank=True)
    until = models.DateField(_("结束日期"), null=True, blank=True)

    objects = OfficialAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("双包责任")
        verbose_name_plural = _("双包责任")
        ordering = ["region_id", "kind", "person_name"]
        constraints = [
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=models.F("since")), name="assignment_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_name}（{self.get_kind_display()} · {self.region}）"

    @property
    def region_code(self) -> str:
        return self.region_id
