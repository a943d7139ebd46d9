"""The demo's sign-ins, one per role, all with the password ``demo``.

Only a demo build creates them; production settings refuse these names at sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from qinfo.accounts.models import Membership, Role, User
from qinfo.demo.simulate import World
from qinfo.organisations.models import Staff

PASSWORD = "demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    label: str  # what the person does, in Thai and English


LOGINS = (
    DemoLogin("demo-teacher", Role.TEACHER, "ครูประจำชั้น / homeroom teacher"),
    DemoLogin("demo-registrar", Role.REGISTRAR, "นายทะเบียน / registrar"),
    DemoLogin("demo-director", Role.DIRECTOR, "ผู้อำนวยการโรงเรียน / school director"),
    DemoLogin("demo-officer", Role.OFFICER, "เจ้าหน้าที่เทศบาล / municipality officer"),
    DemoLogin("demo-analyst", Role.ANALYST, "นักวิเคราะห์ (ไม่ระบุตัวตน) / analyst (de-identified)"),
    DemoLogin("demo-admin", Role.ADMIN, "ผู้ดูแลระบบ / system administrator"),
)


def demo_teacher_homeroom(world: World) -> int:
    """The classroom of which the demo teacher is homeroom teacher this year."""
    current = world.calendar.current.index
    teacher = _demo_teacher(world)
    return next(
        c.id
        for c in world.curriculum.classroom_by_id.values()
        if c.year == current and teacher in c.homeroom
    )


def _demo_teacher(world: World) -> int:
    """A teacher of the first school who is homeroom teacher of a class this year and teaches it."""
    current = world.calendar.current.index
    rooms = sorted(
        (
            c
            for c in world.curriculum.classroom_by_id.values()
            if c.school == 0 and c.year == current
        ),
        key=lambda c: (c.grade < 4, c.grade, c.room),
    )
    for room in rooms:
        for staff_id in room.homeroom:
            if any(course.teacher == staff_id for course in room.courses):
                return staff_id
    raise RuntimeError("no homeroom teacher of the first school teaches a course this year")


def _staff_in_first_school(world: World, position: str) -> int:
    return next(s.id for s in world.curriculum.staff if s.school == 0 and s.position == position)


def create_demo_accounts(world: World) -> list[DemoLogin]:
    # Hashing is slow on purpose; one hash serves every demo account.
    password = make_password(PASSWORD)
    school_id = world.school_ids[0]
    staff_for = {
        "demo-teacher": _demo_teacher(world),
        "demo-registrar": _staff_in_first_school(world, "registrar"),
        "demo-director": _staff_in_first_school(world, "director"),
    }
    for login in LOGINS:
        staff_id = staff_for.get(login.username)
        staff = Staff.objects.get(pk=staff_id) if staff_id else None
        user = User.objects.create(
            username=login.username,
            password=password,
            first_name=staff.first_name_th if staff else "สาธิต",
            last_name=staff.last_name_th if staff else login.role,
            is_staff=login.role == Role.ADMIN,
            is_superuser=login.role == Role.ADMIN,
        )
        if staff:
            Staff.objects.filter(pk=staff.pk).update(user=user)
        if login.role in (Role.TEACHER, Role.REGISTRAR, Role.DIRECTOR):
            Membership.objects.create(user=user, role=login.role, school_id=school_id)
        elif login.role in (Role.OFFICER, Role.ANALYST):
            Membership.objects.create(user=user, role=login.role, network_id=world.network_id)
        else:
            Membership.objects.create(user=user, role=login.role)
    return list(LOGINS)
