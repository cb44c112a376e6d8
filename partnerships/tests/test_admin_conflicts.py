"""Two staff saving the same record: the second save is refused, nothing is lost."""

import pytest

from agreements.models import Agreement
from agreements.tests.factory import make_agreement
from partnerships.models import Place
from partnerships.tests.factory import make_place
from partnerships.tests.test_admin_access import form_errors, make_staff, read_form, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(client):
    from django.test import Client

    first, second = client, Client()
    first.force_login(make_staff("Editors", username="first"))
    second.force_login(make_staff("Editors", username="second"))
    return first, second


def open_form(client, record):
    fields, _options = read_form(client.get(url(type(record), "change", record.pk)))
    return fields


def save(client, record, fields):
    return client.post(url(type(record), "change", record.pk), fields)


def test_the_second_of_two_overlapping_saves_is_refused(two_editors):
    first, second = two_editors
    place = make_place("Essen", country="DE", publication_status="draft")
    first_form, second_form = open_form(first, place), open_form(second, place)

    first_form["name"] = ["Essen (Ruhr)"]
    assert save(first, place, first_form).status_code == 302

    second_form["name"] = ["Essen an der Ruhr"]
    refused = save(second, place, second_form)
    assert refused.status_code == 200
    assert "Somebody else saved this record after you opened it" in refused.content.decode()
    # The refused form still holds what the second editor typed...
    assert 'value="Essen an der Ruhr"' in refused.content.decode()
    # ...and the first editor's change stands.
    assert Place.objects.get(pk=place.pk).name == "Essen (Ruhr)"


def test_saving_again_after_reopening_works(two_editors):
    first, second = two_editors
    agreement = make_agreement("Letter of intent", publication_status="draft")
    stale = open_form(second, agreement)
    first_form = open_form(first, agreement)
    first_form["title"] = ["Letter of intent on health care"]
    assert save(first, agreement, first_form).status_code == 302
    stale["summary"] = ["Covers hospitals."]
    assert save(second, agreement, stale).status_code == 200

    fresh = open_form(second, agreement)
    fresh["summary"] = ["Covers hospitals."]
    response = save(second, agreement, fresh)
    assert response.status_code == 302, form_errors(response)
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert (agreement.title, agreement.summary) == (
        "Letter of intent on health care",
        "Covers hospitals.",
    )


def test_a_form_without_its_version_is_refused(client):
    client.force_login(make_staff("Editors"))
    place = make_place("Bonn", country="DE", publication_status="draft")
    fields = open_form(client, place)
    del fields["loaded_version"]
    fields["name"] = ["Bonn am Rhein"]
    assert save(client, place, fields).status_code == 200
    assert Place.objects.get(pk=place.pk).name == "Bonn"
