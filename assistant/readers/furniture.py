"""Page furniture: what a portal page or a copied web text puts around a report.

Sites wrap the report in buttons and links (打印本页, 关闭窗口, 分享到 微信 微博, 当前位置：…),
a page-information line (发布时间：… 来源：… 浏览次数：…), bookmarks and zero-width
characters; the 公文 itself puts a disclosure note under the signature (（此件主动公开）).
None of it is the report's text.  The HTML reader drops page-information paragraphs and the
assembly drops the rest, with the patterns of this module alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PAGE_INFO_WORDS = "发布时间|发布日期|成文日期|来源|字号|浏览次数|访问量|点击数"
_PAGE_INFO = re.compile(rf"({_PAGE_INFO_WORDS})\s*[:：]")
# A page text that runs on from its title and page information ("…年度报告 发布时间：…
# 来源：… 根据…"): everything before the words the report's prose opens with.
_RUN_ON_TITLE = re.compile(r"^[^，。；《\s]{4,60}?(?:年度报告|工作报告)\s+")
_PAGE_INFO_RUN = re.compile(
    rf"^[^。]{{0,40}}?(?:{_PAGE_INFO_WORDS}|时间)[:：][^。]{{0,200}}?(?=根据|本报告|按照|依据|依照)"
)


def is_page_info(text: str) -> bool:
    """Whether a paragraph carries the page's information line (发布时间：…, 来源：…)."""
    return _PAGE_INFO.search(text) is not None


def without_page_info(first_line: str) -> str:
    """The first line of a run-on page text from where the report's own prose begins."""
    return _PAGE_INFO_RUN.sub("", _RUN_ON_TITLE.sub("", first_line))


_ARTIFACTS = re.compile(r"\[bookmark:[^\]]*\]|\u200b|\ufeff")


def without_artifacts(text: str) -> str:
    """A paragraph without the bookmarks and zero-width characters a page leaves in it."""
    return _ARTIFACTS.sub("", text)


_CHROME = re.compile(
    r"^(全真版|文字版|文件下载|相关(?:链接|文章|阅读|信息)[:：]?|附件下载[:：]?|附件[:：]?|扫一扫.{0,20}"
    r"|(?:【?打印(本页)?】?\s*)?【?关闭(窗口)?】?|【?打印(本页)?】?"
    r"|分享到.{0,20}|当前位置[:：].{0,60}|\[?(打印|关闭)\]?"
    r"|(?:\s*(?:微信|微博|QQ空间|QQ好友|朋友圈|抖音|今日头条)\s*)+|(?:文字|图片|图解|视频|音频)解读|[|｜\s]+)$"
)
_CHROME_TAIL = re.compile(r"\s*(附件下载|扫一扫在手机上查看当前页面|【打印本页】|【关闭窗口】)\s*$")
# The 公文 annotation under the signature, “（此件主动公开）”: neither prose nor signer.
_DISCLOSURE_NOTE = re.compile(r"^[（(]此件[^）)]{0,10}[）)]$")


def prose_lines(lines: Iterable[str]) -> list[str]:
    """The lines that are text: buttons trailing a line cut off, and lines that are only
    buttons, links or the disclosure note left out, as are blank ones."""
    kept = (_CHROME_TAIL.sub("", line).strip() for line in lines)
    return [line for line in kept if line and not _CHROME.match(line) and not _DISCLOSURE_NOTE.match(line)]
