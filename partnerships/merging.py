"""Merge duplicate records: the survivor takes over every relation and citation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from partnerships.models import Organization, Partnership, Place
from partnerships.models.common import is_own_ancestor


def _unique_field_sets(model) -> list[tuple[str, ...]]:
    field_sets = [tuple(fields) for fields in model._meta.unique_together]
    field_sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    return field_sets


def _counterpart(row, field_name: str, survivor):
    """Return the row that would clash with ``row`` once it points at ``survivor``."""
    model = type(row)
    for fields in _unique_field_sets(model):
        if field_name not in fields:
            continue
        lookup = {}
        for name in fields:
            field = model._meta.get_field(name)
            lookup[field.attname] = getattr(row, field.attname)
        lookup[model._meta.get_field(field_name).attname] = survivor.pk
        if any(value is None for value in lookup.values()):
            continue  # NULLs never clash in a unique constraint
        clash = model._base_manager.filter(**lookup).exclude(pk=row.pk).first()
        if clash is not None:
            return clash
    return None


def _repoint(survivor, duplicate) -> None:
    """Move every row that refers to ``duplicate`` over to ``survivor``."""
    for relation in duplicate._meta.related_objects:
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            getattr(survivor, accessor).add(*getattr(duplicate, accessor).all())
            continue
        field_name = relation.field.name
        for row in relation.related_model._base_manager.filter(**{field_name: duplicate}):
            clash = _counterpart(row, field_name, survivor)
            if clash is not None:
                # The survivor already has this link (both were party to one agreement):
                # fold the duplicate's row into the survivor's so nothing under it is lost.
                _repoint(clash, row)
                row.delete()
            else:
                setattr(row, field_name, survivor)
                row.save(update_fields=[field_name])
    for field in duplicate._meta.many_to_many:
        getattr(survivor, field.name).add(*getattr(duplicate, field.name).all())


def merge_records(survivor, duplicates) -> int:
    """Fold each duplicate into ``survivor`` and delete it; return how many were merged.

    All or nothing: when the merge would break a rule the database holds (two
    partnerships becoming the same pair, a place inside itself) it raises
    ValidationError and leaves the database as it was.
    """
    merged = 0
    try:
        with transaction.atomic():
            for duplicate in duplicates:
                if duplicate.pk == survivor.pk:
                    continue
                if type(duplicate) is not type(survivor):
                    raise ValidationError(_("Only records of the same kind can be merged."))
                _repoint(survivor, duplicate)
                keep_name_as_alternate(survivor, duplicate)
                duplicate.delete()
                merged += 1
            survivor.refresh_from_db()
            if hasattr(survivor, "parent") and is_own_ancestor(survivor):
                raise ValidationError(
                    _(
                        "After the merge “%(name)s” would lie inside itself; "
                        "change its parent first."
                    ),
                    params={"name": survivor},
                )
            for partnership in partnerships_with_member(survivor):
                partnership.refresh_member_key()
    except IntegrityError as error:
        raise ValidationError(
            _(
                "These records cannot be merged: the result would break a rule of the "
                "directory (for example two partnerships linking the same members, or a "
                "place inside itself). Resolve that first. (%(error)s)"
            ),
            params={"error": error},
        ) from error
    return merged


def partnerships_with_member(record):
    if isinstance(record, Place):
        return Partnership.objects.filter(members__place=record).distinct()
    if isinstance(record, Organization):
        return Partnership.objects.filter(members__organization=record).distinct()
    return Partnership.objects.none()


def keep_name_as_alternate(survivor, duplicate) -> None:
    """Keep a differently named duplicate's name as an alternate name of the survivor."""
    if not hasattr(survivor, "alternate_names") or duplicate.name == survivor.name:
        return
    survivor.alternate_names.get_or_create(
        name=duplicate.name,
        language="",
        defaults={"note": _("Name of a duplicate record merged into this one.")},
    )
