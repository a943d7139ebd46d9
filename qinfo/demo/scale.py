"""How big a demo municipality is. One code path builds every scale; only these numbers differ."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    #: Classrooms per grade level in each school; the length is the number of schools.
    rooms_per_grade: tuple[int, ...]
    #: Target students per room in pre-primary (อ.), primary (ป.) and secondary (ม.).
    room_size: tuple[int, int, int]
    #: Students per teacher when staffing a school (Phuket City: 9,668 students, 658 teachers).
    students_per_teacher: float = 15.7
    #: Complete academic years before the current one.
    history_years: int = 3
    #: Leavers who come back to another school as a new record (work for the matching service).
    duplicates_per_year: int = 4

    @property
    def schools(self) -> int:
        return len(self.rooms_per_grade)

    def room_target(self, grade: int) -> int:
        if grade <= 3:
            return self.room_size[0]
        if grade <= 9:
            return self.room_size[1]
        return self.room_size[2]


SCALES: dict[str, Scale] = {
    # 7 schools, 18 rooms per grade in all: about 9,900 places, 9,700 students on a school day.
    "phuket": Scale(
        name="phuket",
        rooms_per_grade=(4, 3, 3, 2, 2, 2, 2),
        room_size=(30, 37, 40),
        duplicates_per_year=5,
    ),
    # 2 schools with one room per grade: about 800 students.
    "small": Scale(
        name="small",
        rooms_per_grade=(1, 1),
        room_size=(22, 28, 28),
        duplicates_per_year=2,
    ),
}
