"""Acceptance on the real seed report (read from ../shared, never copied)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from assistant.domain.layout import ReportFormat, keys

pytest.importorskip("assistant.readers.flat_text", reason="the .txt reader comes from the readers branch")

pytestmark = pytest.mark.shared


class TestSeedReport:
    def test_the_seed_checks_with_every_cell_right_no_error_and_one_scope_warning(self, shared: Path) -> None:
        """`gongkai check seed --json`: all cells 0 but 行政处罚 3, no error, a W4 for 全县/平乡, R8 holds."""
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "check", str(shared / "seed/jiegu-town-2023.txt"), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["format"] == "2021"
        assert data["year"] == 2023
        assert data["agency"] == "节固镇人民政府"
        assert {key: value for key, value in data["figures"].items() if value} == {"t2.penalty.decisions": 3}
        assert list(data["figures"]) == list(keys(ReportFormat.F2021))
        rules = [finding["rule"] for finding in data["findings"]]
        assert all(finding["severity"] == "warning" for finding in data["findings"])
        assert rules.count("W4") == 1
        (scope,) = [finding for finding in data["findings"] if finding["rule"] == "W4"]
        assert "全县" in scope["message"] and "平乡" in scope["message"]
        assert "R8" not in rules and "R7" not in rules


class TestRealReports:
    def test_the_seeds_enumeration_is_read_and_adds_up(self, shared: Path) -> None:
        """ "共69条（其中…）" with its nested "其中" parts is read, and every level adds up."""
        from assistant.domain.rules.narrative_numbers import enumerations
        from assistant.readers import read_report

        report = read_report(shared / "seed/jiegu-town-2023.txt")
        found = [e for _, _, paragraph in report.narrative.paragraphs() for e in enumerations(paragraph)]
        assert [(e.total, sum(e.items)) for e in found] == [(69, 69), (7, 7), (4, 4)]

    def test_the_real_reports_give_only_their_known_errors(self, shared: Path) -> None:
        """No false error on the real reports (the putian portal pages included): only Shanghai's R7
        contradictions, Pingtan 2020's R2 and Putian fisheries' R8."""
        from assistant.domain.rules import check
        from assistant.readers import read_report

        data = shared / "data"
        errors: dict[str, list[tuple[str, object, object]]] = {}
        for path in sorted([*data.glob("report-*"), *data.glob("raw/*.html")]):
            findings = check(read_report(path))
            errors[path.name] = [(f.rule, f.expected, f.found) for f in findings if f.is_error]
        assert errors.pop("report-shanghai-szfbgt-2019.md") == [("R7", 275, 258), ("R7", 337, 265)]
        assert {rule for rule, _, _ in errors.pop("report-pingtan-2020.md")} == {"R2"}
        assert errors.pop("putian-pthyyyyj-2024.html") == [("R8", 33, 37)]
        assert all(found == [] for found in errors.values()), errors
