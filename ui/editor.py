"""A text edited in place and saved while typing: the document view's parts, the 落款 fields
and the 工作要点.

Streamlit's own text area hands its text over only on blur or Ctrl+Enter, so a reload
right after typing loses it.  This component (Custom Components v2, no iframe) sends the
text a moment after typing stops, and at once when the field loses focus or the page is
hidden; it shows 未保存 / 正在保存… / 已保存 from what the page confirms, keeps what was
typed when a save is refused (a colleague saved meanwhile), and has the browser warn before
leaving while anything typed is not yet saved.  The page does the saving (:func:`take`): it reads
the component's ``edit`` state (``{"text", "base", "seq"}``) before drawing it again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
HTML = (
    '<div class="editor"><div class="field"></div>'
    '<div class="bar"><span class="status"></span><span class="actions"></span></div></div>'
)

_component = st.components.v2.component(
    "gongkai_editor",
    html=HTML,
    css=(HERE / "editor.css").read_text(encoding="utf-8"),
    js=(HERE / "editor.js").read_text(encoding="utf-8"),
)


def take(key: str, save: Callable[[str, int], str | None]) -> None:
    """Save what was typed into the editor ``key`` since the page last looked, by
    ``save(text, base_version)``, which returns a refusal to show or None.  Call it before
    reading the saved texts the editors are drawn from."""
    state = st.session_state.get(key)
    edit = state.get("edit") if state else None
    handled = st.session_state.setdefault("_edits_handled", {})
    if not isinstance(edit, dict) or handled.get(key) == edit.get("seq"):
        return
    handled[key] = edit.get("seq")
    refusals = st.session_state.setdefault("_edit_refusals", {})
    refused = save(str(edit.get("text", "")), int(edit.get("base", 0)))
    if refused:
        refusals[key] = (edit.get("seq"), refused)
    else:
        refusals.pop(key, None)


def editor(
    key: str,
    text: str,
    version: int,
    *,
    label: str,
    saved: str = "",
    kind: str = "text",
    placeholder: str = "",
) -> None:
    """An editor for one saved text (``kind`` text, line or date); ``saved`` says when the
    shown version was saved ("第 3 版 · 10:32")."""
    seq, refusal = st.session_state.get("_edit_refusals", {}).get(key, (0, ""))
    data = {
        "text": text,
        "version": version,
        "saved": f" · {saved}" if saved else "",
        "kind": kind,
        "label": label,
        "placeholder": placeholder,
        "error": refusal,
        "seq": seq,
    }
    _component(key=key, data=data, on_edit_change=lambda: None)
