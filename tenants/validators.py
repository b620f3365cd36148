"""Rules for the identifiers a tenant is known by."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A slug is both a DNS label (<slug>.<base domain>) and, with '-' turned into '_',
# the tenant's PostgreSQL schema name; both are limited to 63 characters.
SLUG_MAX_LENGTH = 63
_SLUG = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
RESERVED_SLUGS = frozenset(
    {"public", "information_schema", "www", "api", "admin", "static", "media", "mail", "platform"}
)

_ORG_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def schema_name_for_slug(slug: str) -> str:
    return slug.replace("-", "_")


def validate_slug(slug: str) -> None:
    if len(slug) > SLUG_MAX_LENGTH:
        raise ValidationError(
            _("At most %(limit)d characters."), code="too_long", params={"limit": SLUG_MAX_LENGTH}
        )
    if not _SLUG.match(slug) or "--" in slug:
        raise ValidationError(
            _(
                "Use lower-case letters a-z, digits and single hyphens; "
                "start with a letter and end with a letter or digit."
            ),
            code="invalid",
        )
    schema = schema_name_for_slug(slug)
    if slug in RESERVED_SLUGS or schema in RESERVED_SLUGS or schema.startswith("pg_"):
        raise ValidationError(_("This name is reserved."), code="reserved")


def luhn_check_digit(digits: str) -> int:
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def normalise_org_number(value: str) -> str:
    """Returns the organisation number as NNNNNN-NNNN, or raises ValidationError.

    A Swedish organisation number has ten digits; the last is a Luhn check digit
    over the first nine, and the third digit is at least 2 for legal entities.
    """
    match = _ORG_NUMBER.match(value.strip())
    if not match:
        raise ValidationError(_("Write ten digits as NNNNNN-NNNN."), code="format")
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2:
        raise ValidationError(
            _("The third digit is at least 2 in an organisation number."), code="invalid"
        )
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(_("The check digit does not match."), code="checksum")
    return f"{digits[:6]}-{digits[6:]}"


def validate_quiet_hours(quiet_from, quiet_until) -> None:
    """Quiet hours (a person's, or a tenant's default) have both ends or none,
    and end at another time than they start; the error names the field."""
    if (quiet_from is None) != (quiet_until is None):
        missing = "quiet_until" if quiet_until is None else "quiet_from"
        raise ValidationError({missing: [_("Give both ends of the quiet hours, or neither.")]})
    if quiet_from is not None and quiet_from == quiet_until:
        raise ValidationError(
            {"quiet_until": [_("The quiet hours must end at another time than they start.")]}
        )
