"""Years of school life, simulated: intake, classes, absence, grades, leaving, year ends.

For each academic year, oldest first: fill every grade of every school (new intake in อ.1, ป.1,
ม.1 and ม.4; transfers in elsewhere; a few earlier leavers come back to another school as a new
record), decide who leaves during the year and when (see qinfo.demo.causal), bring in transfers
during the year, draw each enrolment's daily attendance, score every course of every completed
term, and close the year: promoted, repeating, or graduated (ม.6; some leave after ป.6 or ม.3).
In the current year nothing after today is kept, but a dropout-to-be's absence already rises.
"""

from __future__ import annotations

import datetime as dt
import random

from qinfo.demo import causal
from qinfo.demo.calendar import Calendar, YearPlan, build_calendar, day_factors
from qinfo.demo.curriculum import Curriculum
from qinfo.demo.people import PeopleMaker
from qinfo.demo.places import (
    ABROAD,
    OUTSIDE_MOVED_HOUSE,
    OUTSIDE_OTHER_AFFILIATION,
    OUTSIDE_SAME_AFFILIATION,
    SCHOOLS,
    DemoSchool,
)
from qinfo.demo.records import Enrol, Ids, Kid, ResultRec
from qinfo.demo.scale import Scale

ENTRY_GRADES = (1, 4, 10, 13)
#: Share of a grade's children who leave the network when they finish it (status graduated).
LEAVE_AFTER = {9: 0.12, 12: 0.30, 15: 1.0}


