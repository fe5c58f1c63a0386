"""The year's figures of one workspace: typed in a grid, pasted, written in a chat message
or taken from a document — read by the one grid mapping and the typed-text reader, then
saved with the version check that keeps a colleague's entry from being overwritten."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.domain.figures import figures_from_grid
from assistant.domain.figures_text import figures_from_text
from assistant.domain.forms import Grid, figures_from_grid_values
from assistant.domain.layout import CELL_BY_KEY, cell_name
from assistant.domain.report import Figure, Report
from assistant.domain.table_mapping import CellProblem
from assistant.domain.totals import leaf_figures, stated_totals_that_disagree, totals_without_cells
from assistant.errors import GongkaiError

if TYPE_CHECKING:
    from assistant.service.desk import Desk


@dataclass(frozen=True)
class GridSave:
    """What became of a grid's figures: saved, or held back by the cells that cannot stand."""

    saved: bool
    problems: list[CellProblem] = field(default_factory=list)


@dataclass
class FiguresRead:
    """Figures understood from pasted text, with what the reader had to assume."""

    figures: dict[str, int | float]
    notes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def _lonely_total(key: str, value: Figure) -> str:
    return (
        f"{cell_name(key, compact=True)} {value}件：没有说明分别是哪类申请人或哪种结果，"
        "请补充，或在“数据录入”页按列填写"
    )


class Figures:
    """The figures of the desk's workspace."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def read(self, text: str) -> FiguresRead:
        """Figures from a pasted Excel/WPS grid or from free text; raises ``UnreadableInput``."""
        if "\t" in text:
            grid = figures_from_grid(text)
            notes = [*grid.notes, *stated_totals_that_disagree(grid.figures)]
            return FiguresRead(leaf_figures(grid.figures), notes)
        typed = figures_from_text(text)
        lonely = totals_without_cells(typed.figures)
        unmatched = [*typed.unmatched, *(_lonely_total(key, typed.figures[key]) for key in lonely)]
        figures = {k: v for k, v in typed.figures.items() if k not in lonely}
        return FiguresRead(figures, list(typed.notes), unmatched)

    def merge(self, figures: Mapping[str, Figure]) -> None:
        """Add typed or pasted figures to the saved ones (a read value replaces the saved one);
        a table's stated totals go once any of its cells is typed, since they are derived."""
        self.desk.require_edit()
        workspace = self.desk.workspace
        typed_tables = {
            CELL_BY_KEY[workspace.format][key].table
            for key in figures
            if key in CELL_BY_KEY[workspace.format]
        }
        cells = CELL_BY_KEY[workspace.format]
        kept = {
            key: value
            for key, value in workspace.figures.items()
            if not (cells[key].is_total and cells[key].table in typed_tables)
        }
        merged = {**kept, **leaf_figures(figures, workspace.format)}
        self.desk.store.workspaces.save_figures(workspace.id, merged, base_version=workspace.figures_version)

    def adopt(self, report: Report) -> list[str]:
        """This year's figures and narrative from a document, as the document states them.

        Into an empty workspace the document's figures come whole — its own totals too, so
        that the check finds what `gongkai check` finds in the file — with its format; into
        one with figures they are merged like a paste.  Each narrative place still empty
        is filled with the document's text (written places are kept).  Returns the names of
        the places filled."""
        self.desk.require_edit()
        workspace = self.desk.workspace
        self.desk.store.workspaces.adopt_details(workspace.id, report)
        if report.tables_read and report.figures:
            if not workspace.figures:
                self.desk.store.workspaces.save_figures(
                    workspace.id, report.figures, base_version=workspace.figures_version, format=report.format
                )
            elif report.format is not workspace.format:
                raise GongkaiError(
                    f"导入的年报是 {report.format.value} 年版格式，本年数据已按 {workspace.format.value} "
                    "年版格式录入，两种格式的表格不同，不能合并。请先清空本年数据再导入。"
                )
            else:
                self.merge(report.figures)
        return self.desk.texts.fill_empty(report.narrative)

    def save_table(self, grid: Grid, values: Sequence[Sequence[object]], *, base_version: int) -> GridSave:
        """Replace the figures of one grid with what it now holds, when that differs from what
        is saved; nothing is saved while a cell cannot stand (the problems say where), so
        what was typed stays in the grid (the page offers every grid on each run: only a
        change is refused to a reader)."""
        figures, problems = figures_from_grid_values(grid, values)
        workspace = self.desk.workspace
        cells = CELL_BY_KEY[grid.format]
        saved = {
            k: v for k, v in workspace.figures.items() if k in grid.key_set and v and not cells[k].is_total
        }
        if problems or figures == saved:
            return GridSave(saved=False, problems=problems)
        self.desk.require_edit()
        kept = {
            key: value
            for key, value in workspace.figures.items()
            if key not in grid.key_set and not (cells[key].is_total and cells[key].table == grid.table)
        }
        self.desk.store.workspaces.save_figures(workspace.id, {**kept, **figures}, base_version=base_version)
        return GridSave(saved=True)
