"""National tests (O-NET, NT, RT) with their subjects and national means, kept as data; each
student's results; and the early-grade literacy screening (ป.1–ป.3).

docs/definitions.md §9 defines each table and rule.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinfo.core.fields import acting_user
from qinfo.organisations.models import GradeLevel


class TestFamily(models.TextChoices):
    ONET = "onet", "O-NET"
    NT = "nt", "NT"
    RT = "rt", "RT"


class NationalTest(models.Model):
    """One national test at one grade level (e.g. O-NET ป.6). Rows, not code: new tests are data."""

    code = models.SlugField(max_length=16, unique=True)
    family = models.CharField(max_length=8, choices=TestFamily.choices)
    grade_level = models.PositiveSmallIntegerField(choices=GradeLevel.choices)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["grade_level", "family"]
        constraints = [
            models.UniqueConstraint(fields=["family", "grade_level"], name="test_family_grade"),
            models.CheckConstraint(
                name="test_grade_range", condition=Q(grade_level__gte=1, grade_level__lte=15)
            ),
        ]

    def __str__(self) -> str:
        return self.name_th


class NationalTestSubject(models.Model):
    """A part of a national test that gets its own score (O-NET ป.6 mathematics, RT reading
    aloud)."""

    test = models.ForeignKey(NationalTest, on_delete=models.PROTECT, related_name="subjects")
    code = models.SlugField(max_length=32)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["test__grade_level", "test__family", "position"]
        constraints = [
            models.UniqueConstraint(fields=["test", "code"], name="test_subject_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.test.name_th} {self.name_th}"


class NationalMean(models.Model):
    """The national mean score of one subject of a national test in one academic year (BE)."""

    subject = models.ForeignKey(NationalTestSubject, on_delete=models.PROTECT, related_name="means")
    year_be = models.PositiveSmallIntegerField()
    mean = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year_be", "subject_id"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "year_be"], name="national_mean_unique"),
            models.CheckConstraint(
                name="national_mean_range", condition=Q(mean__gte=0, mean__lte=100)
            ),
            models.CheckConstraint(
                name="national_mean_year_be", condition=Q(year_be__gte=2500, year_be__lte=2700)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.year_be}: {self.mean}"


class NationalTestResult(models.Model):
    """One student's score in one subject of a national test in one academic year."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(NationalTestSubject, on_delete=models.PROTECT, related_name="+")
    academic_year = models.ForeignKey(
        "organisations.AcademicYear", on_delete=models.PROTECT, related_name="+"
    )
    # The school where the student sat the test (the importing school), for cheap scoping.
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2)
    recorded_by = acting_user()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "academic_year"], name="one_national_score"
            ),
            models.CheckConstraint(
                name="national_score_range", condition=Q(score__gte=0, score__lte=100)
            ),
        ]
        indexes = [
            models.Index(fields=["school", "academic_year"], name="national_school_year_idx")
        ]


class LiteracyLevel(models.IntegerChoices):
    """The four levels of the early-grade literacy screening (DOMAIN.md §4)."""

    VERY_GOOD = 4, _("Very good")
    GOOD = 3, _("Good")
    FAIR = 2, _("Fair")
    IMPROVE = 1, _("Needs improvement")


#: The four skills screened, in the order of the form: (field, English label).
LITERACY_SKILLS = (
    ("reading_aloud", _("Reading aloud")),
    ("reading_comprehension", _("Reading comprehension")),
    ("word_writing", _("Word writing")),
    ("composition", _("Composition")),
)
#: The grade levels screened: ป.1–ป.3.
LITERACY_GRADES = (GradeLevel.P1, GradeLevel.P2, GradeLevel.P3)


def _level_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(choices=LiteracyLevel.choices)


class LiteracyScreening(models.Model):
    """One child's reading and writing screening in one term: four skills, four levels each."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("organisations.Term", on_delete=models.PROTECT, related_name="+")
    # The class the child was screened in, and its school (copied, for cheap scoping).
    classroom = models.ForeignKey(
        "organisations.Classroom", on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="+")
    reading_aloud = _level_field()
    reading_comprehension = _level_field()
    word_writing = _level_field()
    composition = _level_field()
    recorded_by = acting_user()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "term"], name="one_screening_per_term"),
            *(
                models.CheckConstraint(
                    name=f"literacy_{name}_level",
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 4}),
                )
                for name, _label in LITERACY_SKILLS
            ),
        ]
        indexes = [models.Index(fields=["classroom", "term"], name="literacy_class_term_idx")]
