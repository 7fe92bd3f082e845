"""The work-order lifecycle through its services, as the people of each role use it."""
import datetime as dt
import threading
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from wuye.complaints import services
from wuye.complaints.choices import Channel, SupervisionLevel
from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import WorkOrder, WorkOrderEvent
from wuye.complaints.tests.factories import WorkOrderInput, department
from wuye.estates.tests.factories import EstateFactory
from wuye.regions.models import Region

SH = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def setup(role_user, street):
    city_mgmt = department("urban_management")
    street_office_dept = department("street_office", street.code, "人民街街道物业办")
    return {
        "estate": EstateFactory(region=street, name="建业森林半岛"),
        "dispatcher": role_user("street_office", region=street),
        "handler": role_user("department", department=city_mgmt),
        "district": role_user("district_bureau", region=Region.objects.get(code="411702000000")),
        "city_mgmt": city_mgmt,
        "street_office_dept": street_office_dept,
        "street": street,
    }


def submit(setup, **kw):
    data = WorkOrderInput(region=setup["street"], category_code="public_environment", **kw)
    return services.work_order_submit(actor=setup["dispatcher"], **data)


def actions(order):
    return list(WorkOrderEvent.objects.filter(order=order).values_list("action", flat=True))


@pytest.mark.django_db
def test_full_lifecycle_from_intake_to_archive(setup):
    order = submit(setup, address="建业森林半岛3号楼")
    assert order.status == S.DISPATCHED
    assert order.estate == setup["estate"] and order.address_resolved
    assert order.lead_assignment.department == setup["city_mgmt"]
    assert order.number.startswith("WY") and order.deadline_at > order.dispatched_at
    services.work_order_acknowledge(actor=setup["handler"], order=order)
    services.work_order_reply(actor=setup["handler"], order=order, reply="已清理楼道杂物，并约谈物业。")
    services.work_order_review(actor=setup["dispatcher"], order=order, approve=True)
    services.work_order_callback(actor=setup["dispatcher"], order=order, satisfaction="satisfied", resolved=True)
    services.work_order_archive(actor=setup["dispatcher"], order=order)
    order.refresh_from_db()
    assert order.status == S.ARCHIVED and order.satisfaction == "satisfied" and order.closed_at
    assert actions(order) == [A.SUBMIT, A.CLASSIFY, A.DISPATCH, A.ACKNOWLEDGE, A.REPLY, A.APPROVE_REPLY,
                              A.CALLBACK, A.CLOSE, A.ARCHIVE]
    events = WorkOrderEvent.objects.filter(order=order)
    assert all(e.actor_id for e in events.exclude(action__in=[A.CLASSIFY, A.DISPATCH]))


@pytest.mark.django_db
def test_wrong_role_cannot_act(setup, role_user, other_street):
    order = submit(setup)
    with pytest.raises(PermissionDenied):
        services.work_order_acknowledge(actor=setup["dispatcher"], order=order)  # not the department
    outsider = role_user("street_office", region=other_street)
    with pytest.raises(PermissionDenied):
        services.work_order_review(actor=outsider, order=order, approve=True)
    assert WorkOrder.objects.get(pk=order.pk).status == S.DISPATCHED


@pytest.mark.django_db
def test_return_then_reroute_then_final_ruling(setup):
    order = submit(setup)
    services.work_order_return(actor=setup["handler"], order=order, reason_code="wrong_function", reason="非城管职责")
    order.refresh_from_db()
    assert order.status == S.RETURNED and order.return_count == 1
    services.work_order_dispatch(actor=setup["dispatcher"], order=order, lead=setup["city_mgmt"], final=True)
    order.refresh_from_db()
    assert order.status == S.DISPATCHED and order.final_ruling
    with pytest.raises(ValidationError, match="终裁"):
        services.work_order_return(actor=setup["handler"], order=order, reason_code="wrong_locality")
    with pytest.raises(ValidationError, match="退单理由"):
        services.work_order_return(actor=setup["handler"], order=order, reason_code="because")


@pytest.mark.django_db
def test_reclassifying_reroutes_to_the_catalog_department(setup):
    order = submit(setup)
    services.work_order_classify(actor=setup["dispatcher"], order=order, category_code="service_quality")
    order.refresh_from_db()
    assert order.status == S.DISPATCHED
    assert order.lead_assignment.department == setup["street_office_dept"]
    assert order.assignments.filter(is_current=False, department=setup["city_mgmt"]).exists()
    with pytest.raises(ValidationError, match="未知的事项分类代码"):
        services.work_order_classify(actor=setup["dispatcher"], order=order, category_code="nonsense")


@pytest.mark.django_db
def test_dissatisfied_because_of_handler_is_redone(setup):
    order = submit(setup)
    services.work_order_acknowledge(actor=setup["handler"], order=order)
    services.work_order_reply(actor=setup["handler"], order=order, reply="已处理")
    services.work_order_review(actor=setup["dispatcher"], order=order, approve=True)
    services.work_order_callback(actor=setup["dispatcher"], order=order, satisfaction="dissatisfied", resolved=False,
                                 handler_at_fault=True)
    order.refresh_from_db()
    assert order.status == S.HANDLING and order.redo_count == 1 and order.closed_at is None


