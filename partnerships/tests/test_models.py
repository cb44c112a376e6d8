import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.models import (
    IdentifierScheme,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    Place,
    PlaceIdentifier,
    PlaceName,
    Position,
    PublicationStatus,
)
from partnerships.tests.factory import (
    make_organization,
    make_partnership,
    make_person,
    make_place,
)

pytestmark = pytest.mark.django_db


def refused(callable_, *args, **kwargs):
    """Return True when the database refuses the write (and keep the test's transaction usable)."""
    try:
        with transaction.atomic():
            callable_(*args, **kwargs)
    except IntegrityError:
        return True
    return False


class TestPartnershipSymmetry:
    def test_the_reverse_pair_is_the_same_partnership(self):
        """Chicago–Osaka and Osaka–Chicago are one record: the database refuses the second."""
        chicago, osaka = make_place("Chicago", country="US"), make_place("Osaka")
        make_partnership(places=[chicago, osaka], name="Chicago–Osaka")
        reverse = Partnership.objects.create(
            name="Osaka–Chicago", slug="osaka-chicago", kind=PartnershipKind.SISTER_CITY
        )
        assert refused(reverse.set_members, places=[osaka, chicago])
        assert reverse.members.count() == 0

    def test_duplicate_of_finds_the_existing_pair(self):
        chicago, osaka = make_place("Chicago", country="US"), make_place("Osaka")
        existing = make_partnership(places=[chicago, osaka])
        new = Partnership(name="again", slug="again", kind=PartnershipKind.SISTER_CITY)
        members = [PartnershipMember(place=osaka), PartnershipMember(place=chicago)]
        assert new.duplicate_of(members) == existing
        assert existing.duplicate_of(members) is None

    def test_three_way_partnership_can_coexist_with_a_pair(self):
        a, b, c = make_place(), make_place(), make_place()
        make_partnership(places=[a, b])
        trio = make_partnership(places=[a, b, c])
        assert trio.members.count() == 3

    def test_place_and_organization_members_do_not_collide(self):
        """Member keys tell a place from an organization with the same id."""
        place = make_place()
        organization = make_organization()
        other = make_place()
        first = make_partnership(places=[place, other])
        second = make_partnership(places=[other], organizations=[organization])
        assert first.member_key != second.member_key

    def test_a_member_is_a_place_or_an_organization_never_both(self):
        partnership = make_partnership()
        assert refused(
            PartnershipMember.objects.create,
            partnership=partnership,
            place=make_place(),
            organization=make_organization(),
        )
        assert refused(PartnershipMember.objects.create, partnership=partnership)

    def test_a_place_is_a_member_once(self):
        place = make_place()
        partnership = make_partnership(places=[place, make_place()])
        assert refused(PartnershipMember.objects.create, partnership=partnership, place=place)

    def test_upgrade_is_history_on_one_partnership(self):
        """Friendship city first, sister city later: stages on the same record."""
        partnership = make_partnership(kind=PartnershipKind.SISTER_CITY)
        partnership.stages.create(
            kind=PartnershipKind.FRIENDSHIP_CITY,
            began_on=datetime.date(1990, 1, 1),
            began_on_precision="year",
        )
        partnership.stages.create(
            kind=PartnershipKind.SISTER_CITY,
            began_on=datetime.date(2005, 1, 1),
            began_on_precision="year",
        )
        assert [s.kind for s in partnership.stages.all()] == ["friendship_city", "sister_city"]


