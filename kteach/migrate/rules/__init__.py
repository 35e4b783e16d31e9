"""Every Keras 2 -> 3 rule, grouped by what it is about.

Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from kteach.migrate.findings import Rule
from kteach.migrate.rules import backend, imports, layers, metrics, model_api, optimizers

RULES: tuple[Rule, ...] = (
    *imports.RULES,
    *optimizers.RULES,
    *metrics.RULES,
    *model_api.RULES,
    *layers.RULES,
    *backend.RULES,
)
RULES_BY_ID = {rule.id: rule for rule in RULES}
