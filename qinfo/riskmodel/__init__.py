"""The risk model as a plain Python package: features as of a date, rules over them, learned models,
their evaluation and fairness. It imports no Django and nothing else of qinfo (an import-linter
contract checks it): it takes tables (pandas, numpy) and returns tables. Django calls it."""
