"""A network (municipality or learning city) → schools → classrooms per year; the calendar;
staff; subjects and courses."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Lets constraints say code__length=10 on every database.
models.CharField.register_lookup(Length)


class GradeLevel(models.IntegerChoices):
    """อ.1–ม.6 in order; the number is the position in the 15-year ladder of free education."""

    K1 = 1, _("K1")
    K2 = 2, _("K2")
    K3 = 3, _("K3")
    P1 = 4, _("P1")
    P2 = 5, _("P2")
    P3 = 6, _("P3")
    P4 = 7, _("P4")
    P5 = 8, _("P5")
    P6 = 9, _("P6")
    M1 = 10, _("M1")
    M2 = 11, _("M2")
    M3 = 12, _("M3")
    M4 = 13, _("M4")
    M5 = 14, _("M5")
    M6 = 15, _("M6")


class NetworkKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    LEARNING_CITY = "learning_city", _("Learning city")
    SERVICE_AREA = "service_area", _("Educational service area")
    OTHER = "other", _("Other")


class Affiliation(models.TextChoices):
    """The first two digits of a school code name its affiliation (DOMAIN.md §2)."""

    OBEC = "10", _("Office of the Basic Education Commission")
    DLA = "30", _("Department of Local Administration")
    OTHER = "99", _("Other")


class LearningArea(models.TextChoices):
    THAI = "thai", _("Thai language")
    MATH = "math", _("Mathematics")
    SCIENCE = "science", _("Science and technology")
    SOCIAL = "social", _("Social studies, religion and culture")
    HEALTH = "health", _("Health and physical education")
    ARTS = "arts", _("Arts")
    CAREERS = "careers", _("Occupations")
    FOREIGN = "foreign", _("Foreign languages")
    ACTIVITY = "activity", _("Learner development activities")


class Network(models.Model):
    code = models.SlugField(max_length=32, unique=True)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=NetworkKind.choices)
    province_code = models.CharField(max_length=2, blank=True)

    def __str__(self) -> str:
        return self.name_th


class School(models.Model):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="schools")
    code = models.CharField(_("school code"), max_length=10, unique=True)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    affiliation = models.CharField(max_length=2, choices=Affiliation.choices)
    lowest_grade = models.PositiveSmallIntegerField(choices=GradeLevel.choices)
    highest_grade = models.PositiveSmallIntegerField(choices=GradeLevel.choices)
    province_code = models.CharField(max_length=2, blank=True)
    amphoe_code = models.CharField(max_length=4, blank=True)
    tambon_code = models.CharField(max_length=6, blank=True)
    village_code = models.CharField(max_length=8, blank=True)
    address = models.CharField(max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    #: The school also takes roll call per lesson period of each course (docs/definitions.md §7).
    period_attendance = models.BooleanField(_("period attendance"), default=False, db_default=False)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(name="school_code_10_digits", condition=Q(code__length=10)),
            models.CheckConstraint(
                name="school_levels_ordered", condition=Q(lowest_grade__lte=F("highest_grade"))
            ),
            models.CheckConstraint(
                name="school_latitude_range",
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            ),
            models.CheckConstraint(
                name="school_longitude_range",
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            ),
        ]

    def __str__(self) -> str:
        return self.name_th


class AcademicYear(models.Model):
    """An academic year of a network, named by its Buddhist Era year (AY 2568 starts May 2025)."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="academic_years")
    year_be = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["year_be"]
        constraints = [
            models.UniqueConstraint(fields=["network", "year_be"], name="academic_year_unique"),
            models.CheckConstraint(
                name="academic_year_dates_ordered", condition=Q(end_date__gt=F("start_date"))
            ),
        ]

    def __str__(self) -> str:
        return str(self.year_be)


class Term(models.Model):
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["academic_year__year_be", "number"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "number"], name="term_unique"),
            models.CheckConstraint(
                name="term_number_range", condition=Q(number__gte=1, number__lte=3)
            ),
            models.CheckConstraint(
                name="term_dates_ordered", condition=Q(end_date__gt=F("start_date"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.academic_year.year_be}"


class NonSchoolDay(models.Model):
    """A weekday inside a term with no teaching (public holiday, school closure)."""

    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="non_school_days"
    )
    date = models.DateField()
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "date"], name="non_school_day_unique")
        ]


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class StaffPosition(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    DIRECTOR = "director", _("Director")
    DEPUTY = "deputy", _("Deputy director")
    REGISTRAR = "registrar", _("Registrar")
    SUPPORT = "support", _("Support staff")


class Subject(models.Model):
    """A course of the core curriculum (e.g. ท11101 ภาษาไทย 1)."""

    code = models.CharField(max_length=16, unique=True)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    learning_area = models.CharField(max_length=16, choices=LearningArea.choices)
    grade_level = models.PositiveSmallIntegerField(choices=GradeLevel.choices)
    hours_per_year = models.PositiveSmallIntegerField(default=40)

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"


class Staff(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="staff")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    title_th = models.CharField(max_length=30, blank=True)
    first_name_th = models.CharField(max_length=100)
    last_name_th = models.CharField(max_length=100)
    first_name_en = models.CharField(max_length=100, blank=True)
    last_name_en = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    position = models.CharField(max_length=16, choices=StaffPosition.choices)
    learning_area = models.CharField(max_length=16, choices=LearningArea.choices, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="staff")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "staff"
        ordering = ["school_id", "first_name_th", "last_name_th"]

    def __str__(self) -> str:
        return f"{self.title_th}{self.first_name_th} {self.last_name_th}"


class Classroom(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classrooms")
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="classrooms"
    )
    grade_level = models.PositiveSmallIntegerField(choices=GradeLevel.choices)
    room = models.PositiveSmallIntegerField()
    homeroom_teachers = models.ManyToManyField(Staff, blank=True, related_name="homerooms")

    class Meta:
        ordering = ["school_id", "academic_year__year_be", "grade_level", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "grade_level", "room"], name="classroom_unique"
            ),
            models.CheckConstraint(name="classroom_room_positive", condition=Q(room__gte=1)),
        ]

    @property
    def name(self) -> str:
        return classroom_name(self.grade_level, self.room)

    def __str__(self) -> str:
        return self.name


def classroom_name(grade_level: int, room: int) -> str:
    """A classroom's short name, e.g. "ป.4/2" (`Classroom.name`, from the two columns)."""
    return f"{grade_label(grade_level)}/{room}"


def grade_label(grade_level: int) -> str:
    """The grade's short name in the active language (a list of hundreds of children names the
    same few grades: each is translated once per language)."""
    return _grade_label(grade_level, get_language())


@functools.lru_cache(maxsize=256)
def _grade_label(grade_level: int, language: str | None) -> str:
    return str(GradeLevel(grade_level).label)


class Course(models.Model):
    """A subject taught to one classroom in one term, by a teacher."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="courses")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="courses")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="courses")
    teacher = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    hours = models.PositiveSmallIntegerField(default=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "term", "subject"], name="course_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.classroom} {self.term}"
