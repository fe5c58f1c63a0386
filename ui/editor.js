const unsaved = (window.__gongkaiUnsaved = window.__gongkaiUnsaved || new Set());
if (!window.__gongkaiLeaveGuard) {
  window.__gongkaiLeaveGuard = true;
  window.addEventListener("beforeunload", (event) => {
    for (const editor of unsaved) editor.flush();
    if (unsaved.size) { event.preventDefault(); event.returnValue = ""; }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") for (const editor of unsaved) editor.flush();
  });
}

export default function (component) {
  const { data, setStateValue, parentElement } = component;
  const root = parentElement.querySelector(".editor");
  let editor = root.__editor;
  if (!editor) {
    const field = document.createElement(data.kind === "text" ? "textarea" : "input");
    if (data.kind === "date") field.type = "date";
    if (data.kind === "text") field.rows = 1;
    if (data.kind !== "text") field.className = data.kind;
    field.setAttribute("aria-label", data.label);
    field.placeholder = data.placeholder || "";
    root.querySelector(".field").appendChild(field);
    editor = root.__editor = {
      field, confirmed: data.text, base: data.version, seq: 0, timer: null, sending: null, error: "",
      fit() {
        // Browsers with field-sizing grow the box by themselves; others are measured.
        if (field.tagName !== "TEXTAREA" || CSS.supports("field-sizing", "content")) return;
        field.style.height = "auto";
        field.style.height = field.scrollHeight + 2 + "px";
      },
      dirty() { return field.value !== editor.confirmed; },
      send(base) {
        clearTimeout(editor.timer); editor.timer = null;
        if (!editor.dirty() && base === undefined) return;
        editor.seq += 1; editor.sending = field.value;
        setStateValue("edit", { text: field.value, base: base === undefined ? editor.base : base, seq: editor.seq });
        editor.show();
      },
      flush() { if (editor.timer) editor.send(); },
      show() {
        const status = root.querySelector(".status"), actions = root.querySelector(".actions");
        actions.replaceChildren();
        status.className = "status";
        if (editor.error && editor.dirty()) {
          status.classList.add("error"); status.textContent = "未保存：" + editor.error;
          const mine = document.createElement("button"); mine.textContent = "以我的修改为准保存";
          mine.onclick = () => { editor.error = ""; editor.send(editor.latest); };
          const theirs = document.createElement("button"); theirs.textContent = "放弃我的修改，载入最新版本";
          theirs.onclick = () => { editor.error = ""; field.value = editor.confirmed; editor.base = editor.latest; editor.fit(); editor.show(); };
          actions.append(mine, theirs);
        } else if (editor.dirty()) {
          status.classList.add("unsaved");
          status.textContent = editor.sending === field.value ? "正在保存…" : "未保存";
        } else {
          status.textContent = editor.saved || field.value ? "已保存" + editor.saved : "";
        }
        if (editor.dirty()) unsaved.add(editor); else unsaved.delete(editor);
      },
    };
    field.value = data.text;
    field.addEventListener("input", () => {
      editor.fit(); clearTimeout(editor.timer);
      editor.timer = setTimeout(() => editor.send(), data.kind === "date" ? 10 : 800);
      editor.show();
    });
    field.addEventListener("blur", () => editor.flush());
    new ResizeObserver(() => editor.fit()).observe(field);
  }
  // What the page now says is saved: follow it, unless something typed is still pending
  // and the newer version is someone else's (the next save is then refused, not lost).
  editor.latest = data.version;
  editor.saved = data.saved;
  if (data.error && data.seq === editor.seq) {
    editor.error = data.error;
    editor.confirmed = data.text;
    editor.sending = null;
  } else {
    const ours = editor.sending !== null && data.text === editor.sending;
    const clean = editor.field.value === editor.confirmed;
    if (clean) editor.field.value = data.text;
    if (clean || ours) { editor.base = data.version; editor.error = ""; }
    if (ours) editor.sending = null;
    editor.confirmed = data.text;
  }
  editor.fit();
  editor.show();
  return () => { editor.flush(); unsaved.delete(editor); };
}
