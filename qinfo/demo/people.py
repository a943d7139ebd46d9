"""Children and families of the demo: Thai names, identifiers, households near their school."""

from __future__ import annotations

import datetime as dt
import math
import random

from faker import Faker

from qinfo.core.thai_id import national_id_check_digit
from qinfo.demo import causal
from qinfo.demo.places import (
    STREETS,
    DemoSchool,
    km_between,
    nearest_tambon,
    point_near,
)
from qinfo.demo.records import Household, Ids, Kid, Member

NICKNAMES = (
    "บอส", "ฟ้า", "มิว", "ต้น", "น้ำ", "ปลา", "แบม", "ภูมิ", "ไอซ์", "เนย", "ข้าวหอม", "ต้นกล้า",
    "ใบเตย", "พลอย", "ก้อง", "เจมส์", "แพรว", "ออม", "ปาล์ม", "เฟิร์น", "บีม", "กัปตัน", "ทอย",
    "ปั้น", "มายด์", "ตาล", "อิ่ม", "โฟกัส", "นะโม", "พีช", "ฝน", "ดาว", "เก่ง", "หมิว", "ซัน",
)  # fmt: skip
#: Occupation → typical monthly income in Phuket (baht), before the household's wealth factor.
OCCUPATIONS = {
    "service": 19000, "trader": 22000, "labourer": 12000, "employee": 20000, "government": 28000,
    "farmer": 11000, "self_employed": 18000, "unemployed": 0, "other": 10000,
}  # fmt: skip
WORKING_WEIGHTS = (22, 14, 20, 14, 6, 6, 10, 5, 3)
ELDER_OCCUPATIONS = ("unemployed", "trader", "farmer", "other")
#: Registration offices in national IDs: mostly Phuket, some from the provinces people move from.
ID_OFFICES = ("8301", "8399", "8302", "8303", "8001", "8101", "8201", "9001", "9601", "1001")
ID_OFFICE_WEIGHTS = (35, 35, 5, 5, 4, 4, 4, 3, 3, 2)
SPECIAL_NEEDS = (
    "learning", "intellectual", "autism", "speech", "behavioural", "physical", "hearing",
    "visual", "multiple",
)  # fmt: skip
SPECIAL_WEIGHTS = (50, 10, 10, 8, 8, 6, 4, 2, 2)


def title_for(sex: str, birth: dt.date, on: dt.date) -> str:
    """ด.ช./ด.ญ. under 15, นาย/นางสาว from 15."""
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if age < 15:
        return "ด.ช." if sex == "M" else "ด.ญ."
    return "นาย" if sex == "M" else "นางสาว"