class World:
    def __init__(self, scale: Scale, seed: int, today: dt.date, ids: Ids) -> None:
        self.scale = scale
        self.ids = ids
        self.rng = random.Random(seed)
        self.calendar: Calendar = build_calendar(today, scale.history_years)
        for year in self.calendar.years:
            year.id = ids.take("year")
            for term in year.terms:
                term.id = ids.take("term")
        self.network_id = ids.take("network")
        self.schools: tuple[DemoSchool, ...] = SCHOOLS[: scale.schools]
        self.school_ids = [ids.take("school") for _ in self.schools]
        self.school_effect = [self.rng.gauss(0, 1.5) for _ in self.schools]
        self.people = PeopleMaker(self.rng, seed, ids, today)
        self.curriculum = Curriculum(scale, self.calendar, ids, self.people, self.rng)
        holidays = {day for year in self.calendar.years for day, _, _ in year.holidays}
        self.factors = day_factors(self.calendar.days, holidays)
        self.kids: list[Kid] = []
        self.enrols: list[Enrol] = []
        self.results: list[ResultRec] = []
        self.duplicates: list[tuple[int, int]] = []  # (original, duplicate) student ids
        self._numbers = [0] * len(self.schools)

    # Helpers -----------------------------------------------------------------------------
    def _new_kid(self, school: int, grade: int, year: YearPlan, created: dt.date) -> Kid:
        kid = self.people.kid(self.schools[school], grade, year.start, created)
        self.kids.append(kid)
        return kid

    def _enrol(
        self, kid: Kid, school: int, year: YearPlan, grade: int, room: int, first: int
    ) -> Enrol:
        if school not in kid.numbers:
            self._numbers[school] += 1
            kid.numbers[school] = f"{self._numbers[school]:05d}"
        classroom = self.curriculum.classrooms[(school, year.index, grade, room)]
        enrol = Enrol(
            self.ids.take("enrolment"),
            kid,
            school,
            year.index,
            grade,
            classroom.id,
            first,
            year.last_day,
        )
        self.enrols.append(enrol)
        return enrol

    def _rooms(self, school: int) -> int:
        return self.scale.rooms_per_grade[school]

    # The year loop -----------------------------------------------------------------------
    def run(self) -> None:
        continuing: dict[tuple[int, int], list[Kid]] = {}
        for year in self.calendar.years:
            self.curriculum.open_year(year)
            started = self._start_year(year, continuing)
            leavers = self._plan_exits(year, started)
            self._arrivals(year, leavers)
            year_enrols = [e for e in self.enrols if e.year == year.index]
            for enrol in year_enrols:
                last = min(enrol.last_day, self.calendar.today_index)
                probabilities = causal.daily_probabilities(enrol.kid, enrol.grade)
                enrol.marks = causal.marks(
                    probabilities, self.factors, enrol.first_day, last, enrol.ramp, self.rng
                )
                if enrol.last_day > self.calendar.today_index and enrol.status != "active":
                    # The exit lies after today: not yet known, but the decline already shows.
                    enrol.status, enrol.exit_reason, enrol.destination = "active", "", ""
                    enrol.last_day = self.calendar.today_index
            self._score(year, year_enrols)
            if self.calendar.year_completed(year):
                continuing = self._close_year(year, year_enrols)

    def _start_year(
        self, year: YearPlan, continuing: dict[tuple[int, int], list[Kid]]
    ) -> list[Enrol]:
        rng = self.rng
        start = year.terms[0].start
        started: list[Enrol] = []
        for school in range(len(self.schools)):
            rooms = self._rooms(school)
            for grade in range(1, 16):
                kids = list(continuing.get((school, grade), []))
                target = rooms * self.scale.room_target(grade)
                if year.index == 0:
                    wanted = round(target * rng.uniform(0.96, 1.0))
                elif grade in ENTRY_GRADES:
                    wanted = round(target * rng.uniform(0.95, 1.0)) - len(kids)
                else:
                    wanted = round(max(0, target - len(kids)) * rng.uniform(0.3, 0.7))
                kids += [self._new_kid(school, grade, year, start) for _ in range(max(0, wanted))]
                kids.sort(key=lambda k: k.id)
                rng.shuffle(kids)
                for position, kid in enumerate(kids):
                    room = position % rooms + 1
                    started.append(self._enrol(kid, school, year, grade, room, year.first_day))
        return started

    def _plan_exits(self, year: YearPlan, started: list[Enrol]) -> list[Enrol]:
        rng = self.rng
        first, last = year.first_day, year.last_day
        risks = [causal.dropout_risk(e.kid) for e in started]
        mean_risk = sum(risks) / max(1, len(risks))
        leavers = []
        for enrol, risk in zip(started, risks, strict=True):
            roll = rng.random()
            p_drop = min(0.6, causal.DROPOUT_BASE[causal.band(enrol.grade)] * risk / mean_risk)
            if roll < p_drop:
                exit_day = rng.randint(first + 20, last - 5)
                enrol.status = "dropped_out"
                enrol.exit_reason = causal.dropout_reason(enrol.kid, enrol.grade, rng)
                length = rng.randint(45, 90)
                enrol.ramp = (exit_day - length, length)
            elif roll < p_drop + causal.TRANSFER_RATE:
                exit_day = rng.randint(first + 10, last - 15)
                self._transfer(enrol, year, exit_day)
            elif roll < p_drop + causal.TRANSFER_RATE + causal.DEATH_RATE:
                exit_day = rng.randint(first + 10, last - 5)
                enrol.status, enrol.exit_reason = "deceased", "death"
            else:
                continue
            enrol.last_day = exit_day
            leavers.append(enrol)
        return leavers

    def _transfer(self, enrol: Enrol, year: YearPlan, exit_day: int) -> None:
        rng = self.rng
        enrol.status = "transferred_out"
        others = [s for s in range(len(self.schools)) if s != enrol.school]
        reason = rng.choices(
            ("moved_house", "same_affiliation", "other_affiliation", "abroad"), (45, 30, 18, 7)
        )[0]
        enrol.exit_reason = reason
        if reason == "same_affiliation" and others and rng.random() < 0.7:
            school = rng.choice(others)
            enrol.destination = self.schools[school].name_th
            arrive = exit_day + rng.randint(3, 10)
            if arrive <= self.calendar.today_index:
                room = rng.randint(1, self._rooms(school))
                self._enrol(enrol.kid, school, year, enrol.grade, room, arrive)
            return
        if reason == "same_affiliation":
            enrol.destination = rng.choice(OUTSIDE_SAME_AFFILIATION)
        elif reason == "other_affiliation":
            enrol.destination = rng.choice(OUTSIDE_OTHER_AFFILIATION)
        elif reason == "abroad":
            enrol.destination = ABROAD[0] if enrol.kid.nationality == "MM" else rng.choice(ABROAD)
        else:
            enrol.destination = rng.choice(OUTSIDE_MOVED_HOUSE)

    def _arrivals(self, year: YearPlan, leavers: list[Enrol]) -> None:
        """Children who move in during the year, about as many as moved away."""
        rng = self.rng
        for school in range(len(self.schools)):
            moved = sum(1 for e in leavers if e.school == school and e.status == "transferred_out")
            for _ in range(round(moved * 0.7)):
                day = rng.randint(year.first_day + 10, year.last_day - 20)
                if day > self.calendar.today_index:
                    continue
                grade = rng.randint(2, 15)
                kid = self._new_kid(school, grade, year, self.calendar.days[day])
                self._enrol(kid, school, year, grade, rng.randint(1, self._rooms(school)), day)

    def _score(self, year: YearPlan, enrols: list[Enrol]) -> None:
        rng = self.rng
        classrooms = self.curriculum.classroom_by_id
        for term in year.terms:
            if not self.calendar.term_completed(term):
                continue
            for enrol in enrols:
                if not enrol.first_day <= term.last_day <= enrol.last_day:
                    continue
                offset = enrol.first_day
                letters = enrol.marks[
                    max(term.first_day, enrol.first_day) - offset : term.last_day - offset + 1
                ]
                away = causal.away_rate(letters)
                declining = enrol.ramp is not None and enrol.ramp[0] <= term.last_day
                school_id = self.school_ids[enrol.school]
                for course in classrooms[enrol.classroom].courses:
                    if course.term != term.id:
                        continue
                    score: int | None = None
                    grade: str | None = None
                    mark = ""
                    if course.area == "activity":
                        mark = "ผ" if away <= 1 - causal.PASS_ATTENDANCE else "มผ"
                    elif away > 1 - causal.PASS_ATTENDANCE:
                        mark = "มส"
                    elif rng.random() < causal.INCOMPLETE_RATE:
                        mark = "ร"
                    else:
                        score = causal.score(
                            enrol.kid, away, self.school_effect[enrol.school], declining, rng
                        )
                        grade = causal.grade_for(score)
                    self.results.append(
                        ResultRec(enrol.kid.id, course.id, term.id, school_id, score, grade, mark)
                    )

    def _close_year(self, year: YearPlan, enrols: list[Enrol]) -> dict[tuple[int, int], list[Kid]]:
        rng = self.rng
        grades: dict[int, list[float]] = {}
        for result in self.results:
            if result.term in (year.terms[0].id, year.terms[-1].id) and result.grade is not None:
                grades.setdefault(result.student, []).append(float(result.grade))
        continuing: dict[tuple[int, int], list[Kid]] = {}
        for enrol in enrols:
            if enrol.status != "active":
                continue
            values = grades.get(enrol.kid.id)
            enrol.gpa = sum(values) / len(values) if values else None
            weak = enrol.gpa is not None and enrol.gpa < causal.REPEAT_BELOW_GPA
            if enrol.grade >= 4 and weak and rng.random() < causal.REPEAT_CHANCE:
                enrol.status = "repeating"
                enrol.kid.over_age += 1
                continuing.setdefault((enrol.school, enrol.grade), []).append(enrol.kid)
            elif rng.random() < LEAVE_AFTER.get(enrol.grade, 0.0):
                enrol.status = "graduated"
            else:
                enrol.status = "promoted"
                continuing.setdefault((enrol.school, enrol.grade + 1), []).append(enrol.kid)
        self._returners(year, enrols, continuing)
        return continuing

    def _returners(
        self, year: YearPlan, enrols: list[Enrol], continuing: dict[tuple[int, int], list[Kid]]
    ) -> None:
        """A few children who left come back next year to another school, recorded afresh."""
        rng = self.rng
        candidates = [
            e
            for e in enrols
            if e.grade <= 14
            and (
                e.status == "dropped_out"
                or (e.status == "transferred_out" and e.exit_reason == "moved_house")
            )
        ]
        candidates.sort(key=lambda e: e.id)
        next_start = self.calendar.years[year.index + 1].terms[0].start
        for enrol in rng.sample(candidates, min(self.scale.duplicates_per_year, len(candidates))):
            others = [s for s in range(len(self.schools)) if s != enrol.school] or [enrol.school]
            school = rng.choice(others)
            copy = self.people.duplicate(enrol.kid, self.schools[school], next_start)
            self.kids.append(copy)
            self.duplicates.append((enrol.kid.id, copy.id))
            continuing.setdefault((school, enrol.grade), []).append(copy)
