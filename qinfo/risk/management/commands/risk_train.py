"""``qinfo risk train [--workload K] [--today D]``: train the network's model on its history.

Trains on the earlier past years, tests on the latest beside the active rules, stores the model
(active when it passed the gate, rejected otherwise) and prints the side-by-side table and the
gate's decision (docs/definitions.md §17, "The network's model").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qinfo.core.dates import command_date
from qinfo.risk.models import RiskModel
from qinfo.risk.training import risk_model_train

SIDES = (("gbm", "model (LightGBM)"), ("logistic", "logistic"), ("rules", "rules"))
COLUMNS = (("auc", "AUC"), ("precision_at_k", "precision@k"), ("recall_at_k", "recall@k"),
           ("brier", "Brier"))  # fmt: skip


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(card: dict[str, Any]) -> list[str]:
    """The card's figures as lines of text, model beside the baselines."""
    k = card["workload"]["k"]
    lines = [
        f"held-out as-of {card['period']['test_as_of']}, trained on "
        f"{card['period']['train_from']} – {card['period']['train_to']}; workload k = {k} "
        f"({card['workload']['source']})",
        "".join(
            f"{d['as_of']}: {d['n']} children, {d['left']} left ({d['role']})   "
            for d in card["data"]
        ).rstrip(),
        f"{'':<18}" + "".join(f"{title:>13}" for _, title in COLUMNS) + f"{'left in k':>11}",
    ]
    for key, title in SIDES:
        side = card["metrics"][key]
        found = "–" if side["precision_at_k"] is None else str(round(side["precision_at_k"] * k))
        lines.append(
            f"{title:<18}" + "".join(f"{_figure(side[m]):>13}" for m, _ in COLUMNS) + f"{found:>11}"
        )
    for warning in card["warnings"]:
        lines.append(
            f"warning: {warning['group']} {warning['rate']} ratio "
            f"{_figure(warning['ratio'])} is outside 0.8–1.25"
        )
    return lines


def decision(model: RiskModel) -> str:
    checks = ", ".join(
        f"{c['metric']} {_figure(c['model'])} vs {_figure(c['rules'])} "
        f"({'beats' if c['passed'] else 'does not beat'})"
        for c in model.card["gate"]["checks"]
    )
    return f"model {model.pk}: {model.status} — {checks}"


class Command(BaseCommand):
    help = "Train the network's model on past years and back-test it against the rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workload", type=int, help="students staff can follow (default: "
                            "as many as the rules flag in the held-out year)")  # fmt: skip
        parser.add_argument("--today", help="train as if today were this date, YYYY-MM-DD")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        today = command_date(options["today"]) if options["today"] else None
        try:
            model = risk_model_train(
                actor=None, workload=options["workload"], today=today, seed=options["seed"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(str(m) for m in exc.messages)) from exc
        for line in table(model.card):
            self.stdout.write(line)
        self.stdout.write(decision(model))
