"""The small demo's grade book (qinfo/demo/gradebook.py): items total 100, item scores agree with
every result, make-ups keep their history, ratings follow the causal model."""

from __future__ import annotations

from tests.demo_files import DemoFile


def test_every_course_has_items_weighing_100(small_demo: DemoFile) -> None:
    assert small_demo.value("SELECT COUNT(*) FROM organisations_course") > 0
    bad = small_demo.rows(
        "SELECT c.id FROM organisations_course c LEFT JOIN assessment_assessmentitem i "
        "ON i.course_id = c.id GROUP BY c.id HAVING COALESCE(SUM(i.weight), 0) <> 100"
    )
    assert bad == []


def test_item_scores_agree_with_every_graded_result(small_demo: DemoFile) -> None:
    mismatched = small_demo.rows(
        "SELECT r.id, r.score, SUM(s.score * i.weight / i.max_score) "
        "FROM assessment_courseresult r "
        "JOIN assessment_assessmentitem i ON i.course_id = r.course_id "
        "LEFT JOIN assessment_itemscore s ON s.item_id = i.id AND s.student_id = r.student_id "
        "WHERE r.grade IS NOT NULL GROUP BY r.id, r.score "
        "HAVING COUNT(s.id) <> COUNT(i.id) "
        "OR ABS(SUM(s.score * i.weight / i.max_score) - r.score) > 0.005"
    )
    assert mismatched == []
    assert (
        small_demo.value(
            "SELECT COUNT(*) FROM assessment_itemscore s JOIN assessment_assessmentitem i "
            "ON i.id = s.item_id WHERE s.score > i.max_score OR s.score < 0"
        )
        == 0
    )


def test_marks_miss_the_final_and_make_ups_keep_their_history(small_demo: DemoFile) -> None:
    left = small_demo.value(
        "SELECT COUNT(*) FROM assessment_courseresult r JOIN assessment_assessmentitem i "
        "ON i.course_id = r.course_id AND i.kind = 'final' JOIN assessment_itemscore s "
        "ON s.item_id = i.id AND s.student_id = r.student_id WHERE r.special_mark IN ('ร', 'มส')"
    )
    assert left == 0
    made_up = small_demo.rows(
        "SELECT v.before_mark, r.grade, r.special_mark, r.decided FROM assessment_resultrevision v "
        "JOIN assessment_courseresult r ON r.id = v.result_id WHERE v.kind = 'make_up'"
    )
    assert {m for m, _, _, _ in made_up} == {"ร", "มส"}
    assert all(mark == "" and grade is not None and decided for _, grade, mark, decided in made_up)
    assert all(float(grade) <= 1 for before, grade, _, _ in made_up if before == "มส")
    # Each make-up follows the revision that recorded the mark.
    assert (
        small_demo.value(
            "SELECT COUNT(*) FROM assessment_resultrevision v "
            "WHERE v.kind = 'make_up' AND NOT EXISTS "
            "(SELECT 1 FROM assessment_resultrevision p WHERE p.result_id = v.result_id "
            "AND p.after_mark = v.before_mark AND p.changed_at < v.changed_at)"
        )
        == 0
    )


def test_ratings_cover_nine_traits_and_follow_absence(small_demo: DemoFile) -> None:
    per_student_term = small_demo.rows(
        "SELECT COUNT(*) FROM assessment_rating GROUP BY student_id, term_id"
    )
    assert per_student_term and {n for (n,) in per_student_term} == {9}
    assert {lv for (lv,) in small_demo.rows("SELECT DISTINCT level FROM assessment_rating")} == {
        0,
        1,
        2,
        3,
    }
    # Children with a มส in a term are rated lower than the others in that term (causal model).
    low, rest = small_demo.rows(
        "SELECT AVG(CASE WHEN EXISTS (SELECT 1 FROM assessment_courseresult r WHERE "
        "r.student_id = g.student_id AND r.term_id = g.term_id AND r.special_mark = 'มส') "
        "THEN g.level END), AVG(CASE WHEN NOT EXISTS (SELECT 1 FROM assessment_courseresult r "
        "WHERE r.student_id = g.student_id AND r.term_id = g.term_id AND r.special_mark = 'มส') "
        "THEN g.level END) FROM assessment_rating g"
    )[0]
    assert low is not None and low < rest - 0.3
