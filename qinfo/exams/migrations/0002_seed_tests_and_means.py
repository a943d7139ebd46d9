"""The national tests, their subjects, and the national means known when qinfo was written.

Data, not code: administrators and officers add later years' means through the service
(qinfo.exams.services.national_mean_set), and can correct these rows the same way.
"""

from decimal import Decimal

from django.db import migrations

ONET_SOURCE = "NSO Statistical Yearbook 2022, table 3.17 (O-NET ป.6 national means)"
RT_NT_SOURCE = "OBEC national RT/NT results as given in the qinfo domain notes (DOMAIN.md §4)"

# code, family, grade level (organisations.GradeLevel), Thai name, English name
TESTS = [
    ("rt-p1", "rt", 4, "RT ป.1", "RT P.1"),
    ("nt-p3", "nt", 6, "NT ป.3", "NT P.3"),
    ("onet-p6", "onet", 9, "O-NET ป.6", "O-NET P.6"),
    ("onet-m3", "onet", 12, "O-NET ม.3", "O-NET M.3"),
    ("onet-m6", "onet", 15, "O-NET ม.6", "O-NET M.6"),
]
THAI = ("thai", "ภาษาไทย", "Thai language")
MATH = ("math", "คณิตศาสตร์", "Mathematics")
ENGLISH = ("english", "ภาษาอังกฤษ", "English")
SCIENCE = ("science", "วิทยาศาสตร์และเทคโนโลยี", "Science and technology")
SOCIAL = ("social", "สังคมศึกษา ศาสนา และวัฒนธรรม", "Social studies, religion and culture")
SUBJECTS = {
    "rt-p1": [
        ("reading_aloud", "การอ่านออกเสียง", "Reading aloud"),
        ("reading_comprehension", "การอ่านรู้เรื่อง", "Reading comprehension"),
    ],
    "nt-p3": [THAI, MATH],
    "onet-p6": [THAI, MATH, ENGLISH, SCIENCE],
    "onet-m3": [THAI, MATH, ENGLISH, SCIENCE],
    "onet-m6": [THAI, SOCIAL, ENGLISH, MATH, SCIENCE],
}
# test, year (BE), {subject: mean}, source
MEANS = [
    ("onet-p6", 2559, {"thai": "52.98", "math": "40.47", "english": "34.59", "science": "41.22"}),
    ("onet-p6", 2560, {"thai": "46.58", "math": "37.12", "english": "36.34", "science": "39.12"}),
    ("onet-p6", 2561, {"thai": "55.90", "math": "37.50", "english": "39.24", "science": "39.93"}),
    ("onet-p6", 2562, {"thai": "49.07", "math": "32.90", "english": "34.42", "science": "35.55"}),
    ("onet-p6", 2563, {"thai": "56.20", "math": "29.99", "english": "43.55", "science": "38.78"}),
    ("rt-p1", 2562, {"reading_aloud": "68.50", "reading_comprehension": "72.81"}),
    ("rt-p1", 2564, {"reading_aloud": "69.95", "reading_comprehension": "72.79"}),
    ("nt-p3", 2564, {"thai": "49.44", "math": "56.14"}),
]


def seed(apps, schema_editor):
    NationalTest = apps.get_model("exams", "NationalTest")
    NationalTestSubject = apps.get_model("exams", "NationalTestSubject")
    NationalMean = apps.get_model("exams", "NationalMean")
    subjects = {}
    for code, family, grade, name_th, name_en in TESTS:
        test = NationalTest.objects.create(
            code=code, family=family, grade_level=grade, name_th=name_th, name_en=name_en
        )
        for position, (subject, subject_th, subject_en) in enumerate(SUBJECTS[code], start=1):
            subjects[code, subject] = NationalTestSubject.objects.create(
                test=test, code=subject, name_th=subject_th, name_en=subject_en, position=position
            )
    for test, year_be, means in MEANS:
        source = ONET_SOURCE if test.startswith("onet") else RT_NT_SOURCE
        for subject, mean in means.items():
            NationalMean.objects.create(
                subject=subjects[test, subject], year_be=year_be, mean=Decimal(mean), source=source
            )


def unseed(apps, schema_editor):
    apps.get_model("exams", "NationalMean").objects.all().delete()
    apps.get_model("exams", "NationalTestSubject").objects.all().delete()
    apps.get_model("exams", "NationalTest").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("exams", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
