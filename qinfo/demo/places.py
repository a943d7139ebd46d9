"""Places of the demo: Phuket City's schools, tambons, streets, and schools outside the network.

The schools, their codes and coordinates are invented for the demo (the names echo Phuket place
names); tambon codes follow DOMAIN.md §2 (830101–830108, unverified) and their centres are
approximate. Nothing here is a record of a real school.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PROVINCE = "83"
AMPHOE = "8301"


@dataclass(frozen=True)
class DemoSchool:
    code: str
    name_th: str
    name_en: str
    tambon: str
    lat: float
    lon: float


SCHOOLS: tuple[DemoSchool, ...] = (
    DemoSchool(
        "3083010001",
        "โรงเรียนเทศบาลบ้านบางเหนียว",
        "Ban Bang Niao Municipal School",
        "830101",
        7.8745,
        98.4010,
    ),
    DemoSchool(
        "3083010002",
        "โรงเรียนเทศบาลบ้านสามกอง",
        "Ban Sam Kong Municipal School",
        "830104",
        7.9035,
        98.3880,
    ),
    DemoSchool(
        "3083010003",
        "โรงเรียนเทศบาลบ้านดอน",
        "Ban Don Municipal School",
        "830102",
        7.8890,
        98.3775,
    ),
    DemoSchool(
        "3083010004",
        "โรงเรียนเทศบาลบ้านนาบอน",
        "Ban Na Bon Municipal School",
        "830102",
        7.8965,
        98.3925,
    ),
    DemoSchool(
        "3083010005",
        "โรงเรียนเทศบาลวัดเขาแดง",
        "Wat Khao Daeng Municipal School",
        "830101",
        7.8815,
        98.3860,
    ),
    DemoSchool(
        "3083010006",
        "โรงเรียนเทศบาลบ้านสะพานหิน",
        "Ban Saphan Hin Municipal School",
        "830101",
        7.8700,
        98.3960,
    ),
    DemoSchool(
        "3083010007",
        "โรงเรียนเทศบาลบ้านเก็ตโฮ่",
        "Ban Ket Ho Municipal School",
        "830105",
        7.8610,
        98.3780,
    ),
)


@dataclass(frozen=True)
class Tambon:
    code: str
    name_th: str
    postcode: str
    lat: float
    lon: float
    #: Urban tambons of the city have streets, not numbered villages (หมู่).
    villages: int


TAMBONS: tuple[Tambon, ...] = (
    Tambon("830101", "ตลาดใหญ่", "83000", 7.8835, 98.3925, 0),
    Tambon("830102", "ตลาดเหนือ", "83000", 7.8930, 98.3835, 0),
    Tambon("830103", "เกาะแก้ว", "83000", 7.9550, 98.3750, 7),
    Tambon("830104", "รัษฎา", "83000", 7.9050, 98.4000, 7),
    Tambon("830105", "วิชิต", "83000", 7.8600, 98.3750, 9),
    Tambon("830106", "ฉลอง", "83130", 7.8450, 98.3350, 10),
    Tambon("830107", "ราไวย์", "83130", 7.7900, 98.3250, 7),
    Tambon("830108", "กะรน", "83100", 7.8400, 98.3000, 6),
)

STREETS = (
    "ถนนถลาง",
    "ถนนดีบุก",
    "ถนนกระบี่",
    "ถนนเยาวราช",
    "ถนนภูเก็ต",
    "ถนนรัษฎา",
    "ถนนเทพกระษัตรี",
    "ถนนเจ้าฟ้า",
    "ถนนวิชิตสงคราม",
    "ถนนมนตรี",
    "ถนนพังงา",
    "ถนนสุรินทร์",
    "ถนนบางกอก",
    "ถนนปฏิพัทธ์",
    "ถนนศักดิเดช",
)

#: Where children go when they leave the network (destination of a transfer out).
OUTSIDE_SAME_AFFILIATION = (
    "โรงเรียนเทศบาลเมืองป่าตอง",
    "โรงเรียนเทศบาลตำบลกะรน",
    "โรงเรียนองค์การบริหารส่วนจังหวัดภูเก็ต",
    "โรงเรียนเทศบาลเมืองกะทู้",
)
OUTSIDE_OTHER_AFFILIATION = (
    "โรงเรียนภูเก็ตวิทยาลัย",
    "โรงเรียนสตรีภูเก็ต",
    "โรงเรียนอนุบาลภูเก็ต",
    "โรงเรียนดาวรุ่งวิทยา",
    "โรงเรียนเชิงทะเลวิทยาคม",
)
OUTSIDE_MOVED_HOUSE = (
    "โรงเรียนอนุบาลกระบี่",
    "โรงเรียนบ้านท้ายเหมือง จังหวัดพังงา",
    "โรงเรียนเทศบาลบ้านเกาะ จังหวัดสุราษฎร์ธานี",
    "โรงเรียนวัดชลธาราสิงเห จังหวัดนราธิวาส",
    "โรงเรียนในกรุงเทพมหานคร",
    "โรงเรียนบ้านกะปง จังหวัดพังงา",
)
ABROAD = ("ต่างประเทศ (เมียนมา)", "ต่างประเทศ (มาเลเซีย)", "ต่างประเทศ")

#: The island's rough extent, so that homes do not land in the sea.
LAT_RANGE = (7.77, 8.02)
LON_RANGE = (98.29, 98.405)

_KM_PER_DEG_LAT = 110.6
_KM_PER_DEG_LON = 110.3 * math.cos(math.radians(7.9))


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Flat-earth distance: exact enough across one island."""
    return math.hypot((lat1 - lat2) * _KM_PER_DEG_LAT, (lon1 - lon2) * _KM_PER_DEG_LON)


def point_near(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    new_lat = lat + km * math.cos(bearing) / _KM_PER_DEG_LAT
    new_lon = lon + km * math.sin(bearing) / _KM_PER_DEG_LON
    return (
        min(max(new_lat, LAT_RANGE[0]), LAT_RANGE[1]),
        min(max(new_lon, LON_RANGE[0]), LON_RANGE[1]),
    )


def nearest_tambon(lat: float, lon: float) -> Tambon:
    return min(TAMBONS, key=lambda t: km_between(lat, lon, t.lat, t.lon))
