"""What drf-spectacular cannot read from the FilterSets and serializers by itself.

The classes register themselves with drf-spectacular when this module is imported
(agreements.api.views does).
"""

from django import forms
from django_filters import ChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import (
    ResolvedComponent,
    build_basic_type,
    build_choice_field,
    build_parameter_type,
)
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from partnerships.models import PartnershipKind


class FilterLimitsExtension(DjangoFilterExtension):
    """Describe each filter as its form field validates it.

    A value the schema allows must not be a 400, so the schema states the form's
    limits: years are whole numbers from 1 to 9999, search text has a maximum length,
    and a country is one of the ISO codes.
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        choices = filter_field.extra.get("choices")
        if isinstance(filter_field, ChoiceFilter) and callable(choices):
            # Computed choices (countries in the visitor's language), not a database query.
            return [
                build_parameter_type(
                    name=field_name,
                    location=OpenApiParameter.QUERY,
                    schema=build_basic_type(OpenApiTypes.STR),
                    enum=[value for value, _label in choices()],
                    description=str(filter_field.label),
                )
            ]
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        form_field = filter_field.field
        for parameter in parameters:
            schema = parameter["schema"]
            if isinstance(form_field, forms.IntegerField):
                schema.update(build_basic_type(OpenApiTypes.INT))
                schema.pop("format", None)
                if form_field.min_value is not None:
                    schema["minimum"] = form_field.min_value
                if form_field.max_value is not None:
                    schema["maximum"] = form_field.max_value
            if getattr(form_field, "max_length", None) and schema.get("type") == "string":
                schema["maxLength"] = form_field.max_length
        return parameters


class PartnershipKindField(serializers.ChoiceField):
    """A partnership's kind, now or at an earlier stage: one choice set, one schema enum."""

    def __init__(self, **kwargs):
        super().__init__(choices=PartnershipKind.choices, **kwargs)


class PartnershipKindFieldExtension(OpenApiSerializerFieldExtension):
    """Point both uses at one PartnershipKindEnum component.

    Left inline, the same enum under the name "kind" in two components is a naming
    collision drf-spectacular warns about.
    """

    target_class = PartnershipKindField

    def map_serializer_field(self, auto_schema, direction):
        component = ResolvedComponent(
            name="PartnershipKindEnum",
            type=ResolvedComponent.SCHEMA,
            object="PartnershipKindEnum",
            schema=build_choice_field(self.target),
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