class TestPartialDateConstraints:
    def test_a_date_needs_a_precision_and_back(self):
        base = {"name": "P", "kind": PartnershipKind.SISTER_CITY}
        assert refused(
            Partnership.objects.create,
            slug="a",
            established_on=datetime.date(1973, 1, 1),
            established_on_precision="",
            **base,
        )
        assert refused(
            Partnership.objects.create, slug="b", established_on_precision="year", **base
        )

    def test_a_year_precision_date_is_the_first_of_january(self):
        base = {"name": "P", "kind": PartnershipKind.SISTER_CITY}
        assert refused(
            Partnership.objects.create,
            slug="c",
            established_on=datetime.date(1973, 6, 1),
            established_on_precision="year",
            **base,
        )
        assert not refused(
            Partnership.objects.create,
            slug="d",
            established_on=datetime.date(1973, 1, 1),
            established_on_precision="year",
            **base,
        )

    def test_a_month_precision_date_is_the_first_of_the_month(self):
        base = {"name": "P", "kind": PartnershipKind.SISTER_CITY}
        assert refused(
            Partnership.objects.create,
            slug="e",
            established_on=datetime.date(2023, 10, 15),
            established_on_precision="month",
            **base,
        )
        assert not refused(
            Partnership.objects.create,
            slug="f",
            established_on=datetime.date(2023, 10, 1),
            established_on_precision="month",
            **base,
        )

    def test_clean_normalises_and_explains(self):
        partnership = make_partnership()
        partnership.established_on = datetime.date(1973, 8, 20)
        partnership.established_on_precision = "year"
        partnership.full_clean()
        assert partnership.established_on == datetime.date(1973, 1, 1)
        partnership.established_on_precision = ""
        with pytest.raises(ValidationError) as error:
            partnership.full_clean()
        assert "established_on_precision" in error.value.message_dict

    def test_a_position_cannot_end_before_it_starts(self):
        person = make_person()
        assert refused(
            Position.objects.create,
            person=person,
            title="Mayor",
            started_on=datetime.date(2020, 1, 1),
            started_on_precision="year",
            ended_on=datetime.date(2019, 1, 1),
            ended_on_precision="year",
        )


class TestPlaces:
    def test_slugs_are_unique(self):
        make_place(slug="osaka-jp")
        assert refused(make_place, slug="osaka-jp")

    def test_identifiers_are_unique_per_scheme(self):
        osaka, other = make_place(), make_place()
        PlaceIdentifier.objects.create(
            place=osaka, scheme=IdentifierScheme.WIKIDATA, value="Q35765"
        )
        assert refused(
            PlaceIdentifier.objects.create,
            place=other,
            scheme=IdentifierScheme.WIKIDATA,
            value="Q35765",
        )
        assert refused(
            PlaceIdentifier.objects.create,
            place=osaka,
            scheme=IdentifierScheme.WIKIDATA,
            value="Q1",
        )

    def test_coordinates_in_range_and_paired(self):
        assert refused(make_place, latitude=91, longitude=0)
        assert refused(make_place, latitude=10)
        assert not refused(make_place, latitude="34.69374", longitude="135.50218")

    def test_a_place_cannot_be_its_own_parent(self):
        place = make_place()
        place.parent = place
        assert refused(place.save)

    def test_clean_refuses_a_cycle_of_parents(self):
        region = make_place(kind="region")
        city = make_place(parent=region)
        region.parent = city
        with pytest.raises(ValidationError) as error:
            region.full_clean()
        assert "parent" in error.value.message_dict

    def test_country_must_be_an_iso_code(self):
        place = Place(name="Nowhere", slug="nowhere", kind="city", country="XX")
        with pytest.raises(ValidationError) as error:
            place.full_clean()
        assert "country" in error.value.message_dict

    def test_former_name_validity_is_ordered(self):
        place = make_place()
        assert refused(
            PlaceName.objects.create,
            place=place,
            name="Old",
            language="en",
            valid_from=datetime.date(2000, 1, 1),
            valid_until=datetime.date(1990, 1, 1),
        )


class TestPublication:
    def test_published_and_visible_to(self, django_user_model):
        published = make_place()
        draft = make_place(publication_status=PublicationStatus.DRAFT)
        visitor = django_user_model(is_active=True, is_staff=False)
        staff = django_user_model(is_active=True, is_staff=True)
        assert list(Place.objects.published()) == [published]
        assert set(Place.objects.visible_to(visitor)) == {published}
        assert set(Place.objects.visible_to(staff)) == {published, draft}

    def test_natural_key_round_trip(self):
        place = make_place(slug="essen-de")
        assert Place.objects.get_by_natural_key(*place.natural_key()) == place
