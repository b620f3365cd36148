"""Faster list representations, with DRF's own output.

DRF walks every field of every row through several generic layers (readable
fields, source lookup, callable checks); for a page of 50 rows of 20 fields
that costs more than the database. Here each serializer works out once how to
read each field (its attribute chain and its own ``to_representation``) and
then applies that to every row. Fields it cannot read that simply (``source="*"``,
method fields, many-to-many, nested serializers) go through DRF unchanged.

Lists can go further, when a serializer opts in (``list_from_values = True``)
and every field of it is a column (or a slug of a foreign key): ``values_columns``
names the columns, the list reads plain ``values()`` rows and no model objects
are built at all. That path never runs a serializer's own code, so it is
refused to any serializer (or parent) that shapes its output itself
(``to_representation``, ``get_fields``) or has a field with a representation of
its own: such a serializer, for example one that redacts, always runs.

tests/api/test_representation.py checks both give what DRF itself gives, for
every list that opts in.
"""

from contextvars import ContextVar

from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, SlugRelatedField
from rest_framework.settings import api_settings

_SLOW_FIELDS = (serializers.SerializerMethodField, serializers.BaseSerializer, ManyRelatedField)


class FastRepresentationMixin:
    def _readers(self):
        readers = getattr(self, "_compiled_readers", None)
        if readers is None:
            readers = []
            for field in self._readable_fields:
                # A field that reads its value itself (get_attribute) is asked.
                direct = (
                    field.source != "*"
                    and not isinstance(field, _SLOW_FIELDS)
                    and "get_attribute" not in vars(field)
                    and not _shapes_itself(type(field), {"get_attribute"})
                )
                attrs = tuple(field.source_attrs) if direct else None
                readers.append((field.field_name, field, attrs))
            self._compiled_readers = readers
        return readers

    def to_representation(self, instance):
        row = {}
        for name, field, attrs in self._readers():
            if attrs is None:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                row[name] = None if value is None else field.to_representation(value)
                continue
            value = instance
            for attr in attrs:
                value = getattr(value, attr)
                if value is None:
                    break
            if callable(value):  # a method as source: DRF calls it
                value = field.get_attribute(instance)
            row[name] = None if value is None else field.to_representation(value)
        return row


class FastModelSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    pass


_current_zone: ContextVar = ContextVar("representation_zone")
_COLUMNS_CACHE: dict[tuple[type, type], dict | None] = {}


def values_columns(serializer_class, model) -> dict[str, tuple[str, object]] | None:
    """{output name: (values() column, converter or None)} when the serializer
    opts in, shapes nothing itself, and every readable field is a concrete
    column of ``model`` or the slug of a foreign key; else None (the list then
    serializes model objects).

    Worked out once per serializer class: building a ModelSerializer's fields
    costs more than a page of rows, and these readers do not depend on context.
    """
    key = (serializer_class, model)
    if key not in _COLUMNS_CACHE:
        allowed = (
            getattr(serializer_class, "list_from_values", False)
            and not _shapes_itself(serializer_class, SERIALIZER_SHAPERS)
            and not hasattr(getattr(serializer_class, "Meta", None), "list_serializer_class")
        )
        _COLUMNS_CACHE[key] = _columns(serializer_class(), model) if allowed else None
    return _COLUMNS_CACHE[key]


# Where a serializer or a field can shape or drop what it outputs (redact, hide
# per request). The values() path runs none of them, so it is refused to any
# serializer or field that has its own.
SERIALIZER_SHAPERS = frozenset({"to_representation", "get_fields", "__init__", "many_init"})
FIELD_SHAPERS = frozenset({"to_representation", "get_attribute"})


def _shapes_itself(cls, methods) -> bool:
    """True when a method is defined by a class of our own rather than by DRF
    (or by FastRepresentationMixin, which gives DRF's output)."""
    for method in methods:
        owner = next(klass for klass in cls.__mro__ if method in klass.__dict__)
        if owner is not FastRepresentationMixin and not owner.__module__.startswith(
            "rest_framework."
        ):
            return True
    return False


def _columns(serializer, model):
    concrete = {f.name: f for f in model._meta.concrete_fields}
    columns = {}
    for field in serializer._readable_fields:
        attrs = field.source_attrs if field.source != "*" else ()
        if len(attrs) != 1 or attrs[0] not in concrete or isinstance(field, _SLOW_FIELDS):
            return None
        if FIELD_SHAPERS & set(vars(field)) or _shapes_itself(type(field), FIELD_SHAPERS):
            return None
        if isinstance(field, SlugRelatedField):
            columns[field.field_name] = (f"{attrs[0]}__{field.slug_field}", None)
        elif concrete[attrs[0]].is_relation:
            return None
        elif _plain_datetime(field):
            columns[field.field_name] = (attrs[0], _datetime_text)
        else:
            columns[field.field_name] = (attrs[0], field.to_representation)
    return columns


def _plain_datetime(field) -> bool:
    return (
        type(field) is serializers.DateTimeField
        and getattr(field, "format", None) in (None, api_settings.DATETIME_FORMAT)
        and api_settings.DATETIME_FORMAT == ISO_8601
        and not hasattr(field, "timezone")
    )


def _datetime_text(value) -> str:
    """DRF's ISO 8601 rendering of an aware datetime in the current time zone,
    without its per-value lookups of settings and zone."""
    text = value.astimezone(_current_zone.get()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def rows_from_values(rows, columns) -> list[dict]:
    _current_zone.set(timezone.get_current_timezone())
    out = []
    for row in rows:
        item = {}
        for name, (column, convert) in columns.items():
            value = row[column]
            item[name] = value if value is None or convert is None else convert(value)
        out.append(item)
    return out
