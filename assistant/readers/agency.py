"""An agency's level read from its name (节固镇人民政府 → 乡镇, a people's government).

The core branch may bring its own inference into the domain; until then readers use
this one.  A name it cannot place gets no level rather than a guessed one.
"""

from __future__ import annotations

import re

from assistant.domain.report import Agency, AgencyLevel

_DEPARTMENT_ENDINGS = (
    "局",
    "委员会",
    "委",
    "办公室",
    "办公厅",
    "厅",
    "中心",
    "处",
    "院",
    "署",
    "部",
    "所",
    "站",
    "队",
)


def agency_from_name(name: str) -> Agency:
    """The agency a report is signed by, with its level when the name tells it."""
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"（[^）]*）$|\([^)]*\)$", "", name)
    if not name:
        return Agency()
    if name.endswith("人民政府") or name.endswith("政府"):
        place = name[: -len("人民政府")] if name.endswith("人民政府") else name[:-2]
        return Agency(name=name, level=_level_of_place(place), is_people_government=True)
    if name.endswith("街道办事处") or name.endswith("街道"):
        return Agency(name=name, level=AgencyLevel.TOWN)
    if name.startswith("国务院") or (name.endswith("部") and len(name) <= 8 and "省" not in name):
        return Agency(name=name, level=AgencyLevel.STATE_COUNCIL_DEPARTMENT)
    if name.endswith(_DEPARTMENT_ENDINGS):
        return Agency(name=name, level=AgencyLevel.DEPARTMENT)
    return Agency(name=name, level=_level_of_place(name))


_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


def _level_of_place(place: str) -> AgencyLevel | None:
    if place in _MUNICIPALITIES:
        return AgencyLevel.PROVINCE
    if place.endswith(("镇", "乡")):
        return AgencyLevel.TOWN
    if place.endswith(("省", "自治区")) and len(place) <= 8:
        return AgencyLevel.PROVINCE
    if place.endswith(("县", "旗")) or (
        place.endswith("区") and not place.endswith(("实验区", "新区", "开发区"))
    ):
        return AgencyLevel.COUNTY
    if place.endswith(("市", "州", "盟")):
        return AgencyLevel.CITY
    return None
