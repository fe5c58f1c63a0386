"""What a check finds: one ``Finding`` per broken rule, with the cells that show it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from assistant.domain.report import Figure


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Finding(BaseModel):
    """A rule a report breaks, said in Chinese, with the evidence a reviewer needs."""

    rule: str
    severity: Severity
    message: str
    cells: dict[str, Figure] = Field(default_factory=dict)
    expected: Figure | None = None
    found: Figure | None = None
    part: str | None = None
    quote: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @classmethod
    def error(cls, rule: str, message: str, **evidence: Any) -> Finding:
        """A broken R-rule: the report is wrong."""
        return cls(rule=rule, severity=Severity.ERROR, message=message, **evidence)

    @classmethod
    def warning(cls, rule: str, message: str, **evidence: Any) -> Finding:
        """A W-rule a reviewer should look at."""
        return cls(rule=rule, severity=Severity.WARNING, message=message, **evidence)
