"""Errors users see: each carries a Chinese message saying where and what went wrong."""

from __future__ import annotations


class GongkaiError(Exception):
    """Base of every error gongkai reports to a user instead of a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableInput(GongkaiError):
    """An input (file, pasted grid, typed figures) could not be read; nothing was guessed."""


class UnwritableOutput(GongkaiError):
    """An output (an exported report) could not be written; nothing half-written is left."""


class StaleEdit(GongkaiError):
    """Someone saved the same place (or the figures) after this editor opened it: the save
    is refused rather than overwrite their work."""


class NotPermitted(GongkaiError):
    """The signed-in person's role does not allow this (another agency's workspace, a
    reviewer's edit, the settings): refused in the service, whatever a page shows."""


class NotAReport(UnreadableInput):
    """An input that is plainly something else (a regulation, a notice, a list): named
    explicitly it is refused like any unreadable input; met while walking a folder it is
    skipped, since folders of reports often hold other documents too."""


def model_failure(error: BaseException) -> str:
    """Why a call to the chat model failed, in Chinese words a staff member can act on.

    Providers raise their own exception types (openai, httpx, ollama), and their messages
    are English ("Connection error."), so the failure is told by its kind and HTTP status."""
    kinds = {cls.__name__ for cls in type(error).__mro__}
    status = getattr(error, "status_code", None)
    if any("Timeout" in kind for kind in kinds):
        return "大模型接口在规定时间内没有响应，请检查服务是否正常，或在“设置”页调大超时时间"
    if status in (401, 403):
        return f"大模型接口拒绝访问（HTTP {status}），请检查 API 密钥"
    if status == 404:
        return "大模型接口地址或模型名称不正确（HTTP 404）"
    if status == 429:
        return "大模型接口请求过多或额度不足（HTTP 429），请稍后再试"
    if isinstance(status, int):
        return f"大模型接口返回错误（HTTP {status}）"
    if any("Connect" in kind for kind in kinds):
        return "无法连接到大模型接口，请检查接口地址是否正确、服务是否已启动、网络是否可达"
    return "大模型接口调用出错，请在“设置”页做一次连接测试，检查接口地址、模型名称和密钥"
