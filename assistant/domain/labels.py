"""Row and column labels as staff and documents spell them, matched to canonical keys.

Pasted grids, readers and free text all meet labels that differ from the format's
wording: half-width brackets, a missing 行政 in 规范性文件, numbering dropped, spaces.
Matching works on a folded form of the label and on distinctive phrases, never on
position alone; a label that matches nothing returns ``None`` for the caller to report.
"""

from __future__ import annotations

import re

from assistant.domain.layout import ReportFormat, t3_rows

_FOLD = {ord(ch): None for ch in "()（）“”\"'：: 　\t"}

# Phrases that identify a table 3 row on their own; checked in this order so that
# longer, more specific phrases win.  Group leaves that share wording (其他) need the
# group context the caller passes.
T3_ROW_PHRASES: tuple[tuple[str, str], ...] = (
    ("本年新收", "new"),
    ("新收", "new"),
    ("上年结转", "carried_in"),
    ("上年度结转", "carried_in"),
    ("结转下年", "carried_out"),
    ("下年度继续办理", "carried_out"),
    ("予以公开", "disclosed"),
    ("部分公开", "partial"),
    ("国家秘密", "withheld.state_secret"),
    ("法律行政法规禁止公开", "withheld.law_prohibited"),
    ("三安全一稳定", "withheld.security_stability"),
    ("第三方合法权益", "withheld.third_party"),
    ("内部事务信息", "withheld.internal_affairs"),
    ("过程性信息", "withheld.process_info"),
    ("行政执法案卷", "withheld.enforcement_file"),
    ("行政查询事项", "withheld.query_matter"),
    ("不掌握", "unavailable.not_held"),
    ("另行制作", "unavailable.needs_creation"),
    ("仍不明确", "unavailable.unclear"),
    ("信访举报投诉", "not_processed.petition"),
    ("重复申请", "not_processed.duplicate"),
    ("公开出版物", "not_processed.publication"),
    ("大量反复申请", "not_processed.excessive"),
    ("重新出具", "not_processed.reconfirm"),
    ("逾期不补正", "other_handling.no_correction"),
    ("缴纳费用", "other_handling.unpaid_fee"),
    ("收费通知", "other_handling.unpaid_fee"),
    ("总计", "results_total"),
)

T3_GROUP_PHRASES: tuple[tuple[str, str], ...] = (
    ("不予公开", "withheld"),
    ("无法提供", "unavailable"),
    ("不予处理", "not_processed"),
    ("其他处理", "other_handling"),
)

T2_ROW_PHRASES: tuple[tuple[str, str], ...] = (
    ("规范性文件", "normative"),
    ("规章", "rules"),
    ("行政许可", "licensing"),
    ("其他对外管理服务事项", "other_services"),
    ("行政处罚", "penalty"),
    ("行政强制", "coercion"),
    ("行政事业性收费", "fees"),
    ("收费", "fees"),
    ("政府集中采购", "procurement"),
)

T4_GROUP_PHRASES: tuple[tuple[str, str], ...] = (
    ("复议后起诉", "suit_after_review"),
    ("未经复议直接起诉", "suit_direct"),
    ("直接起诉", "suit_direct"),
    ("行政复议", "review"),
)


def fold(label: str) -> str:
    """A label without brackets, quotes, colons and spaces, for phrase matching."""
    return label.translate(_FOLD)


def match_t3_row(label: str, group: str | None = None, fmt: ReportFormat = ReportFormat.F2021) -> str | None:
    """The table 3 row key (``new``, ``withheld.state_secret``…) a label names, or ``None``.

    ``group`` is the enclosing group (``withheld`` …) when the label is a bare leaf such
    as ``3.其他`` under （六）其他处理.
    """
    text = fold(label)
    if not text:
        return None
    valid = {row.key for row in t3_rows(fmt)}
    for phrase, key in T3_ROW_PHRASES:
        if phrase in text and key in valid:
            return key
    found_group = match_t3_group(text) or group
    if found_group == "other_handling" and fmt is ReportFormat.F2019:
        return "other_handling"
    if found_group == "other_handling" and re.search(r"其他$", text):
        return "other_handling.other"
    return None


def match_t3_group(label: str) -> str | None:
    """The table 3 outcome group (``withheld``, ``unavailable``…) a label opens, or ``None``."""
    text = fold(label)
    for phrase, group in T3_GROUP_PHRASES:
        if phrase in text:
            return group
    return None


def match_t2_row(label: str) -> str | None:
    """The table 2 row key (``rules``, ``normative``, ``penalty``…) a label names."""
    text = fold(label)
    for phrase, key in T2_ROW_PHRASES:
        if phrase in text:
            return key
    return None


def match_t4_group(label: str) -> str | None:
    """The table 4 group (``review``, ``suit_direct``, ``suit_after_review``) a label names."""
    text = fold(label)
    for phrase, key in T4_GROUP_PHRASES:
        if phrase in text:
            return key
    return None
