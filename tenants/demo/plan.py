"""The demo tenant as data, before anything is written: a pure function of
the seed. Units, people (as an HR system would export them), the
municipality's own management group, goals and leadership philosophies,
coaches and mentors, and the four people whose logins are printed.

The same seed gives the same plan, byte for byte (``demo_plan(seed).digest()``),
whatever the day or the machine: ``random.Random`` seeded with an int, lists
walked in their written order, nothing read from the clock."""

import csv
import hashlib
import io
import json
import random
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate

from spiral.tenants.demo import names
from spiral.tenants.demo.organisation import (
    FORVALTNINGAR,
    GOALS,
    MUNICIPALITY,
    OFFICE_TITLES,
    PRINCIPLES,
    VERKSAMHET_TITLES,
    Forvaltning,
    Work,
)

TOTAL_PEOPLE = 2000
EMAIL_DOMAIN = "demo.example.se"
LEAVING_SHARE = 0.006  # staff who have given notice (slutar)
MENTOR_CAPACITY = 4
COUNCIL = "Kommunledningsgruppen"

# Role flags as the HR export writes them (programs/org/hr_import/columns.py).
ROLE_WORDS = {
    "is_first_line_manager": "enhetschef",
    "is_senior_manager": "överordnad chef",
    "is_hr": "HR",
    "is_process_leader": "processledare",
    "is_coach": "coach",
    "is_mentor": "mentor",
}


@dataclass(frozen=True)
class PlannedUnit:
    external_id: str  # a cost centre code: 21000 a verksamhet, 21010 one of its enheter
    name: str
    parent: str | None
    level: int  # 0 förvaltning, 1 verksamhet, 2 enhet
    forvaltning: Forvaltning
    work: Work | None = None  # an enhet's kind of work


@dataclass
class PlannedPerson:
    external_id: str
    given_name: str
    family_name: str
    email: str
    phone: str
    title: str
    unit: str  # external id
    manages: bool = False
    roles: set[str] = field(default_factory=set)
    status: str = "active"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True)
class PlannedGroup:
    """A management group with its goals and philosophy versions. ``unit`` is
    the unit whose manager chairs it (the HR import makes those), or None for
    the municipality's own (made by hand)."""

    name: str
    unit: str | None
    chair: str
    members: tuple[str, ...]
    # (title, description, months after the programme starts)
    goals: tuple[tuple[str, str, int], ...]
    # each version's principles; the last comes into force when the programme starts
    philosophy: tuple[tuple[str, ...], ...]
    philosophy_months_before: int  # when the first version came into force


@dataclass(frozen=True)
class DemoPlan:
    seed: int
    municipality: str
    units: tuple[PlannedUnit, ...]
    people: tuple[PlannedPerson, ...]
    management_groups: tuple[PlannedGroup, ...]
    coaches: dict[str, str]  # first-line manager -> coach (external ids)
    mentors: dict[str, str]  # first-line manager -> mentor
    logins: dict[str, str]  # "hr", "senior", "manager", "staff" -> external id

    def person(self, external_id: str) -> PlannedPerson:
        return self._people_by_id[external_id]

    @property
    def _people_by_id(self) -> dict[str, PlannedPerson]:
        return {person.external_id: person for person in self.people}

    def unit(self, external_id: str) -> PlannedUnit:
        return next(unit for unit in self.units if unit.external_id == external_id)

    def hr_export(self) -> bytes:
        """The people as the municipality's HR system exports them: Swedish
        headers, semicolons, UTF-8 with a byte order mark (what Excel writes)."""
        units = {unit.external_id: unit for unit in self.units}
        groups = {group.unit: group.name for group in self.management_groups if group.unit}
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "Anställnings-ID", "Förnamn", "Efternamn", "E-post", "Telefon", "Befattning",
                "Enhets-ID", "Enhet", "Överordnad enhet-ID", "Chef för enheten", "Roller",
                "Anställningsstatus", "Ledningsgrupp",
            ]
        )  # fmt: skip
        for person in self.people:
            unit = units[person.unit]
            writer.writerow(
                [
                    person.external_id, person.given_name, person.family_name, person.email,
                    person.phone, person.title, unit.external_id, unit.name, unit.parent or "",
                    "ja" if person.manages else "nej",
                    ", ".join(ROLE_WORDS[role] for role in sorted(person.roles)),
                    "slutar" if person.status == "leaving" else "aktiv",
                    groups.get(unit.external_id, ""),
                ]
            )  # fmt: skip
        return out.getvalue().encode("utf-8-sig")

    def shape(self) -> dict:
        """What the tenant will hold, in the form ``digest.tenant_shape`` reads
        it back from the database."""
        managers = {p.unit: p.external_id for p in self.people if p.manages}
        return {
            "units": sorted(
                [u.external_id, u.name, u.parent or "", managers.get(u.external_id, "")]
                for u in self.units
            ),
            "people": sorted(
                [
                    p.external_id,
                    p.given_name,
                    p.family_name,
                    p.email,
                    p.phone,
                    p.title,
                    p.unit,
                    p.status,
                    sorted(p.roles),
                ]
                for p in self.people
            ),
            "work_groups": sorted(
                [
                    unit.external_id,
                    unit.name,
                    managers[unit.external_id],
                    sorted(
                        p.external_id
                        for p in self.people
                        if p.unit == unit.external_id and not p.manages
                    ),
                ]
                for unit in self.units
            ),
            "management_groups": sorted(
                [
                    g.name,
                    g.unit or "",
                    g.chair,
                    sorted(g.members),
                    sorted(title for title, _, _ in g.goals),
                    [list(version) for version in g.philosophy],
                ]
                for g in self.management_groups
            ),
            "support": sorted(
                [["coach", coach, person] for person, coach in self.coaches.items()]
                + [["mentor", mentor, person] for person, mentor in self.mentors.items()]
            ),
            "enrolled": sorted(
                p.external_id
                for p in self.people
                if "is_first_line_manager" in p.roles and p.status == "active"
            ),
        }

    def digest(self) -> str:
        return shape_digest(self.shape())


