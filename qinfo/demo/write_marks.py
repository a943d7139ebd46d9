"""Loads the two big tables: daily attendance marks and course results.

Attendance (about 7 million rows at Phuket scale) is not sent row by row: each enrolment's marks
travel as one string of status letters, and the database expands them against a table of school
days in a single INSERT … SELECT. That keeps Python out of the per-row work on both engines.
Minutes late come from a fixed formula of student and day, so a build stays reproducible.
"""

from __future__ import annotations

from qinfo.assessment.models import CourseResult
from qinfo.attendance.models import AttendanceMark
from qinfo.demo.accounts import demo_teacher_homeroom
from qinfo.demo.loader import Loader
from qinfo.demo.simulate import World


def pending_roll_calls(world: World) -> set[int]:
    """Classes whose roll call of the last school day is not yet taken: about one in five of
    this year's classes, and the demo teacher's homeroom, so the completeness page has work to
    show and a demo roll call has something to fill."""
    current = world.calendar.current.index
    pending = {
        c.id
        for c in world.curriculum.classroom_by_id.values()
        if c.year == current and c.id % 5 == 0
    }
    return pending | {demo_teacher_homeroom(world)}


def write_attendance(load: Loader, world: World) -> int:
    q = load.q
    connection = load.connection
    date_type = AttendanceMark._meta.get_field("date").db_type(connection)
    stamp_type = AttendanceMark._meta.get_field("recorded_at").db_type(connection)
    load.execute(
        f"CREATE TEMPORARY TABLE demo_day (idx integer PRIMARY KEY, day {date_type} NOT NULL, "
        f"recorded_at {stamp_type} NOT NULL)"
    )
    load.execute(
        "CREATE TEMPORARY TABLE demo_span (student_id bigint NOT NULL, school_id bigint NOT NULL, "
        "classroom_id bigint NOT NULL, first_day integer NOT NULL, last_day integer NOT NULL, "
        "marks text NOT NULL)"
    )
    days = world.calendar.days[: world.calendar.today_index + 1]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO demo_day (idx, day, recorded_at) VALUES (%s, %s, %s)",
            [(i, day.isoformat(), load.stamp(day, 8, 30)) for i, day in enumerate(days)],
        )
        pending = pending_roll_calls(world)
        last = world.calendar.today_index

        def kept(marks: str, classroom: int, first_day: int) -> str:
            if classroom in pending and first_day + len(marks) - 1 == last:
                return marks[:-1]
            return marks

        # Ordered by student and day, so that the unique (student, date, period) index only ever
        # grows at its end.
        spans = sorted(
            (
                e.kid.id,
                world.school_ids[e.school],
                e.classroom,
                e.first_day,
                e.first_day + len(marks) - 1,
                marks,
            )
            for e in world.enrols
            if (marks := kept(e.marks, e.classroom, e.first_day))
        )
        for start in range(0, len(spans), 5000):
            cursor.executemany(
                "INSERT INTO demo_span "
                "(student_id, school_id, classroom_id, first_day, last_day, marks) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                spans[start : start + 5000],
            )
    letter = "substr(s.marks, d.idx - s.first_day + 1, 1)"
    columns = load.columns(
        AttendanceMark,
        (
            "student",
            "date",
            "period",
            "school",
            "classroom",
            "status",
            "minutes_late",
            "reason",
            "recorded_at",
        ),
    )
    with load.bulk(AttendanceMark):
        load.execute(
            f"INSERT INTO {q(AttendanceMark._meta.db_table)} ({columns}) "
            f"SELECT s.student_id, d.day, 0, s.school_id, s.classroom_id, {letter}, "
            f"CASE WHEN {letter} = 'L' THEN 5 + (s.student_id * 7 + d.idx * 13) %% 36 END, '', "
            "d.recorded_at FROM demo_span s "
            "JOIN demo_day d ON d.idx BETWEEN s.first_day AND s.last_day"
        )
    load.execute("DROP TABLE demo_span")
    load.execute("DROP TABLE demo_day")
    return sum(len(span[5]) for span in spans)


def write_results(load: Loader, world: World) -> int:
    terms = {t.id: t for y in world.calendar.years for t in y.terms}
    with load.bulk(CourseResult):
        return load.insert(
            CourseResult,
            ("student", "course", "term", "school", "score", "grade", "special_mark", "updated_at"),
            (
                (
                    r.student,
                    r.course,
                    r.term,
                    r.school,
                    r.score,
                    r.grade,
                    r.mark,
                    load.stamp(terms[r.term].end, 16),
                )
                for r in world.results
            ),
        )
