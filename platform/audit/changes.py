"""Which fields a service changed: values read before and after, compared as
they would be stored. Private fields are listed by name only."""

from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.db import models

Changes = dict[str, list[Any] | None]
_ABSENT = object()


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The fields' current values; a foreign key by the referenced row's id (no
    query), a many-to-many value given as objects by their sorted ids."""
    return {name: getattr(obj, attname) for name, attname in _attnames(type(obj), tuple(fields))}


@lru_cache(maxsize=1024)
def _attnames(model: type[models.Model], fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(field, attribute to read): bulk paths snapshot thousands of rows."""
    named = []
    for name in fields:
        field = model._meta.get_field(name)
        named.append((name, field.attname if field.many_to_one or field.one_to_one else name))
    return tuple(named)


def related_ids(objects: Iterable[models.Model] | None) -> list[int] | None:
    """A many-to-many value as sorted ids, for comparing member lists."""
    return None if objects is None else sorted(getattr(o, "pk", o) for o in objects)


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any], *, private: Collection[str] = ()
) -> Changes:
    """{field: [before, after]} for every field whose value differs; a field
    absent from ``before`` (a new object) counts as None before. A private
    field that changed is {field: None}: named, never its value."""
    changes: Changes = {}
    for name, new in after.items():
        old = before.get(name, _ABSENT)
        if old is _ABSENT:
            old = None
        if old == new:
            continue
        changes[name] = None if name in private else [old, new]
    return changes


def created_fields(obj: models.Model, fields: Iterable[str], *, private: Collection[str] = ()):
    """The fields a new object was given (empty ones left out)."""
    values = {k: v for k, v in snapshot(obj, fields).items() if v not in (None, "", [], {})}
    return changed_fields({}, values, private=private)