def shape_digest(shape: dict) -> str:
    text = json.dumps(shape, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --- generation -------------------------------------------------------------


def demo_plan(seed: int) -> DemoPlan:
    rng = random.Random(seed)  # noqa: S311 (made-up people, no secrets)
    units = _units()
    staff_sizes = _sizes(rng, units)
    people = _people(rng, units, staff_sizes)
    _special_roles(rng, units, people)
    groups = _management_groups(rng, units, people)
    coaches, mentors = _support(rng, units, people)
    return DemoPlan(
        seed=seed,
        municipality=MUNICIPALITY,
        units=tuple(units),
        people=tuple(people),
        management_groups=tuple(groups),
        coaches=coaches,
        mentors=mentors,
        logins=_logins(units, people),
    )


def _units() -> list[PlannedUnit]:
    units = []
    for i, forvaltning in enumerate(FORVALTNINGAR, start=1):
        top = f"{i}0000"
        units.append(PlannedUnit(top, forvaltning.name, None, 0, forvaltning))
        for j, verksamhet in enumerate(forvaltning.verksamheter, start=1):
            middle = f"{i}{j}000"
            units.append(PlannedUnit(middle, verksamhet.name, top, 1, forvaltning))
            for k, (name, work) in enumerate(verksamhet.enheter, start=1):
                units.append(PlannedUnit(f"{i}{j}{k:02d}0", name, middle, 2, forvaltning, work))
    return units


def _sizes(rng: random.Random, units: list[PlannedUnit]) -> dict[str, int]:
    """Staff (besides the manager) per unit: a few in each förvaltning's and
    verksamhet's office, the rest spread over the enheter in proportion to a
    size drawn for each, so that the tenant has exactly TOTAL_PEOPLE people."""
    sizes = {}
    for unit in units:
        if unit.level == 0:
            sizes[unit.external_id] = rng.randint(3, 5)
        elif unit.level == 1:
            sizes[unit.external_id] = rng.randint(1, 2)
    enheter = [unit for unit in units if unit.level == 2]
    drawn = {unit.external_id: rng.randint(*unit.work.size) for unit in enheter}
    left = TOTAL_PEOPLE - len(units) - sum(sizes.values())
    scale = left / sum(drawn.values())
    for unit in enheter:
        sizes[unit.external_id] = max(3, round(drawn[unit.external_id] * scale))
    # Rounding leaves a few too many or too few: the largest units absorb them.
    difference = left - sum(sizes[unit.external_id] for unit in enheter)
    largest = sorted(enheter, key=lambda u: (-sizes[u.external_id], u.external_id))
    for step in range(abs(difference)):
        sizes[largest[step % len(largest)].external_id] += 1 if difference > 0 else -1
    return sizes


class _Names:
    """Draws names; common ones more often (a name's weight falls with its rank)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.emails: set[str] = set()

    def _pick(self, options: tuple[str, ...], flatness: int = 20) -> str:
        weights = list(accumulate(1 / (rank + flatness) for rank in range(len(options))))
        return self.rng.choices(options, cum_weights=weights)[0]

    def person(self, women: float) -> tuple[str, str]:
        woman = self.rng.random() < women
        if self.rng.random() < names.WIDER_SHARE:
            given = self._pick(names.WOMEN_WIDER if woman else names.MEN_WIDER)
            wider_family = self.rng.random() < 0.75
        else:
            given = self._pick(names.WOMEN if woman else names.MEN)
            wider_family = self.rng.random() < 0.04
        family = self._pick(names.FAMILY_WIDER if wider_family else names.FAMILY, 40)
        return given, family

    def email(self, given: str, family: str) -> str:
        local = f"{_ascii(given)}.{_ascii(family)}"
        candidate, number = local, 1
        while candidate in self.emails:
            number += 1
            candidate = f"{local}{number}"
        self.emails.add(candidate)
        return f"{candidate}@{EMAIL_DOMAIN}"

    def phone(self) -> str:
        prefix = self.rng.choice(("070", "072", "073", "076"))
        digits = f"{self.rng.randrange(10**7):07d}"
        return f"{prefix}-{digits[:3]} {digits[3:5]} {digits[5:]}"


def _ascii(text: str) -> str:
    """Åsa Öberg-Ek -> asa, oberg-ek: what an email address can carry."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain if c.isalnum() or c == "-")


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    titles, weights = zip(*choices, strict=True)
    return rng.choices(titles, weights=weights)[0]


def _people(
    rng: random.Random, units: list[PlannedUnit], sizes: dict[str, int]
) -> list[PlannedPerson]:
    drawer = _Names(rng)
    ids = iter(rng.sample(range(10000, 99999), TOTAL_PEOPLE))
    people = []

    def add(unit: PlannedUnit, title: str, women: float, *, manages: bool = False, roles=()):
        given, family = drawer.person(women)
        person = PlannedPerson(
            external_id=str(next(ids)),
            given_name=given,
            family_name=family,
            email=drawer.email(given, family),
            phone=drawer.phone(),
            title=title,
            unit=unit.external_id,
            manages=manages,
            roles=set(roles),
        )
        people.append(person)
        return person

    verksamheter = {(v.name, f.name): v for f in FORVALTNINGAR for v in f.verksamheter}
    by_id = {unit.external_id: unit for unit in units}
    for unit in units:
        if unit.level == 0:
            add(unit, unit.forvaltning.manager, 0.55, manages=True, roles={"is_senior_manager"})
            for _ in range(sizes[unit.external_id]):
                add(unit, _weighted(rng, OFFICE_TITLES), 0.65)
        elif unit.level == 1:
            title = verksamheter[(unit.name, unit.forvaltning.name)].manager
            add(unit, title, 0.6, manages=True, roles={"is_senior_manager"})
            for _ in range(sizes[unit.external_id]):
                add(unit, _weighted(rng, VERKSAMHET_TITLES), 0.65)
        else:
            work = unit.work
            manager_women = min(0.9, work.women + 0.05)
            add(unit, work.manager, manager_women, manages=True, roles={"is_first_line_manager"})
            for _ in range(sizes[unit.external_id]):
                add(unit, _weighted(rng, work.titles), work.women)
    if len(people) != TOTAL_PEOPLE or any(p.unit not in by_id for p in people):
        raise RuntimeError("The demo's people do not add up.")
    for person in people:
        if not person.manages and rng.random() < LEAVING_SHARE:
            person.status = "leaving"
    return people


def _staff_of(people: list[PlannedPerson], unit: PlannedUnit) -> list[PlannedPerson]:
    return [p for p in people if p.unit == unit.external_id and not p.manages]


def _unit_named(units: list[PlannedUnit], name: str) -> PlannedUnit:
    return next(unit for unit in units if unit.name == name)


def _special_roles(rng: random.Random, units: list[PlannedUnit], people: list[PlannedPerson]):
    """HR, process leaders, coaches and mentors."""
    hr_unit = _unit_named(units, "HR-enheten")
    hr_chief = next(p for p in people if p.unit == hr_unit.parent and p.manages)
    hr_chief.roles.add("is_hr")
    hr_staff = [p for p in _staff_of(people, hr_unit) if p.status == "active"]
    for person in hr_staff:
        person.roles.add("is_hr")
    hr_staff[0].title = "HR-strateg"  # the HR login: owns the programme
    for person in hr_staff[1:5]:
        person.title = "HR-konsult"
        person.roles.add("is_coach")
    development = [
        p for p in _staff_of(people, _unit_named(units, "Organisations- och ledarutveckling"))
        if p.status == "active"
    ]  # fmt: skip
    for position, person in enumerate(development):
        if position < 2:
            person.title = "Processledare"
            person.roles.add("is_process_leader")
        else:
            person.title = "Ledarutvecklare" if position % 2 else "Organisationskonsult"
            person.roles.add("is_coach")
    # Mentors: the verksamhet chiefs (except the HR chief, who runs the
    # programme's side of HR) and a dozen experienced first-line managers.
    for person in people:
        unit = next(u for u in units if u.external_id == person.unit)
        if person.manages and unit.level == 1 and person is not hr_chief:
            person.roles.add("is_mentor")
    first_line = [p for p in people if "is_first_line_manager" in p.roles]
    for person in rng.sample(first_line, 12):
        person.roles.add("is_mentor")


def _management_groups(
    rng: random.Random, units: list[PlannedUnit], people: list[PlannedPerson]
) -> list[PlannedGroup]:
    """Every förvaltning and verksamhet chief chairs a management group of the
    chiefs of the units right below (the HR import draws them so); the
    kommundirektör chairs the municipality's own, of the förvaltning chiefs."""
    managers = {p.unit: p.external_id for p in people if p.manages}
    groups = []
    for unit in units:
        if unit.level == 2:
            continue
        below = [u for u in units if u.parent == unit.external_id]
        name = (
            f"Förvaltningsledning {unit.name}" if unit.level == 0 else f"Ledningsgrupp {unit.name}"
        )
        groups.append(
            _group(rng, name, unit.external_id, managers[unit.external_id],
                   [managers[u.external_id] for u in below], unit.forvaltning.goals)
        )  # fmt: skip
    tops = [unit for unit in units if unit.level == 0]
    chair = managers[tops[0].external_id]  # the kommundirektör
    members = [managers[unit.external_id] for unit in tops[1:]]
    groups.append(_group(rng, COUNCIL, None, chair, members, "staff"))
    return groups


def _group(rng, name, unit, chair, members, goals_key) -> PlannedGroup:
    own = list(GOALS[goals_key])
    common = list(GOALS["common"])
    chosen = rng.sample(own, min(2, len(own))) + rng.sample(common, 1)
    goals = tuple((title, text, rng.choice((6, 9, 12, 18))) for title, text in chosen)
    first = rng.sample(PRINCIPLES, rng.randint(4, 5))
    versions = [tuple(first)]
    if rng.random() < 0.4:  # revised when the programme started
        kept = first[:-1]
        added = rng.choice([p for p in PRINCIPLES if p not in first])
        versions.append((*kept, added))
    return PlannedGroup(
        name=name,
        unit=unit,
        chair=chair,
        members=tuple(members),
        goals=goals,
        philosophy=tuple(versions),
        philosophy_months_before=rng.randint(6, 24),
    )


def _support(
    rng: random.Random, units: list[PlannedUnit], people: list[PlannedPerson]
) -> tuple[dict[str, str], dict[str, str]]:
    """A coach for every first-line manager, evenly shared; a mentor from
    another förvaltning (or, for a mentor who manages an enhet, another
    verksamhet), at most MENTOR_CAPACITY mentees each."""
    by_id = {unit.external_id: unit for unit in units}

    def forvaltning_of(person: PlannedPerson) -> str:
        return by_id[person.unit].forvaltning.name

    first_line = [p for p in people if "is_first_line_manager" in p.roles and p.status == "active"]
    coaches = [p for p in people if "is_coach" in p.roles]
    order = rng.sample(first_line, len(first_line))
    coached = {
        person.external_id: coaches[i % len(coaches)].external_id for i, person in enumerate(order)
    }

    mentors = [p for p in people if "is_mentor" in p.roles]
    load = {mentor.external_id: 0 for mentor in mentors}
    mentored = {}
    for person in rng.sample(first_line, len(first_line)):
        options = [
            m for m in mentors
            if m is not person and load[m.external_id] < MENTOR_CAPACITY
            and forvaltning_of(m) != forvaltning_of(person)
        ]  # fmt: skip
        fewest = min(load[m.external_id] for m in options)
        mentor = rng.choice([m for m in options if load[m.external_id] == fewest])
        load[mentor.external_id] += 1
        mentored[person.external_id] = mentor.external_id
    return dict(sorted(coached.items())), dict(sorted(mentored.items()))


def _logins(units: list[PlannedUnit], people: list[PlannedPerson]) -> dict[str, str]:
    """HR: the HR strategist who owns the programme. Senior manager: the chief
    of Hemtjänst. First-line manager: the manager of Hemtjänst Norr, who sits
    in that chief's management group. Staff: an undersköterska in Hemtjänst Norr."""
    hr_unit = _unit_named(units, "HR-enheten")
    hr = next(p for p in _staff_of(people, hr_unit) if p.status == "active")
    senior_unit = _unit_named(units, "Hemtjänst")
    unit = _unit_named(units, "Hemtjänst Norr")
    senior = next(p for p in people if p.unit == senior_unit.external_id and p.manages)
    manager = next(p for p in people if p.unit == unit.external_id and p.manages)
    staff = next(p for p in _staff_of(people, unit) if p.status == "active" and not p.roles)
    staff.title = "Undersköterska"
    return {
        "hr": hr.external_id,
        "senior": senior.external_id,
        "manager": manager.external_id,
        "staff": staff.external_id,
    }
