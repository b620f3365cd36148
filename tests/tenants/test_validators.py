import pytest
from django.core.exceptions import ValidationError

from spiral.tenants.validators import normalise_org_number, validate_slug


@pytest.mark.parametrize(
    "value, expected",
    [
        ("212000-1561", "212000-1561"),  # Borås stad
        ("2120001561", "212000-1561"),
        (" 232100-0164 ", "232100-0164"),
    ],
)
def test_valid_organisation_numbers_are_normalised(value, expected):
    assert normalise_org_number(value) == expected


@pytest.mark.parametrize(
    "value, code",
    [
        ("212000-1562", "checksum"),  # wrong check digit
        ("211000-1561", "invalid"),  # third digit below 2: a personal number
        ("21200-1561", "format"),
        ("abcdef-ghij", "format"),
        ("", "format"),
    ],
)
def test_invalid_organisation_numbers_are_rejected_with_a_reason(value, code):
    with pytest.raises(ValidationError) as caught:
        normalise_org_number(value)
    assert caught.value.code == code


@pytest.mark.parametrize("slug", ["boras", "upplands-vasby", "a1", "x" * 63])
def test_valid_slugs(slug):
    validate_slug(slug)


@pytest.mark.parametrize(
    "slug",
    [
        "public",
        "information_schema",
        "pg-catalog",
        "pg_temp",
        "Boras",
        "bor as",
        'bor"as',
        "bor'as",
        "boras;drop",
        "x" * 64,
        "-boras",
        "boras-",
        "a--b",
        "1boras",
        "www",
        "",
    ],
)
def test_invalid_or_reserved_slugs_are_rejected(slug):
    with pytest.raises(ValidationError):
        validate_slug(slug)
