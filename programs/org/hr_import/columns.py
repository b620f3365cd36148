"""The documented columns of a people import, with the Swedish headers that HR
systems export. Headers are matched ignoring case, spaces, hyphens and
underscores."""

import re

REQUIRED = ("external_id", "given_name", "family_name", "unit_id")

# fmt: off
ALIASES = {
    "external_id": ("external_id", "anställningsid", "anstallningsid", "medarbetarid", "personid"),
    "given_name": ("given_name", "first_name", "förnamn", "fornamn", "tilltalsnamn"),
    "family_name": ("family_name", "last_name", "efternamn"),
    "email": ("email", "epost", "e-post", "mejl", "mail"),
    "phone": ("phone", "telefon", "mobil", "telefonnummer"),
    "title": ("title", "titel", "befattning", "yrke", "profession"),
    "unit_id": ("unit_id", "enhetsid", "enhetskod", "kostnadsställe", "kostnadsstalle"),
    "unit_name": ("unit_name", "enhet", "enhetsnamn"),
    "parent_unit_id": (
        "parent_unit_id", "överordnad enhet", "överordnad enhet-id", "överordnad enhets-id",
        "overordnad enhet", "overordnad enhet-id", "overordnad enhets-id", "överordnad enhetskod",
    ),
    "manager_of_unit": ("manager_of_unit", "chefförenheten", "chefforenheten", "enhetschef"),
    "roles": ("roles", "roller", "roll"),
    "status": ("status", "anställningsstatus", "anstallningsstatus", "anställning"),
    "work_group": ("work_group", "arbetsgrupp", "arbetsgruppens namn"),
    "management_group": ("management_group", "ledningsgrupp", "ledningsgruppens namn"),
}
# fmt: on
ALL_COLUMNS = tuple(ALIASES)

# How the README writes each column's Swedish header: a missing column has no
# header in the file, so it is named as an HR person would write it.
DISPLAY_NAMES = {
    "external_id": "Anställnings-ID", "given_name": "Förnamn", "family_name": "Efternamn",
    "email": "E-post", "phone": "Telefon", "title": "Befattning", "unit_id": "Enhets-ID",
    "unit_name": "Enhet", "parent_unit_id": "Överordnad enhet-ID",
    "manager_of_unit": "Chef för enheten", "roles": "Roller", "status": "Anställningsstatus",
    "work_group": "Arbetsgrupp", "management_group": "Ledningsgrupp",
}  # fmt: skip


def display_name(column: str) -> str:
    return DISPLAY_NAMES.get(column, column)


# An empty cell means employed: the export lists the people who work here.
STATUS_WORDS = {
    "active": ("", "active", "aktiv", "anställd", "anstalld"),
    "leaving": ("leaving", "slutar", "uppsagd", "avgående", "avgaende"),
    "left": ("left", "slutat", "avslutad", "avslutat", "avgått", "avgatt"),
}
_STATUS_BY_WORD = {word: status for status, words in STATUS_WORDS.items() for word in words}


def parse_status(cell: str) -> str | None:
    """The employment status a cell names, or None if not understood."""
    return _STATUS_BY_WORD.get(" ".join(cell.lower().split()))


ROLE_WORDS = {
    "is_first_line_manager": (
        "first-line manager", "first line manager", "första linjens chef", "forsta linjens chef",
        "enhetschef", "chef",
    ),
    "is_senior_manager": (
        "senior manager", "överordnad chef", "overordnad chef", "förvaltningschef",
    ),
    "is_hr": ("hr",),
    "is_process_leader": ("process leader", "processledare"),
    "is_coach": ("coach",),
    "is_mentor": ("mentor",),
}  # fmt: skip

YES = {"ja", "j", "yes", "y", "1", "x", "true", "sant"}
NO = {"", "nej", "n", "no", "0", "false", "falskt"}
# A group column's "no": the import leaves that unit's group alone.
NO_GROUP = NO - {""} | {"-", "ingen"}


def _normalise(header: str) -> str:
    return re.sub(r"[\s_\-.]", "", header.strip().lower())


_BY_HEADER = {_normalise(alias): column for column, aliases in ALIASES.items() for alias in aliases}


def canonical(header: str) -> str | None:
    return _BY_HEADER.get(_normalise(header))


_ROLE_BY_WORD = {word: field for field, words in ROLE_WORDS.items() for word in words}


def parse_roles(cell: str) -> tuple[set[str], list[str]]:
    """Role flags named in a cell ("chef, mentor" or "HR|coach"), and the words
    that were not understood."""
    roles, unknown = set(), []
    for word in re.split(r"[,|;/]", cell):
        word = " ".join(word.lower().split())
        if not word:
            continue
        if word in _ROLE_BY_WORD:
            roles.add(_ROLE_BY_WORD[word])
        else:
            unknown.append(word)
    return roles, unknown
