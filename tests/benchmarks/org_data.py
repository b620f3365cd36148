"""A municipality-sized HR export, made up: 3,000 units in three levels and
50,000 people, as Swedish headers in a semicolon-separated UTF-8 CSV."""

import random

HEADER = "Anställnings-ID;Förnamn;Efternamn;E-post;Befattning;Enhets-ID;Enhet;Överordnad enhet-ID;Chef för enheten;Roller"  # noqa: E501
GIVEN = ["Anna", "Björn", "Cecilia", "David", "Elin", "Fredrik", "Greta", "Hassan", "Ida", "Jonas"]
FAMILY = ["Andersson", "Berg", "Călin", "Dahl", "Ek", "Ferm", "Gustafsson", "Holm", "Isaksson"]
TITLES = ["Undersköterska", "Sjuksköterska", "Vårdbiträde", "Arbetsterapeut", "Fysioterapeut"]


def units(total: int = 3000) -> list[tuple[str, str, str]]:
    """(id, name, parent id): 10 administrations, 90 operations, the rest units."""
    administrations = [(f"F{i:02d}", f"Förvaltning {i}", "") for i in range(10)]
    operations = [(f"V{i:03d}", f"Verksamhet {i}", f"F{i % 10:02d}") for i in range(90)]
    rest = total - len(administrations) - len(operations)
    leaves = [(f"E{i:04d}", f"Enhet {i}", f"V{i % 90:03d}") for i in range(rest)]
    return administrations + operations + leaves


def csv_export(people: int = 50_000, unit_count: int = 3000, seed: int = 7) -> bytes:
    rng = random.Random(seed)  # noqa: S311 (made-up data, not security)
    tree = units(unit_count)
    lines = [HEADER]
    managed = set()
    for number in range(people):
        unit_id, unit_name, parent = tree[number % len(tree)]
        is_manager = unit_id not in managed
        managed.add(unit_id)
        role = "" if not is_manager else ("överordnad chef" if unit_id[0] in "FV" else "chef")
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        manager = "ja" if is_manager else ""
        lines.append(
            f"{100000 + number};{given};{family};p{number}@kommun.example.se;"
            f"{rng.choice(TITLES)};{unit_id};{unit_name};{parent};{manager};{role}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")
