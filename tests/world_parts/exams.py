"""National test results and literacy screenings for every enrolment of the permission world.

Each enrolment gets an RT reading-aloud score for its year (at its school) and a literacy
screening in its year's first term (in its classroom), so that both lists about children answer
rows for every child. The national tests and means themselves are seeded by the exams migration.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from qinfo.enrolment.models import Enrolment
from qinfo.exams.models import LiteracyScreening, NationalTestResult, NationalTestSubject

if TYPE_CHECKING:
    from tests.world import World


def extend(w: World) -> None:
    reading = NationalTestSubject.objects.get(test__code="rt-p1", code="reading_aloud")
    enrolments = Enrolment.objects.filter(
        student_id__in=[s.pk for s in w.students.values()]
    ).select_related("academic_year", "classroom")
    terms = {term.academic_year_id: term for term in w.terms.values()}
    results, screenings = [], []
    for n, e in enumerate(enrolments.order_by("pk")):
        results.append(
            NationalTestResult(
                student_id=e.student_id,
                subject=reading,
                academic_year=e.academic_year,
                school_id=e.school_id,
                score=Decimal(60 + n),
            )
        )
        screenings.append(
            LiteracyScreening(
                student_id=e.student_id,
                term=terms[e.academic_year_id],
                classroom=e.classroom,
                school_id=e.school_id,
                reading_aloud=1 + n % 4,
                reading_comprehension=1 + (n + 1) % 4,
                word_writing=1 + (n + 2) % 4,
                composition=1 + (n + 3) % 4,
            )
        )
    NationalTestResult.objects.bulk_create(results)
    LiteracyScreening.objects.bulk_create(screenings)
