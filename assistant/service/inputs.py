"""What a command line path names: a report document, a figures file, a folder of them, or
a workspace saved in the web assistant ("@机关名称/年度")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from assistant.domain.report import Report
from assistant.errors import GongkaiError, UnreadableInput
from assistant.readers import read_report, read_reports, supported_suffixes
from assistant.readers.figures_file import FIGURES_SUFFIXES, load_figures
from assistant.store.workspaces import WORKSPACE_MARK


def report_suffixes() -> tuple[str, ...]:
    return (*supported_suffixes(), *FIGURES_SUFFIXES)


def expand(paths: list[Path]) -> Iterator[tuple[Path, bool]]:
    """Files as given; for a folder, every report or figures file inside it (sorted).

    Each file comes with whether it was found by walking a folder: a folder may hold
    regulations or lists beside its reports, which are skipped rather than refused.
    """
    suffixes = report_suffixes()
    for path in paths:
        if path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
            yield from ((child, True) for child in found)
        else:
            yield path, False


def is_figures_file(path: Path) -> bool:
    return path.suffix.lower() in FIGURES_SUFFIXES


def is_workspace_reference(path: Path) -> bool:
    return str(path).startswith(WORKSPACE_MARK)


def load(path: Path) -> Report:
    """A report from a document or a figures file, chosen by suffix, or a saved workspace.

    Only ``check`` walks folders; anywhere else a folder is a mistake, named as such
    not a file "without a suffix" or one that "does not exist".
    """
    if path.is_dir():
        raise UnreadableInput(
            f"{path}：这是一个目录，这里需要一个文件（年报文件、数字文件或“@机关名称/年度”）。"
        )
    if is_workspace_reference(path):
        from assistant.bootstrap import bootstrap

        return bootstrap().store().workspaces.find(str(path)).as_report()
    if is_figures_file(path):
        return load_figures(path)
    return read_report(path)


def load_many(paths: Sequence[Path]) -> list[Report | GongkaiError]:
    """:func:`load` of each path, the report documents among them read together (one child
    process for all, where reading each in its own took three times the reading): each
    report, or the error that refused it."""
    documents = iter(read_reports([path for path in paths if _is_document(path)]))
    results: list[Report | GongkaiError] = []
    for path in paths:
        if _is_document(path):
            results.append(next(documents))
            continue
        try:
            results.append(load(path))
        except GongkaiError as error:
            results.append(error)
    return results


def _is_document(path: Path) -> bool:
    """Whether :func:`load` reads ``path`` with a document reader (no folder, workspace or figures file)."""
    return not path.is_dir() and not is_workspace_reference(path) and not is_figures_file(path)
