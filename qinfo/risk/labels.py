"""The label the network's model learns: did the child not continue in school within 12 months
(docs/definitions.md §17, "The network's model")?

``did_not_continue(as_of, student_ids)`` is 1 for a child when an enrolment of the child has its
last day (``end_date``) in the 12 months that begin on ``as_of`` (``as_of ≤ end_date <
as_of + 1 year``) and

- its status is ``dropped_out``, or
- its status is ``transferred_out`` with no destination written, and no enrolment of the child
  anywhere in the network starts on or after that last day and before the window ends;

and 0 otherwise (still studying, promoted, repeating, graduated, transferred to a named school or
found enrolled again, deceased, or leaving only after the window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pandas as pd

from qinfo.enrolment.models import Enrolment, EnrolmentStatus


def window_end(as_of: dt.date) -> dt.date:
    """The first day after the 12 months that begin on ``as_of`` (29 February → 28 February
    plus one day: 1 March)."""
    try:
        return as_of.replace(year=as_of.year + 1)
    except ValueError:  # 29 February
        return dt.date(as_of.year + 1, 3, 1)


def did_not_continue(as_of: dt.date, student_ids: Collection[int]) -> pd.Series:
    """1 or 0 per student (index ``student_id``, in the order given), as defined above."""
    wanted = pd.Index(list(student_ids), dtype="int64", name="student_id")
    label = pd.Series(0, index=wanted, dtype="int64", name="did_not_continue")
    end = window_end(as_of)
    # Exits in the window are few: read them all, keep the students asked for in pandas (a long
    # IN list costs more than it saves).
    exits = pd.DataFrame.from_records(
        list(
            Enrolment.objects.filter(
                end_date__gte=as_of,
                end_date__lt=end,
                status__in=[EnrolmentStatus.DROPPED_OUT, EnrolmentStatus.TRANSFERRED_OUT],
            ).values_list("id", "student_id", "status", "destination", "end_date")
        ),
        columns=["id", "student_id", "status", "destination", "end_date"],
    )
    exits = exits[exits["student_id"].isin(wanted)]
    if exits.empty:
        return label
    dropped = exits["status"] == EnrolmentStatus.DROPPED_OUT
    unknown = (exits["status"] == EnrolmentStatus.TRANSFERRED_OUT) & (
        exits["destination"].str.strip() == ""
    )
    left = set(exits.loc[dropped, "student_id"])
    candidates = exits[unknown]
    if not candidates.empty:
        later = pd.DataFrame.from_records(
            list(
                Enrolment.objects.filter(
                    student_id__in=sorted(set(candidates["student_id"])),
                    start_date__gte=as_of,
                    start_date__lt=end,
                ).values_list("id", "student_id", "start_date")
            ),
            columns=["id", "student_id", "start_date"],
        )
        for row in candidates.itertuples():
            mine = later[(later["student_id"] == row.student_id) & (later["id"] != row.id)]
            if not (mine["start_date"] >= row.end_date).any():
                left.add(row.student_id)
    label.loc[label.index.isin(left)] = 1
    return label
