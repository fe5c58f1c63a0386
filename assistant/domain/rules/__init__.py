"""The checker: a chain of small pure rules, each returning the findings it makes.

Every rule has the signature ``rule(report, last_year) -> list[Finding]`` and states its
rule (with the id of ../shared/DOMAIN.md) in its docstring.  ``check`` runs them in order;
a rule that needs last year's report returns nothing without it.  W3 (copied narrative)
lives in ``w3.py`` beside the comparison feature that shares its measure.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.domain.findings import Finding
from assistant.domain.report import Report
from assistant.domain.rules.carry_over import (
    r6_carried_in_is_last_years_carried_out,
    w1_documents_in_force_follow_on,
)
from assistant.domain.rules.dates_units import w5_published_on_time, w8_fee_unit
from assistant.domain.rules.narrative import (
    w2_stale_year,
    w4_scope_fits_agency,
    w6_fee_statement,
    w7_required_parts,
    w9_overview_length,
)
from assistant.domain.rules.narrative_numbers import r7_narrative_matches_tables, r8_enumerations_add_up
from assistant.domain.rules.tables import (
    r1_requests_balance,
    r2_results_add_up,
    r3_row_totals,
    r4_review_totals,
    r5_figures_are_counts,
)
from assistant.domain.rules.w3 import w3_copied_paragraphs

Rule = Callable[[Report, Report | None], list[Finding]]


RULES: tuple[Rule, ...] = (
    r1_requests_balance,
    r2_results_add_up,
    r3_row_totals,
    r4_review_totals,
    r5_figures_are_counts,
    r6_carried_in_is_last_years_carried_out,
    r7_narrative_matches_tables,
    r8_enumerations_add_up,
    w1_documents_in_force_follow_on,
    w2_stale_year,
    w3_copied_paragraphs,
    w4_scope_fits_agency,
    w5_published_on_time,
    w6_fee_statement,
    w7_required_parts,
    w8_fee_unit,
    w9_overview_length,
)


def check(report: Report, last_year: Report | None = None) -> list[Finding]:
    """Every finding of every rule, in rule order (R1–R8, then W1–W9)."""
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(report, last_year))
    return findings