@pytest.mark.django_db
def test_unfounded_reply_is_sent_back_with_a_reason(setup):
    order = submit(setup)
    services.work_order_acknowledge(actor=setup["handler"], order=order)
    services.work_order_reply(actor=setup["handler"], order=order, reply="不归我们管")
    with pytest.raises(ValidationError):
        services.work_order_review(actor=setup["dispatcher"], order=order, approve=False, reason="")
    services.work_order_review(actor=setup["dispatcher"], order=order, approve=False, reason="答复未解决问题")
    order.refresh_from_db()
    assert order.status == S.HANDLING and order.redo_count == 1


@pytest.mark.django_db
def test_extension_moves_the_deadline_by_working_days(setup):
    order = submit(setup)
    services.work_order_acknowledge(actor=setup["handler"], order=order)
    before = WorkOrder.objects.get(pk=order.pk).deadline_at
    request = services.work_order_request_extension(actor=setup["handler"], order=order, working_days=3, reason="需协调")
    with pytest.raises(ValidationError, match="待审批"):
        services.work_order_request_extension(actor=setup["handler"], order=order, working_days=2, reason="again")
    with pytest.raises(PermissionDenied):
        services.work_order_decide_extension(actor=setup["handler"], request=request, approve=True)
    services.work_order_decide_extension(actor=setup["district"], request=request, approve=True, note="同意")
    order.refresh_from_db()
    from wuye.workcalendar.selectors import working_days_between

    assert order.deadline_at > before
    assert working_days_between(before, order.deadline_at) == 3


@pytest.mark.django_db
def test_deadline_across_national_day_2026(setup):
    """Dispatched on 2026-09-30 with 5 working days: 10/1–10/7 off, Saturday 10/10 a working day."""
    order = submit(setup)
    start = dt.datetime(2026, 9, 30, 10, 0, tzinfo=SH)
    deadline = services.handling_deadline(order, start)
    # Working days after 9/30: 10/8 (Thu), 10/9 (Fri), 10/10 (Sat, 调休), 10/12 (Mon), 10/13 (Tue).
    assert deadline.astimezone(SH).date() == dt.date(2026, 10, 13)


@pytest.mark.django_db
def test_urgent_orders_use_the_urgent_limit(setup):
    order = submit(setup, urgency="urgent")
    start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=SH)  # Monday
    assert services.handling_deadline(order, start).astimezone(SH).date() == dt.date(2026, 11, 3)


@pytest.mark.django_db
def test_duplicate_within_the_window_is_merged_not_created(setup):
    first = submit(setup, title="楼道堆物", body="3号楼楼道堆满杂物", complainant_phone="13912345678")
    again = submit(setup, title="楼道堆物", body="3号楼 楼道堆满杂物", complainant_phone="13912345678")
    assert again.pk == first.pk
    assert WorkOrder.objects.count() == 1
    assert WorkOrderEvent.objects.filter(order=first, data__duplicate=True).count() == 1


@pytest.mark.django_db
def test_bad_input_is_refused_clearly_and_nothing_is_saved(setup):
    for kwargs, field in [({"title": "", "body": ""}, "body"), ({"body": "x" * 10_001}, "body"),
                          ({"channel": "fax"}, "channel")]:
        data = WorkOrderInput(region=setup["street"], **kwargs)
        with pytest.raises(ValidationError) as exc:
            services.work_order_submit(actor=setup["dispatcher"], **data)
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError, match="无法确定诉求所属街道"):
        services.work_order_submit(actor=None, channel=Channel.API, title="无地址", body="某处有问题")
    assert WorkOrder.objects.count() == 0


@pytest.mark.django_db
def test_unknown_category_goes_to_the_manual_queue(setup):
    order = services.work_order_submit(actor=setup["dispatcher"], **WorkOrderInput(region=setup["street"], category_code="zzz"))
    assert order.status == S.MANUAL_QUEUE


@pytest.mark.django_db
def test_merge_duplicates(setup):
    a, b = submit(setup, body="电梯坏了"), submit(setup, body="电梯又坏了")
    services.work_order_merge(actor=setup["dispatcher"], order=b, into=a)
    b.refresh_from_db()
    assert b.status == S.MERGED and b.merged_into == a
    with pytest.raises(ValidationError):
        services.work_order_merge(actor=setup["dispatcher"], order=a, into=b)


@pytest.mark.django_db
def test_sweep_supervises_overdue_and_reminds_due_soon(setup):
    overdue, soon, fine = submit(setup, body="a"), submit(setup, body="b"), submit(setup, body="c")
    now = dt.datetime.now(tz=SH)
    WorkOrder.objects.filter(pk=overdue.pk).update(deadline_at=now - dt.timedelta(hours=1))
    WorkOrder.objects.filter(pk=soon.pk).update(deadline_at=now + dt.timedelta(hours=3))
    WorkOrder.objects.filter(pk=fine.pk).update(deadline_at=now + dt.timedelta(days=5))
    counts = services.sweep_timers(now=now)
    assert counts["supervised"] == 1 and counts["due_soon"] == 1
    assert WorkOrder.objects.get(pk=overdue.pk).supervision == SupervisionLevel.SUPERVISED
    assert WorkOrder.objects.get(pk=soon.pk).due_soon_notified_at is not None
    assert WorkOrder.objects.get(pk=fine.pk).supervision == SupervisionLevel.NONE
    assert services.sweep_timers(now=now) == {"due_soon": 0, "supervised": 0, "check_in_overdue": 0}


