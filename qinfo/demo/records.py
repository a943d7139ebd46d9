"""The demo world in memory, before it is loaded: plain records with their primary keys decided.

Keys are handed out here (from the database's current maximum upwards), so that records can point
at each other before anything is written and the loader can insert them in bulk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class Ids:
    """Primary keys per table, counting up from where the database stands."""

    def __init__(self, start: dict[str, int]) -> None:
        self._next = dict(start)

    def take(self, table: str) -> int:
        value = self._next.get(table, 1)
        self._next[table] = value + 1
        return value


@dataclass(slots=True)
class Member:
    id: int
    title: str
    first: str
    last: str
    relation: str
    birth_year: int
    occupation: str
    income: int | None
    phone: str
    guardian: bool


@dataclass(slots=True)
class Household:
    id: int
    family: str  # "both" parents, "one" parent, or "relatives"
    members: list[Member]
    lat: float
    lon: float
    distance_km: float  # from home to the school the child first entered
    house_no: str
    village_no: str
    street: str
    tambon: str
    village_code: str
    postcode: str
    registration_no: str

    @property
    def income_per_member(self) -> float:
        """Baht per person per month; the child counts as a member (EEF form นร.01)."""
        total = sum(m.income or 0 for m in self.members)
        return total / (len(self.members) + 1)


@dataclass(slots=True)
class Kid:
    id: int
    identifier_kind: str
    identifier: str | None
    title: str
    first: str
    last: str
    nickname: str
    sex: str
    birth: dt.date
    nationality: str
    religion: str
    special_need: str
    household: Household
    created: dt.date
    # Latent factors (see qinfo.demo.causal); never written to the database.
    ability: float = 0.0
    poor_health: bool = False
    propensity: float = 0.0
    over_age: int = 0
    numbers: dict[int, str] = field(default_factory=dict)  # student number per school index


@dataclass(slots=True)
class Enrol:
    id: int
    kid: Kid
    school: int  # index into the world's schools
    year: int  # index into the calendar's years
    grade: int
    classroom: int  # classroom id
    first_day: int  # day index of the first school day
    last_day: int  # day index of the last school day it covers (exit day or year end)
    status: str = "active"
    exit_reason: str = ""
    destination: str = ""
    ramp: tuple[int, int] | None = None  # (first day, length) of a dropout's rising absence
    marks: str = ""  # one status letter per school day from first_day
    gpa: float | None = None


@dataclass(slots=True)
class StaffRec:
    id: int
    school: int
    title: str
    first: str
    last: str
    sex: str
    position: str
    learning_area: str
    subjects: set[int] = field(default_factory=set)
    load: int = 0  # hours of courses this year, to spread teaching evenly


@dataclass(slots=True)
class ClassroomRec:
    id: int
    school: int
    year: int
    grade: int
    room: int
    homeroom: list[int] = field(default_factory=list)  # staff ids
    courses: list[CourseRec] = field(default_factory=list)


@dataclass(slots=True)
class CourseRec:
    id: int
    classroom: int
    term: int  # term id
    term_number: int
    subject: int
    area: str
    teacher: int | None
    hours: int


@dataclass(slots=True)
class ResultRec:
    student: int
    course: int
    term: int
    school: int  # school id
    score: int | None
    grade: str | None
    mark: str
