"""Small, dependency-free builders for test data (djangoproject.com style)."""

import itertools

from django.contrib.auth.models import Group, User

from partnerships.models import (
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipKind,
    Person,
    Place,
    PlaceKind,
    PublicationStatus,
)

_sequence = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"


def make_place(name=None, **fields) -> Place:
    name = name or unique("Place")
    fields.setdefault("slug", unique(name.lower().replace(" ", "-")))
    fields.setdefault("kind", PlaceKind.CITY)
    fields.setdefault("country", "JP")
    fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
    return Place.objects.create(name=name, **fields)


def make_organization(name=None, **fields) -> Organization:
    name = name or unique("Organization")
    fields.setdefault("slug", unique(name.lower().replace(" ", "-")))
    fields.setdefault("kind", OrganizationKind.CITY_GOVERNMENT)
    fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
    return Organization.objects.create(name=name, **fields)


def make_person(name=None, **fields) -> Person:
    name = name or unique("Person")
    fields.setdefault("slug", unique(name.lower().replace(" ", "-")))
    fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
    return Person.objects.create(name=name, **fields)


def make_partnership(places=(), organizations=(), name=None, **fields) -> Partnership:
    name = name or unique("Partnership")
    fields.setdefault("slug", unique(name.lower().replace(" ", "-")))
    fields.setdefault("kind", PartnershipKind.SISTER_CITY)
    fields.setdefault("publication_status", PublicationStatus.PUBLISHED)
    partnership = Partnership.objects.create(name=name, **fields)
    partnership.set_members(places=places, organizations=organizations)
    return partnership


def make_staff(group_name: str | None, username=None) -> User:
    """Return a staff user in the named group (Editors, Reviewers, Viewers) or in none."""
    user = User.objects.create_user(
        username=username or unique("staff"), password="a-long-test-password", is_staff=True
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user