@pytest.mark.django_db
def test_whistle_fans_out_and_parent_closes_when_all_sub_orders_close(setup, role_user):
    fire = department("fire")
    fire_user = role_user("department", department=fire)
    parent = services.whistle_blow(actor=setup["dispatcher"], departments=[setup["city_mgmt"], fire],
                                   title="小区消防通道被违建占用", body="多部门联合处置", region=setup["street"])
    subs = list(parent.sub_orders.order_by("id"))
    assert [s.lead_assignment.department for s in subs] == [setup["city_mgmt"], fire]
    assert all(s.check_in_deadline_at for s in subs)
    for sub, user in zip(subs, [setup["handler"], fire_user], strict=True):
        services.work_order_check_in(actor=user, order=sub)
        services.work_order_reply(actor=user, order=sub, reply="已处置")
        services.work_order_review(actor=setup["dispatcher"], order=sub, approve=True)
        services.work_order_callback(actor=setup["dispatcher"], order=sub, satisfaction="satisfied", resolved=True)
    assert all(WorkOrder.objects.get(pk=s.pk).status == S.CLOSED for s in subs)


@pytest.mark.django_db
def test_overdue_check_in_escalates(setup):
    parent = services.whistle_blow(actor=setup["dispatcher"], departments=[setup["city_mgmt"]], title="x", body="y",
                                   region=setup["street"])
    sub = parent.sub_orders.get()
    WorkOrder.objects.filter(pk=sub.pk).update(check_in_deadline_at=dt.datetime(2020, 1, 1, tzinfo=SH))
    assert services.sweep_timers()["check_in_overdue"] == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_clicking_at_once_cannot_both_succeed(setup, role_user):
    order = submit(setup)
    second = role_user("department", department=setup["city_mgmt"])
    barrier = threading.Barrier(2)
    results = []

    def click(user):
        try:
            barrier.wait()
            services.work_order_acknowledge(actor=user, order=WorkOrder.objects.get(pk=order.pk))
            results.append("ok")
        except ValidationError as exc:
            results.append(str(exc))
        except Exception as exc:  # noqa: BLE001
            results.append(f"error {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(u,)) for u in (setup["handler"], second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert WorkOrderEvent.objects.filter(order=order, action=A.ACKNOWLEDGE).count() == 1


@pytest.mark.django_db
def test_due_soon_lead_time_follows_the_city_policy(setup, role_user):
    from wuye.policy.services import policy_profile_update

    order = submit(setup, body="d")
    now = dt.datetime.now(tz=SH)
    WorkOrder.objects.filter(pk=order.pk).update(deadline_at=now + dt.timedelta(hours=30))
    assert services.sweep_timers(now=now)["due_soon"] == 0  # national default: 24 h
    city = Region.objects.get(code="411700000000")
    policy_profile_update(actor=role_user("city_bureau", region=city), region=city,
                          values={"complaint_due_soon_hours": 48})
    assert services.sweep_timers(now=now)["due_soon"] == 1


@pytest.mark.django_db
def test_due_soon_lead_time_of_a_district_beats_its_city(setup, role_user):
    """City 12 h, 驿城区 36 h: an order in 驿城区 due in 30 h is reminded, one elsewhere in the city is not."""
    from wuye.policy.services import policy_profile_update

    now = dt.datetime.now(tz=SH)
    city = Region.objects.get(code="411700000000")
    district = Region.objects.get(code="411702000000")
    elsewhere = (Region.objects.filter(code__startswith="4117", level=4).exclude(code__startswith="411702")
                 .order_by("code")[0])
    in_district = submit(setup, body="驿城区的诉求")
    in_other = services.work_order_submit(actor=role_user("city_bureau", region=city), **WorkOrderInput(
        region=elsewhere, category_code="public_environment", body="另一区县的诉求"))
    WorkOrder.objects.filter(pk__in=[in_district.pk, in_other.pk]).update(
        status=S.DISPATCHED, deadline_at=now + dt.timedelta(hours=30))
    admin = role_user("city_bureau", region=city)
    policy_profile_update(actor=admin, region=city, values={"complaint_due_soon_hours": 12})
    assert services.sweep_timers(now=now)["due_soon"] == 0
    policy_profile_update(actor=admin, region=district, values={"complaint_due_soon_hours": 36})
    assert services.sweep_timers(now=now)["due_soon"] == 1
    assert WorkOrder.objects.get(pk=in_district.pk).due_soon_notified_at is not None
    assert WorkOrder.objects.get(pk=in_other.pk).due_soon_notified_at is None  # the city's 12 h
