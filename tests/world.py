"""A small, deterministic world for permission tests, and the oracle of who sees what in it.

Two networks. Network N (a municipality) has school A and school B; network O ("other") has
school X, which nobody but the administrator may see.

    school A, this year:  A1 (P1/1)  homeroom: teacher_a        students: Thipwan, Nattaphon, mover
                          A2 (P1/2)  teacher_a teaches a course  students: Kamonchanok, Thanakrit
                          A3 (P2/1)  not taught by teacher_a     students: Paweena, Woramet (G-code)
    school B, last year:  B0 (P1/1)  homeroom: Jiraporn           student: mover (transferred out)
    school B, this year:  B1 (P1/1)  homeroom: teacher_b          students: Onuma, Supakorn (no ID)
    school X, this year:  X1 (P1/1)  homeroom: Somsak             student: Phuriphat

"This year" is the academic year (Buddhist Era) running today, so that pages which show the
current year by default show the world; everything else is fixed.

Every student has enrolments, attendance marks and course results for each enrolment, so that
every endpoint about children has rows for every child. Names are unique and none is part of
another, so that a page or a response can be searched for them.

The expected visibility below is written out by hand from the access rule in docs/definitions.md
(a teacher sees the children of the classes they teach, in any year; a director their school's;
an officer or analyst their network's; an administrator everything). It is deliberately NOT
computed from the policies: it is what the policies are tested against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from qinfo.accounts.models import Membership, Role, User
from qinfo.assessment.models import CourseResult
from qinfo.attendance.models import AttendanceMark, AttendanceStatus
from qinfo.core.thai_id import national_id_check_digit
from qinfo.enrolment.models import Enrolment, EnrolmentStatus, ExitReason
from qinfo.organisations.models import (
    AcademicYear,
    Affiliation,
    Classroom,
    Course,
    GradeLevel,
    LearningArea,
    Network,
    NetworkKind,
    School,
    Sex,
    Staff,
    StaffPosition,
    Subject,
    Term,
)
from qinfo.people.models import Household, IdentifierKind, Religion, Student

PERSONAS = ("anonymous", "teacher_a", "director_a", "teacher_b", "officer", "analyst", "admin")
KINDS = ("school", "classroom", "staff", "student")

_N_STUDENTS = {"a1_thipwan", "a1_nattaphon", "mover", "a2_kamonchanok", "a2_thanakrit"} | {
    "a3_paweena",
    "a3_woramet",
    "b1_onuma",
    "b1_supakorn",
}
_A_STAFF = {"sudarat", "wichai", "napaporn"}
_B_STAFF = {"anucha", "jiraporn"}

#: The oracle: for each persona and kind of row, the names (keys of World's dicts) it may see.
EXPECTED: dict[str, dict[str, frozenset[str]]] = {
    "anonymous": {kind: frozenset() for kind in KINDS},
    "teacher_a": {
        "school": frozenset({"A"}),
        "classroom": frozenset({"A1", "A2", "A3"}),
        "staff": frozenset(_A_STAFF),
        # A1 (homeroom) and A2 (a course): not A3.
        "student": frozenset(
            {"a1_thipwan", "a1_nattaphon", "mover", "a2_kamonchanok", "a2_thanakrit"}
        ),
    },
    "director_a": {
        "school": frozenset({"A"}),
        "classroom": frozenset({"A1", "A2", "A3"}),
        "staff": frozenset(_A_STAFF),
        "student": frozenset(
            {
                "a1_thipwan",
                "a1_nattaphon",
                "mover",
                "a2_kamonchanok",
                "a2_thanakrit",
                "a3_paweena",
                "a3_woramet",
            }
        ),
    },
    "teacher_b": {
        "school": frozenset({"B"}),
        "classroom": frozenset({"B0", "B1"}),
        "staff": frozenset(_B_STAFF),
        # Not the mover: teacher_b never taught B0.
        "student": frozenset({"b1_onuma", "b1_supakorn"}),
    },
    "officer": {
        "school": frozenset({"A", "B"}),
        "classroom": frozenset({"A1", "A2", "A3", "B0", "B1"}),
        "staff": frozenset(_A_STAFF | _B_STAFF),
        "student": frozenset(_N_STUDENTS),
    },
    "analyst": {
        "school": frozenset({"A", "B"}),
        "classroom": frozenset({"A1", "A2", "A3", "B0", "B1"}),
        "staff": frozenset(_A_STAFF | _B_STAFF),
        "student": frozenset(_N_STUDENTS),
    },
    "admin": {
        "school": frozenset({"A", "B", "X"}),
        "classroom": frozenset({"A1", "A2", "A3", "B0", "B1", "X1"}),
        "staff": frozenset(_A_STAFF | _B_STAFF | {"somsak"}),
        "student": frozenset(_N_STUDENTS | {"x_phuriphat"}),
    },
}

#: Personas who get de-identified data only.
DEIDENTIFIED = frozenset({"analyst"})


def current_academic_year_ce() -> int:
    """The Common Era year in which the academic year running today began (years start 16 May)."""
    today = timezone.localdate()
    return today.year if (today.month, today.day) >= (5, 16) else today.year - 1


def national_id(first_twelve: str) -> str:
    return first_twelve + str(national_id_check_digit(first_twelve))


@dataclass
class World:
    networks: dict[str, Network] = field(default_factory=dict)
    years: dict[str, AcademicYear] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    classrooms: dict[str, Classroom] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    students: dict[str, Student] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def rows(self, kind: str) -> dict[str, Any]:
        by_kind: dict[str, dict[str, Any]] = {
            "school": self.schools,
            "classroom": self.classrooms,
            "staff": self.staff,
            "student": self.students,
        }
        return by_kind[kind]

    def ids(self, kind: str, names: frozenset[str] | set[str] | None = None) -> set[int]:
        rows = self.rows(kind)
        return {rows[name].pk for name in (rows if names is None else names)}

    def expected_ids(self, persona: str, kind: str) -> set[int]:
        return self.ids(kind, EXPECTED[persona][kind])

    def student_names(self) -> dict[str, list[str]]:
        return {
            key: [s.first_name_th, s.last_name_th, s.first_name_en, s.last_name_en, s.nickname]
            for key, s in self.students.items()
        }

    def student_secrets(self) -> dict[str, list[str]]:
        """For each student, the values that name or locate them (never shown to analysts)."""
        secrets = self.student_names()
        for key, s in self.students.items():
            secrets[key] += [
                value
                for value in (
                    s.identifier or "",
                    s.street,
                    s.house_no,
                    "" if s.latitude is None else str(s.latitude),
                    "" if s.longitude is None else str(s.longitude),
                    s.birth_date.isoformat(),
                )
                if value
            ]
        return secrets

    def staff_names(self) -> dict[str, list[str]]:
        return {
            key: [
                n for n in (s.first_name_th, s.last_name_th, s.first_name_en, s.last_name_en) if n
            ]
            for key, s in self.staff.items()
        }


def _table(text: str) -> list[list[str]]:
    return [line.split() for line in text.strip().splitlines()]


# key, Thai first and last name, English first and last name, nickname, sex, born, identifier
_STUDENTS = _table("""
a1_thipwan     ทิพวรรณ  รุ่งอรุณศรี      Thipwan     Rungarunsri       น้องฝ้าย   F 2018-07-13 id
a1_nattaphon   ณัฐพล    แก้วประเสริฐกุล  Nattaphon   Kaewprasertkul    น้องภูผา   M 2018-09-21 id
mover          ชลธิชา   สายสืบสกุล       Chonthicha  Saisueksakul      น้องแพรวา  F 2018-02-17 id
a2_kamonchanok กมลชนก   ศรีวิชัยยา       Kamonchanok Sriwichaiya       น้องใบเตย  F 2018-11-03 id
a2_thanakrit   ธนกฤต    บุญยืนยงค์       Thanakrit   Boonyuenyong      น้องขุนเขา M 2018-04-29 id
a3_paweena     ปวีณา    จันทร์หอมกลิ่น   Paweena     Janhomklin        น้องชมพู่  F 2017-06-11 id
a3_woramet     วรเมธ    ทองสุขเจริญ      Woramet     Thongsukcharoen   น้องโอปอ   M 2017-08-27 g
b1_onuma       อรอุมา   เพชรรัตนากร      Onuma       Phetrattanakorn   น้องมะปราง F 2018-01-09 id
b1_supakorn    ศุภกร    มณีวงศ์ทอง       Supakorn    Maneewongthong    น้องปลาวาฬ M 2018-10-15 pending
x_phuriphat    ภูริภัทร นอกเครือข่ายพงศ์ Phuriphat   Nokkhruakhaiphong น้องทะเล   M 2018-05-23 id
""")

# key, school, Thai first and last name, English first and last name, position, persona (- none)
_STAFF = _table("""
sudarat   A  สุดารัตน์    แสงอรุณวงศ์        Sudarat    Saengarunwong       teacher   teacher_a
wichai    A  วิชัยยุทธ    พงษ์ไพบูลย์ศักดิ์    Wichaiyut  Phongphaiboonsak    director  director_a
napaporn  A  นภาพรรณ    ศิริมงคลชัยกุล      Naphaphan  Sirimongkolchaikul  teacher   -
anucha    B  อนุชาติ     ธนาวิวัฒน์กุล       Anuchat    Thanawiwatkul       teacher   teacher_b
jiraporn  B  จิราภรณ์    บุญญาศิริวงศ์       Jiraphon   Boonyasiriwong      teacher   -
somsak    X  สมศักดิ์ศรี  เกาะแก้วไกลกังวล    Somsaksri  Kokaewklaikangwon   teacher   -
""")

# key, school, year, grade level, room, homeroom teacher, course teacher, students (- none)
_CLASSROOMS = _table("""
A1  A  N_now     P1  1  sudarat   napaporn  a1_thipwan,a1_nattaphon
A2  A  N_now     P1  2  napaporn  sudarat   a2_kamonchanok,a2_thanakrit
A3  A  N_now     P2  1  napaporn  napaporn  a3_paweena,a3_woramet
B0  B  N_before  P1  1  jiraporn  jiraporn  -
B1  B  N_now     P1  1  anucha    anucha    b1_onuma,b1_supakorn
X1  X  O_now     P1  1  somsak    somsak    x_phuriphat
""")

_D = dt.date


def build_world() -> World:
    """Creates the world in the database (call inside a test's transaction)."""
    w = World()
    w.networks["N"] = Network.objects.create(
        code="n-phuket", name_th="เทศบาลทดสอบ", kind=NetworkKind.MUNICIPALITY, province_code="83"
    )
    w.networks["O"] = Network.objects.create(
        code="o-other", name_th="เครือข่ายอื่น", kind=NetworkKind.OTHER, province_code="10"
    )
    now = current_academic_year_ce()
    for key, network, ce in (("N_before", "N", now - 1), ("N_now", "N", now), ("O_now", "O", now)):
        start = _D(ce, 5, 16)
        year = AcademicYear.objects.create(
            network=w.networks[network],
            year_be=ce + 543,
            start_date=start,
            end_date=_D(ce + 1, 5, 15),
        )
        w.years[key] = year
        w.terms[key] = Term.objects.create(
            academic_year=year,
            number=1,
            start_date=start,
            end_date=_D(start.year, 10, 10),
        )
    for key, network, code, name in (
        ("A", "N", "3083000001", "โรงเรียนเทศบาลทดสอบเอ"),
        ("B", "N", "3083000002", "โรงเรียนเทศบาลทดสอบบี"),
        ("X", "O", "3010000003", "โรงเรียนนอกเครือข่ายเอ็กซ์"),
    ):
        w.schools[key] = School.objects.create(
            network=w.networks[network],
            code=code,
            name_th=name,
            name_en=f"Test school {key}",
            affiliation=Affiliation.DLA,
            lowest_grade=GradeLevel.K1,
            highest_grade=GradeLevel.M3,
            province_code=w.networks[network].province_code,
            latitude=Decimal("7.880000"),
            longitude=Decimal("98.390000"),
        )
    _people(w)
    _classes_and_records(w)
    from tests.world_parts import EXTENSIONS

    for extend in EXTENSIONS:
        extend(w)
    return w


def _people(w: World) -> None:
    for persona in PERSONAS[1:]:
        w.users[persona] = User.objects.create_user(username=persona, password=None)
    for name, school, first_th, last_th, first_en, last_en, position, persona in _STAFF:
        w.staff[name] = Staff.objects.create(
            school=w.schools[school],
            user=w.users.get(persona),
            first_name_th=first_th,
            last_name_th=last_th,
            first_name_en=first_en,
            last_name_en=last_en,
            sex=Sex.FEMALE,
            position=StaffPosition(position),
            learning_area=LearningArea.THAI,
        )
    Membership.objects.bulk_create(
        [
            Membership(user=w.users["teacher_a"], role=Role.TEACHER, school=w.schools["A"]),
            Membership(user=w.users["director_a"], role=Role.DIRECTOR, school=w.schools["A"]),
            Membership(user=w.users["teacher_b"], role=Role.TEACHER, school=w.schools["B"]),
            Membership(user=w.users["officer"], role=Role.OFFICER, network=w.networks["N"]),
            Membership(user=w.users["analyst"], role=Role.ANALYST, network=w.networks["N"]),
            Membership(user=w.users["admin"], role=Role.ADMIN),
        ]
    )
    household = Household.objects.create(house_no="11/1", province_code="83", postcode="83000")
    for n, (name, first_th, last_th, first_en, last_en, nick, sex, born, kind) in enumerate(
        _STUDENTS, start=1
    ):
        identifier: str | None = None
        identifier_kind = IdentifierKind.PENDING
        if kind == "id":
            identifier, identifier_kind = national_id(f"1839{n:08d}"), IdentifierKind.NATIONAL_ID
        elif kind == "g":
            identifier, identifier_kind = f"G8390{n:08d}", IdentifierKind.G_CODE
        w.students[name] = Student.objects.create(
            identifier_kind=identifier_kind,
            identifier=identifier,
            title_th="เด็กหญิง" if sex == "F" else "เด็กชาย",
            first_name_th=first_th,
            last_name_th=last_th,
            first_name_en=first_en,
            last_name_en=last_en,
            nickname=nick,
            sex=sex,
            birth_date=dt.date.fromisoformat(born),
            religion=Religion.BUDDHISM,
            house_no=f"{700 + n}/{n}9",
            village_no=str(n),
            street=f"ซอยทดสอบ{first_en}",
            province_code="83",
            amphoe_code="8301",
            tambon_code="830101",
            village_code=f"830101{n:02d}",
            postcode="83000",
            latitude=Decimal(f"7.8{n:02d}417"),
            longitude=Decimal(f"98.3{n:02d}863"),
            photo=f"students/{first_en.lower()}.jpg" if n == 1 else "",
            household=household if n <= 2 else None,
        )


def _classes_and_records(w: World) -> None:
    subject = Subject.objects.create(
        code="ท11101", name_th="ภาษาไทย", learning_area=LearningArea.THAI, grade_level=GradeLevel.P1
    )
    enrolments: list[Enrolment] = []
    marks: list[AttendanceMark] = []
    results: list[CourseResult] = []

    def enrol(student: str, classroom: str, **closing: Any) -> None:
        room = w.classrooms[classroom]
        year = room.academic_year
        course = w.courses[classroom]
        enrolments.append(
            Enrolment(
                student=w.students[student],
                classroom=room,
                school=room.school,
                academic_year=year,
                student_number=f"{room.pk:02d}{len(enrolments) + 1:03d}",
                start_date=year.start_date,
                status=closing.pop("status", EnrolmentStatus.ACTIVE),
                **closing,
            )
        )
        day = year.start_date + dt.timedelta(days=(7 - year.start_date.weekday()) % 7)  # a Monday
        late = len(marks) % 3 == 1
        marks.append(
            AttendanceMark(
                student=w.students[student],
                date=day,
                school=room.school,
                classroom=room,
                status=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT,
                minutes_late=10 if late else None,
                reason="ฝนตกหนัก" if late else "",
            )
        )
        results.append(
            CourseResult(
                student=w.students[student],
                course=course,
                term=course.term,
                school=room.school,
                score=Decimal("72.50"),
                grade=Decimal("3.0"),
            )
        )

    for key, school, year, grade, room, homeroom, teacher, members in _CLASSROOMS:
        classroom = Classroom.objects.create(
            school=w.schools[school],
            academic_year=w.years[year],
            grade_level=GradeLevel[grade],
            room=int(room),
        )
        classroom.homeroom_teachers.add(w.staff[homeroom])
        w.classrooms[key] = classroom
        w.courses[key] = Course.objects.create(
            classroom=classroom, term=w.terms[year], subject=subject, teacher=w.staff[teacher]
        )
        for student in members.split(",") if members != "-" else []:
            enrol(student, key)
    # The mover: in B0 last year, transferred to school A, now in A1.
    enrol(
        "mover",
        "B0",
        status=EnrolmentStatus.TRANSFERRED_OUT,
        end_date=w.years["N_before"].end_date,
        exit_reason=ExitReason.MOVED_HOUSE,
        destination=w.schools["A"].name_th,
    )
    enrol("mover", "A1")
    Enrolment.objects.bulk_create(enrolments)
    AttendanceMark.objects.bulk_create(marks)
    CourseResult.objects.bulk_create(results)
