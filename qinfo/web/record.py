"""The parts of one child's record shown on the student's page: enrolments, attendance,
course results, household. Each reads through the policy of its model, for the acting user."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from qinfo.assessment.models import SpecialMark
from qinfo.assessment.policies import course_result_policy
from qinfo.attendance.models import AttendanceStatus, attendance_rate
from qinfo.attendance.selectors import attendance_counts_by_year
from qinfo.enrolment.models import EnrolmentStatus, ExitReason
from qinfo.enrolment.selectors import enrolment_list
from qinfo.organisations.models import LearningArea
from qinfo.people.models import Occupation, Relation, Student
from qinfo.web.present import household_address, label


@dataclass
class EnrolmentItem:
    year_be: int
    school: str
    classroom: str
    number: str
    status: str
    status_code: str
    start: Any
    end: Any
    exit_reason: str
    destination: str
    academic_year_id: int
    classroom_id: int


def enrolment_timeline(user: Any, student: Student, *, deidentified: bool) -> list[EnrolmentItem]:
    rows = enrolment_list(user=user, student_id=student.pk).select_related("school")
    return [
        EnrolmentItem(
            year_be=e.academic_year.year_be,
            school=e.school.name_th,
            classroom=e.classroom.name,
            number="" if deidentified else e.student_number,
            status=label(EnrolmentStatus, e.status),
            status_code=e.status,
            start=e.start_date,
            end=e.end_date,
            exit_reason=label(ExitReason, e.exit_reason),
            destination="" if deidentified else e.destination,
            academic_year_id=e.academic_year_id,
            classroom_id=e.classroom_id,
        )
        for e in rows.order_by("start_date", "pk")
    ]


@dataclass
class AttendanceYear:
    year_be: int
    counts: dict[str, int]
    total: int
    rate: float | None

    @property
    def shares(self) -> list[tuple[str, str, str]]:
        """(status code, label, width as a CSS percentage) for a stacked bar of the year."""
        if not self.total:
            return []
        return [
            (s.value, str(s.label), f"{100.0 * self.counts[s.value] / self.total:.2f}")
            for s in AttendanceStatus
            if self.counts[s.value]
        ]


def attendance_by_year(user: Any, student: Student) -> list[AttendanceYear]:
    """Daily marks per academic year, by status, with the share of days attended."""
    years = attendance_counts_by_year(user=user, student_id=student.pk)
    result = []
    for year_be in sorted(years):
        counts = {s.value: years[year_be].get(s.value, 0) for s in AttendanceStatus}
        result.append(
            AttendanceYear(
                year_be=year_be,
                counts=counts,
                total=sum(counts.values()),
                rate=attendance_rate(counts),
            )
        )
    return result


@dataclass
class ResultItem:
    code: str
    subject: str
    area: str
    hours: int
    score: Decimal | None
    grade: Decimal | None
    mark: str


@dataclass
class TermResults:
    term: str
    year_be: int
    number: int
    school: str
    classroom: str
    items: list[ResultItem] = field(default_factory=list)

    @property
    def gpa(self) -> Decimal | None:
        """Hours-weighted mean of the graded courses (special marks left out)."""
        graded = [(i.grade, i.hours) for i in self.items if i.grade is not None]
        hours = sum(h for _, h in graded)
        if not hours:
            return None
        total = sum((g * h for g, h in graded), Decimal(0))
        return (total / hours).quantize(Decimal("0.01"))


def results_by_term(user: Any, student: Student) -> list[TermResults]:
    rows = (
        course_result_policy.rows(user)
        .filter(student=student)
        .select_related("course__subject", "course__classroom", "term__academic_year", "school")
        .order_by("term__academic_year__year_be", "term__number", "course__subject__code")
    )
    terms: dict[int, TermResults] = {}
    for r in rows:
        term = terms.get(r.term_id)
        if term is None:
            term = terms[r.term_id] = TermResults(
                term=f"{r.term.number}/{r.term.academic_year.year_be}",
                year_be=r.term.academic_year.year_be,
                number=r.term.number,
                school=r.school.name_th,
                classroom=r.course.classroom.name,
            )
        subject = r.course.subject
        term.items.append(
            ResultItem(
                code=subject.code,
                subject=subject.name_th,
                area=label(LearningArea, subject.learning_area),
                hours=r.course.hours,
                score=r.score,
                grade=r.grade,
                mark=label(SpecialMark, r.special_mark),
            )
        )
    return list(terms.values())


@dataclass
class GuardianItem:
    name: str
    relation: str
    occupation: str
    income: Decimal | None
    phone: str
    primary: bool


def guardians(student: Student, *, deidentified: bool) -> list[GuardianItem]:
    """The child's guardians; analysts get relation, occupation and income only."""
    links = student.guardianships.select_related("member").order_by("-is_primary", "pk")
    return [
        GuardianItem(
            name="" if deidentified else str(link.member),
            relation=label(Relation, link.relation),
            occupation=label(Occupation, link.member.occupation),
            income=link.member.monthly_income,
            phone="" if deidentified else link.member.phone,
            primary=link.is_primary,
        )
        for link in links
    ]


@dataclass
class MemberItem:
    name: str
    relation: str
    age: int | None
    occupation: str
    income: Decimal | None


def household_summary(student: Student, *, deidentified: bool) -> dict[str, Any] | None:
    """The household: address, members (analysts get no names) and income per member."""
    household = student.household
    if household is None:
        return None
    members = list(household.members.order_by("pk"))
    incomes = [m.monthly_income for m in members if m.monthly_income is not None]
    per_member = sum(incomes, Decimal(0)) / len(members) if members and incomes else None
    this_year = timezone.localdate().year
    return {
        "address": "" if deidentified else household_address(household),
        "registration": "" if deidentified else household.house_registration_no,
        "members": len(members),
        "people": [
            MemberItem(
                name="" if deidentified else str(m),
                relation=label(Relation, m.relation),
                age=this_year - m.birth_year if m.birth_year else None,
                occupation=label(Occupation, m.occupation),
                income=m.monthly_income,
            )
            for m in members
        ],
        "income_per_member": per_member,
    }
