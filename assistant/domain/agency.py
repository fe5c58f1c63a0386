"""Who publishes a report, read from the agency's name.

The level decides the publication deadline (W5) and which scope words fit (W4); whether
the agency is a 人民政府 decides what 监督保障 must say (W7).  Names are read by their
administrative suffix, which is how a reviewer reads them too: 节固镇人民政府 is a town
government, 沭阳县发展和改革局 a department, 上海市人民政府办公厅 a department of a province.
"""

from __future__ import annotations

import re

from assistant.domain.report import Agency, AgencyLevel

_PEOPLE_GOVERNMENT = "人民政府"
_TOWN = re.compile(r"(镇|乡|街道|街道办事处|苏木)$")
_COUNTY = re.compile(r"(县|区|旗|县级市|自治县|特区|林区)$")
_CITY = re.compile(r"(市|州|盟|自治州|地区|实验区|新区)$")
_CITY_LIKE_AREA = re.compile(r"(地区|实验区|新区)$")
_PROVINCE = re.compile(r"(省|自治区|直辖市)$")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_STATE_COUNCIL = re.compile(r"^(国务院|中华人民共和国|国家)")


def is_people_government(name: str) -> bool:
    """Whether the agency is itself a people's government (not one of its departments)."""
    return name.strip().endswith(_PEOPLE_GOVERNMENT)


def level_of_place(place: str) -> AgencyLevel | None:
    """The level of an administrative area named by its full name (青川县 → 县)."""
    place = place.strip()
    if not place:
        return None
    if place in _MUNICIPALITIES or _PROVINCE.search(place):
        return AgencyLevel.PROVINCE
    if _TOWN.search(place):
        return AgencyLevel.TOWN
    if _CITY_LIKE_AREA.search(place):
        return AgencyLevel.CITY
    if _COUNTY.search(place):
        return AgencyLevel.COUNTY
    if _CITY.search(place):
        return AgencyLevel.CITY
    return None


def agency_level(name: str) -> AgencyLevel | None:
    """The level of an agency from its name: a government's level, else 部门 (or 国务院部门)."""
    name = re.sub(r"\s+", "", name)
    if not name:
        return None
    if is_people_government(name):
        return level_of_place(name.removesuffix(_PEOPLE_GOVERNMENT)) or AgencyLevel.COUNTY
    if _TOWN.search(name) or name.endswith("办事处"):
        return AgencyLevel.TOWN
    if (area := level_of_place(name)) is not None:
        return area
    if _STATE_COUNCIL.search(name) or re.fullmatch(r"[\u4e00-\u9fff]{1,6}部", name):
        return AgencyLevel.STATE_COUNCIL_DEPARTMENT
    return AgencyLevel.DEPARTMENT


def place_of(name: str) -> tuple[str, AgencyLevel | None]:
    """The area an agency serves and its level (沭阳县发展和改革局 → 沭阳县, 县).

    A department serves the area in front of its own name; a people's government is
    the area.  Used to tell which scope words (全县, 全市) an agency may use.
    """
    name = re.sub(r"\s+", "", name).removesuffix(_PEOPLE_GOVERNMENT)
    best: tuple[str, AgencyLevel | None] = ("", None)
    for match in re.finditer(r"省|自治区|市|州|盟|地区|县|区|旗|镇|乡|街道", name):
        place = name[: match.end()]
        level = level_of_place(place)
        if level is not None and len(place) >= 2:
            best = (place, level)
    return best


def infer_agency(name: str) -> Agency:
    """An ``Agency`` from its name alone: level and whether it is a people's government."""
    name = re.sub(r"\s+", "", name)
    return Agency(name=name, level=agency_level(name), is_people_government=is_people_government(name))
