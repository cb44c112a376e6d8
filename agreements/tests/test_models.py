import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import (
    Agreement,
    AgreementRelation,
    Citation,
    RelationKind,
    Signatory,
    Validity,
)
from agreements.tests.factory import add_party, add_signatory, cite, make_agreement, make_source
from partnerships.tests.factory import make_organization, make_person, make_place

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def refused(callable_, *args, **kwargs):
    try:
        with transaction.atomic():
            callable_(*args, **kwargs)
    except IntegrityError:
        return True
    return False


def agreement_valid_until(value: str, precision: str) -> Agreement:
    return make_agreement(
        valid_until=datetime.date.fromisoformat(value), valid_until_precision=precision
    )


class TestValidity:
    @pytest.mark.parametrize(
        ("until", "precision", "expected"),
        [
            ("2030-01-01", "year", Validity.ACTIVE),  # "until 2030" runs to 31 Dec 2030
            ("2026-01-01", "year", Validity.EXPIRING),  # ends 31 Dec 2026, within a year
            ("2025-01-01", "year", Validity.EXPIRED),
            ("2026-11-01", "month", Validity.EXPIRING),  # the rest of November counts
            ("2026-10-01", "month", Validity.EXPIRED),
            ("2026-11-21", "day", Validity.EXPIRED),
            ("2026-11-22", "day", Validity.EXPIRING),
            ("2027-11-22", "day", Validity.ACTIVE),
        ],
    )
    def test_status_is_derived_from_the_dates(self, until, precision, expected):
        """The list filter (SQL) and the detail page (Python) agree on every boundary."""
        agreement = agreement_valid_until(until, precision)
        annotated = Agreement.objects.with_validity(today=TODAY).get(pk=agreement.pk)
        assert annotated.validity == expected

    def test_no_end_date_is_unknown(self):
        agreement = make_agreement()
        assert Agreement.objects.with_validity(today=TODAY).get().validity == Validity.UNKNOWN
        assert agreement.validity == Validity.UNKNOWN
        assert agreement.validity_label == "unknown"

    def test_python_fallback_matches(self):
        agreement = agreement_valid_until("2099-01-01", "year")
        assert agreement.validity == Validity.ACTIVE
        assert agreement_valid_until("2000-01-01", "year").validity == Validity.EXPIRED

    def test_valid_until_not_before_valid_from(self):
        assert refused(
            make_agreement,
            valid_from=datetime.date(2025, 1, 1),
            valid_from_precision="year",
            valid_until=datetime.date(2024, 1, 1),
            valid_until_precision="year",
        )

    def test_clean_names_the_field(self):
        agreement = make_agreement()
        agreement.valid_from = datetime.date(2025, 1, 14)
        agreement.valid_from_precision = "day"
        agreement.valid_until = datetime.date(2024, 1, 1)
        agreement.valid_until_precision = "year"
        with pytest.raises(ValidationError) as error:
            agreement.full_clean()
        assert "valid_until" in error.value.message_dict


class TestParties:
    def test_a_party_appears_once_per_agreement(self):
        agreement, place, organization = make_agreement(), make_place(), make_organization()
        add_party(agreement, place=place)
        add_party(agreement, organization=organization)
        assert refused(add_party, agreement, place=place, role="partner")
        assert refused(add_party, agreement, organization=organization, role="partner")

    def test_a_party_is_a_place_or_an_organization(self):
        agreement = make_agreement()
        assert refused(add_party, agreement)
        assert refused(add_party, agreement, place=make_place(), organization=make_organization())

    def test_a_signatory_signs_once_and_for_a_party_of_the_same_agreement(self):
        agreement, other = make_agreement(), make_agreement()
        party = add_party(agreement, organization=make_organization())
        other_party = add_party(other, organization=make_organization())
        person = make_person()
        add_signatory(agreement, party, person=person)
        assert refused(add_signatory, agreement, party, person=person)
        misfiled = Signatory(
            agreement=agreement, party=other_party, person=make_person(), title="x"
        )
        with pytest.raises(ValidationError) as error:
            misfiled.full_clean()
        assert "party" in error.value.message_dict

    def test_an_agreement_does_not_relate_to_itself(self):
        agreement = make_agreement()
        assert refused(
            AgreementRelation.objects.create,
            from_agreement=agreement,
            to_agreement=agreement,
            kind=RelationKind.RENEWS,
        )


class TestCitations:
    def test_a_citation_supports_exactly_one_record(self):
        source = make_source()
        assert refused(Citation.objects.create, source=source)
        assert refused(
            Citation.objects.create, source=source, place=make_place(), agreement=make_agreement()
        )
        assert not refused(cite, source, place=make_place())

    def test_a_source_cites_a_record_once(self):
        source, place = make_source(), make_place()
        cite(source, place=place)
        assert refused(cite, source, place=place)
        assert not refused(cite, make_source(), place=place)

    def test_an_inferred_fact_says_how(self):
        source = make_source()
        assert refused(cite, source, agreement=make_agreement(), is_inferred=True)
        citation = cite(
            source,
            agreement=make_agreement(),
            is_inferred=True,
            note="Year from the 45th anniversary of a 1973 affiliation.",
        )
        assert citation.record.title.startswith("Agreement")

    def test_citations_go_with_their_record(self):
        source, place = make_source(), make_place()
        cite(source, place=place)
        place.delete()
        assert not Citation.objects.exists()

    def test_a_cited_source_cannot_be_deleted(self):
        source = make_source()
        cite(source, place=make_place())
        with pytest.raises(Exception, match="protected"):
            source.delete()


def test_every_focus_area_is_in_the_translation_vocabulary():
    """A focus area missing from agreements.vocabulary would show untranslated."""
    from agreements.models import FocusArea
    from agreements.vocabulary import FOCUS_AREA_TEXTS

    for area in FocusArea.objects.all():
        assert FOCUS_AREA_TEXTS.get(area.slug, (None,))[0] == area.name, area.slug