class PeopleMaker:
    def __init__(self, rng: random.Random, seed: int, ids: Ids, today: dt.date) -> None:
        self.rng = rng
        self.fake = Faker("th_TH")
        self.fake.seed_instance(seed)
        self.ids = ids
        self.today = today
        self._identifiers: set[str] = set()
        self._names: set[tuple[str, str, dt.date]] = set()

    # Identifiers -------------------------------------------------------------------------
    def national_id(self, first_digit: str = "1") -> str:
        while True:
            office = self.rng.choices(ID_OFFICES, ID_OFFICE_WEIGHTS)[0]
            twelve = f"{first_digit}{office}{self.rng.randrange(10**7):07d}"
            value = twelve + str(national_id_check_digit(twelve))
            if value not in self._identifiers:
                self._identifiers.add(value)
                return value

    def g_code(self) -> str:
        while True:
            value = f"G{self.rng.randrange(10**12):012d}"
            if value not in self._identifiers:
                self._identifiers.add(value)
                return value

    def phone(self) -> str:
        return f"0{self.rng.choice('689')}{self.rng.randrange(10**8):08d}"

    # Households --------------------------------------------------------------------------
    def _adult(self, relation: str, sex: str, last: str, birth_year: int, wealth: float) -> Member:
        rng = self.rng
        if relation == "grandparent":
            occupation = rng.choices(ELDER_OCCUPATIONS, (50, 20, 15, 15))[0]
        elif relation == "mother" and rng.random() < 0.25:
            occupation = "unemployed"
        else:
            occupation = rng.choices(list(OCCUPATIONS), WORKING_WEIGHTS)[0]
        base = OCCUPATIONS[occupation] * (0.5 if relation == "grandparent" else 1.0)
        income = int(round(base * math.exp(wealth + rng.gauss(0, 0.3)) / 500) * 500)
        if occupation == "unemployed" and relation == "grandparent":
            income = 700  # the old-age allowance
        first = self.fake.first_name_male() if sex == "M" else self.fake.first_name_female()
        title = "นาย" if sex == "M" else ("นาง" if relation != "relative" else "นางสาว")
        return Member(
            id=self.ids.take("member"),
            title=title,
            first=first,
            last=last if relation != "grandparent" or rng.random() < 0.5 else self.fake.last_name(),
            relation=relation,
            birth_year=birth_year,
            occupation=occupation,
            income=income,
            phone=self.phone(),
            guardian=True,
        )

    def household(self, school: DemoSchool, last: str, child_birth: dt.date) -> Household:
        rng = self.rng
        family = rng.choices(("both", "one", "relatives"), (65, 22, 13))[0]
        wealth = rng.gauss(0, 0.45)
        parent_year = child_birth.year - rng.randint(22, 40)
        members: list[Member] = []
        if family == "both":
            members.append(
                self._adult("father", "M", last, parent_year - rng.randint(0, 5), wealth)
            )
            members.append(self._adult("mother", "F", last, parent_year, wealth))
        elif family == "one":
            sex = "F" if rng.random() < 0.75 else "M"
            relation = "mother" if sex == "F" else "father"
            members.append(self._adult(relation, sex, last, parent_year, wealth))
        if family == "relatives" or rng.random() < (0.25 if family == "both" else 0.4):
            for _ in range(1 if family != "relatives" or rng.random() < 0.5 else 2):
                sex = rng.choice("MF")
                year = parent_year - rng.randint(20, 30)
                members.append(self._adult("grandparent", sex, last, year, wealth))
        if family == "relatives" and rng.random() < 0.4:
            sex = rng.choice("MF")
            members.append(self._adult("relative", sex, last, parent_year + 3, wealth))
        for _ in range(rng.choices((0, 1, 2, 3), (30, 40, 20, 10))[0]):
            sex = rng.choice("MF")
            year = child_birth.year + rng.randint(-8, 8)
            first = self.fake.first_name_male() if sex == "M" else self.fake.first_name_female()
            title = title_for(sex, dt.date(year, 1, 1), self.today)
            members.append(
                Member(
                    self.ids.take("member"),
                    title,
                    first,
                    last,
                    "sibling",
                    year,
                    "",
                    None,
                    "",
                    False,
                )
            )
        km = min(25.0, rng.lognormvariate(math.log(2.0), 0.75))
        lat, lon = point_near(school.lat, school.lon, km, rng.uniform(0, 2 * math.pi))
        tambon = nearest_tambon(lat, lon)
        village = rng.randint(1, tambon.villages) if tambon.villages else 0
        house = str(rng.randint(1, 300))
        if rng.random() < 0.3:
            house += f"/{rng.randint(1, 40)}"
        return Household(
            id=self.ids.take("household"),
            family=family,
            members=members,
            lat=round(lat, 6),
            lon=round(lon, 6),
            distance_km=km_between(lat, lon, school.lat, school.lon),
            house_no=house,
            village_no=str(village) if village else "",
            street=rng.choice(STREETS) if not village or rng.random() < 0.3 else "",
            tambon=tambon.code,
            village_code=f"{tambon.code}{village:02d}" if village else "",
            postcode=tambon.postcode,
            registration_no=f"8399{rng.randrange(10**7):07d}",
        )

    # Children ----------------------------------------------------------------------------
    def birth_date(self, grade: int, year_start: dt.date, over_age: int) -> dt.date:
        """Born so that the child is grade + 2 years old on 16 May (อ.1 at three)."""
        age = grade + 2 + over_age
        latest = dt.date(year_start.year - age, 5, 16)
        return latest - dt.timedelta(days=self.rng.randrange(365))

    def _unique_name(self, sex: str, birth: dt.date) -> tuple[str, str]:
        # Distinct children never share name and birth date: only real duplicates do.
        while True:
            first = self.fake.first_name_male() if sex == "M" else self.fake.first_name_female()
            last = self.fake.last_name()
            if (first, last, birth) not in self._names:
                self._names.add((first, last, birth))
                return first, last

    def kid(self, school: DemoSchool, grade: int, year_start: dt.date, created: dt.date) -> Kid:
        rng = self.rng
        sex = rng.choice("MF")
        over_age = rng.choices((0, 1, 2), (965, 28, 7))[0]
        birth = self.birth_date(grade, year_start, over_age)
        first, last = self._unique_name(sex, birth)
        household = self.household(school, last, birth)
        roll = rng.random()
        if roll < 0.015:
            kind, identifier, nationality = "g_code", self.g_code(), "MM"
        elif roll < 0.02:
            kind, identifier, nationality = "pending", None, "TH"
        else:
            late = rng.random() < 0.01  # registered late: person type 2
            kind, identifier, nationality = (
                "national_id",
                self.national_id("2" if late else "1"),
                "TH",
            )
        religion = rng.choices(("buddhism", "islam", "christianity", "other"), (85.5, 12, 2, 0.5))[
            0
        ]
        special = rng.choices(SPECIAL_NEEDS, SPECIAL_WEIGHTS)[0] if rng.random() < 0.025 else ""
        kid = Kid(
            id=self.ids.take("student"),
            identifier_kind=kind,
            identifier=identifier,
            title=title_for(sex, birth, self.today),
            first=first,
            last=last,
            nickname=rng.choice(NICKNAMES),
            sex=sex,
            birth=birth,
            nationality=nationality,
            religion=religion,
            special_need=special,
            household=household,
            created=created,
            over_age=over_age,
        )
        causal.assign_latent(kid, rng)
        return kid

    def duplicate(self, original: Kid, school: DemoSchool, created: dt.date) -> Kid:
        """The same child entered again as a new record elsewhere, identifier not yet known."""
        household = self.household(school, original.last, original.birth)
        return Kid(
            id=self.ids.take("student"),
            identifier_kind="pending",
            identifier=None,
            title=original.title,
            first=original.first,
            last=original.last,
            nickname=original.nickname,
            sex=original.sex,
            birth=original.birth,
            nationality=original.nationality,
            religion=original.religion,
            special_need=original.special_need,
            household=household,
            created=created,
            ability=original.ability,
            poor_health=original.poor_health,
            propensity=original.propensity,
            over_age=original.over_age,
        )
