"""Subjects of the 8 learning areas, the staff of each school, classrooms, courses, homerooms.

Pre-primary classes (อ.1–อ.3) follow the early-childhood curriculum, which is not taught in graded
courses: they have homeroom teachers and attendance but no courses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from qinfo.demo.calendar import Calendar, YearPlan
from qinfo.demo.causal import band
from qinfo.demo.people import PeopleMaker
from qinfo.demo.records import ClassroomRec, CourseRec, Ids, StaffRec
from qinfo.demo.scale import Scale

#: (learning area, code letter, Thai name, English name)
AREAS = (
    ("thai", "ท", "ภาษาไทย", "Thai language"),
    ("math", "ค", "คณิตศาสตร์", "Mathematics"),
    ("science", "ว", "วิทยาศาสตร์และเทคโนโลยี", "Science and technology"),
    ("social", "ส", "สังคมศึกษา ศาสนา และวัฒนธรรม", "Social studies, religion and culture"),
    ("health", "พ", "สุขศึกษาและพลศึกษา", "Health and physical education"),
    ("arts", "ศ", "ศิลปะ", "Arts"),
    ("careers", "ง", "การงานอาชีพ", "Occupations"),
    ("foreign", "อ", "ภาษาอังกฤษ", "English"),
    ("activity", "ก", "กิจกรรมพัฒนาผู้เรียน", "Learner development activities"),
)
#: Hours per year by level (the core curriculum's time structure, rounded).
HOURS = {
    "P": (200, 200, 80, 120, 80, 80, 40, 80, 120),
    "LS": (120, 120, 120, 160, 80, 80, 80, 120, 120),
    "US": (80, 80, 120, 80, 40, 40, 40, 80, 120),
}
GRADE_TH = ("", "อ.1", "อ.2", "อ.3", "ป.1", "ป.2", "ป.3", "ป.4", "ป.5", "ป.6",
            "ม.1", "ม.2", "ม.3", "ม.4", "ม.5", "ม.6")  # fmt: skip
GRADE_EN = ("", "K1", "K2", "K3", "P1", "P2", "P3", "P4", "P5", "P6",
            "M1", "M2", "M3", "M4", "M5", "M6")  # fmt: skip
FIRST_GRADED = 4  # ป.1


@dataclass(slots=True)
class SubjectRec:
    id: int
    code: str
    name_th: str
    name_en: str
    area: str
    grade: int
    hours: int  # per year for primary subjects, per term for secondary ones
    term: int  # 0: both terms (primary); 1 or 2: that term only


def make_subjects(ids: Ids) -> list[SubjectRec]:
    """Codes follow the core curriculum: area letter, level, year, basic course (1), number."""
    subjects = []
    for grade in range(FIRST_GRADED, 16):
        hours = HOURS[band(grade)]
        terms: tuple[int, ...]
        if grade <= 9:
            level, year, terms = 1, grade - 3, (0,)
        else:
            level, year, terms = (2 if grade <= 12 else 3), (grade - 10) % 3 + 1, (1, 2)
        for (area, letter, th, en), per_year in zip(AREAS, hours, strict=True):
            for term in terms:
                number = term or 1
                code = f"{letter}{level}{year}{9 if area == 'activity' else 1}0{number}"
                suffix_th = f" ภาคเรียนที่ {term}" if term else ""
                suffix_en = f" term {term}" if term else ""
                subjects.append(
                    SubjectRec(
                        id=ids.take("subject"),
                        code=code,
                        name_th=f"{th} {GRADE_TH[grade]}{suffix_th}",
                        name_en=f"{en} {GRADE_EN[grade]}{suffix_en}",
                        area=area,
                        grade=grade,
                        hours=per_year if not term else per_year // 2,
                        term=term,
                    )
                )
    return subjects


class Curriculum:
    def __init__(
        self, scale: Scale, calendar: Calendar, ids: Ids, people: PeopleMaker, rng: random.Random
    ) -> None:
        self.scale = scale
        self.calendar = calendar
        self.ids = ids
        self.people = people
        self.rng = rng
        self.subjects = make_subjects(ids)
        self._by_grade: dict[int, list[SubjectRec]] = {}
        for subject in self.subjects:
            self._by_grade.setdefault(subject.grade, []).append(subject)
        self.staff: list[StaffRec] = []
        self.classrooms: dict[tuple[int, int, int, int], ClassroomRec] = {}
        self.classroom_by_id: dict[int, ClassroomRec] = {}
        for school, rooms in enumerate(scale.rooms_per_grade):
            self._hire(school, rooms)

    # Staff --------------------------------------------------------------------------------
    def _person(self, school: int, position: str, area: str) -> StaffRec:
        rng, fake = self.rng, self.people.fake
        sex = "F" if rng.random() < 0.7 else "M"
        first = fake.first_name_female() if sex == "F" else fake.first_name_male()
        title = "นาย" if sex == "M" else rng.choice(("นาง", "นางสาว"))
        record = StaffRec(
            self.ids.take("staff"), school, title, first, fake.last_name(), sex, position, area
        )
        self.staff.append(record)
        return record

    def _hire(self, school: int, rooms: int) -> None:
        students = sum(rooms * self.scale.room_target(g) for g in range(1, 16))
        teachers = round(students / self.scale.students_per_teacher)
        self._person(school, "director", "")
        if rooms >= 3:
            self._person(school, "deputy", "")
        self._person(school, "registrar", "")
        early = 3 * rooms
        for _ in range(early):
            self._person(school, "teacher", "")
        hours = [0] * len(AREAS)
        for grade in range(FIRST_GRADED, 16):
            for index, value in enumerate(HOURS[band(grade)]):
                hours[index] += value * rooms
        # Activities are led by teachers of every area; they need no teachers of their own.
        graded = sum(hours[:-1])
        rest = max(len(AREAS) - 1, teachers - early)
        for (area, *_), value in zip(AREAS[:-1], hours[:-1], strict=True):
            for _ in range(max(1, round(rest * value / graded))):
                self._person(school, "teacher", area)

    def teachers(self, school: int, area: str) -> list[StaffRec]:
        return [
            s
            for s in self.staff
            if s.school == school and s.position == "teacher" and s.learning_area == area
        ]

    # Classrooms and courses ----------------------------------------------------------------
    def open_year(self, year: YearPlan) -> None:
        """Classrooms of every school for the year, their courses (terms begun by today) and
        homeroom teachers, teaching spread evenly over each area's teachers."""
        started = [t for t in year.terms if t.start <= self.calendar.today]
        for school, rooms in enumerate(self.scale.rooms_per_grade):
            for member in self.staff:
                member.load = 0
            homerooms: dict[int, int] = {}
            pools = {area: self.teachers(school, area) for area, *_ in AREAS}
            pools["activity"] = [s for a, *_ in AREAS[:-1] for s in pools[a]]
            for grade in range(1, 16):
                for room in range(1, rooms + 1):
                    classroom = ClassroomRec(
                        self.ids.take("classroom"), school, year.index, grade, room
                    )
                    self.classrooms[(school, year.index, grade, room)] = classroom
                    self.classroom_by_id[classroom.id] = classroom
                    teaching: list[StaffRec] = []
                    for subject in self._by_grade.get(grade, []):
                        pool = pools[subject.area]
                        teacher = min(pool, key=lambda s: (s.load, s.id))
                        teacher.load += subject.hours
                        teacher.subjects.add(subject.id)
                        teaching.append(teacher)
                        for term in started:
                            if subject.term in (0, term.number):
                                classroom.courses.append(
                                    CourseRec(
                                        self.ids.take("course"),
                                        classroom.id,
                                        term.id,
                                        term.number,
                                        subject.id,
                                        subject.area,
                                        teacher.id,
                                        subject.hours // 2 if subject.term == 0 else subject.hours,
                                    )
                                )
                    candidates = teaching or self.teachers(school, "")
                    chosen = min(candidates, key=lambda s: (homerooms.get(s.id, 0), s.load, s.id))
                    homerooms[chosen.id] = homerooms.get(chosen.id, 0) + 1
                    classroom.homeroom.append(chosen.id)

    def courses(self) -> list[CourseRec]:
        return [c for room in self.classroom_by_id.values() for c in room.courses]
