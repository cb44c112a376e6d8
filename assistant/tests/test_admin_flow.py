"""The admin flow end to end: paste a release, review the proposal, create drafts."""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement, Citation, Source
from assistant.proposal import (
    Match,
    Proposal,
    ProposedAgreement,
    ProposedOrganization,
    ProposedParty,
    ProposedPerson,
    ProposedPlace,
    ProposedSignatory,
)
from partnerships.models import Organization, Person, Place
from partnerships.tests.factory import make_place
from partnerships.tests.test_admin_access import make_staff, read_form

pytestmark = pytest.mark.django_db

URL = "/admin/assistant/release/"
RELEASE = (
    "Oulu, 14 January 2025 - Business Oulu and the City of Sendai signed a memorandum of "
    "understanding on health technology today. Director Jaana Virtanen signed for Business Oulu."
)


def proposal_for(oulu: Place) -> Proposal:
    return Proposal(
        title="Business Oulu and Sendai sign an MOU",
        language="en",
        published_on="2025-01-14",
        places=[
            ProposedPlace(
                "Oulu",
                country="FI",
                evidence="Oulu, 14 January 2025",
                match=Match(source="directory", label="Oulu (FI)", pk=oulu.pk),
            ),
            ProposedPlace("Sendai", country="JP", evidence="the City of Sendai"),
            ProposedPlace("Nowhere", country="JP", evidence="a mistaken place"),
        ],
        organizations=[
            ProposedOrganization(
                "Business Oulu", kind="economic_development", place="Oulu", evidence="Business Oulu"
            )
        ],
        people=[
            ProposedPerson(
                "Jaana Virtanen",
                titles=["Director"],
                organization="Business Oulu",
                evidence="Director Jaana Virtanen signed for Business Oulu.",
            )
        ],
        agreements=[
            ProposedAgreement(
                "Memorandum of understanding between Business Oulu and Sendai",
                kind="memorandum_of_understanding",
                signed_on="2025-01-14",
                parties=[
                    ProposedParty(organization="Business Oulu", place="Oulu", country="FI"),
                    ProposedParty(place="Sendai", country="JP"),
                ],
                signatories=[ProposedSignatory("Jaana Virtanen", "Director", "Business Oulu")],
                participants=["Kenji Sato"],
                focus_areas=["health-it"],
                evidence=RELEASE,
            )
        ],
    )


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Editors"))
    return client


@pytest.fixture
def extracted():
    oulu = make_place("Oulu", country="FI")
    with (
        mock.patch("assistant.views.extract", return_value=proposal_for(oulu)) as extract,
        mock.patch("assistant.views.match_proposal", side_effect=lambda proposal: proposal),
    ):
        yield extract


def test_paste_review_and_create_drafts(editor, extracted):
    assert editor.get(URL).status_code == 200
    review = editor.post(URL, {"text": RELEASE, "extract": "1"})
    assert review.status_code == 200
    extracted.assert_called_once_with(RELEASE, reference_date=None)
    page = review.content.decode()
    # Each item shows its evidence and whether it matched an existing record.
    assert "Director Jaana Virtanen signed for Business Oulu." in page
    assert "Matches the existing record <strong>Oulu (FI)</strong>" in page
    assert "New: no existing record matches." in page

    fields, _options = read_form(review, form_id=lambda form_id: form_id == "review-form")
    fields.pop("places-2-include")  # the curator unticks the mistaken place
    fields["agreements-0-title"] = ["MOU on health technology"]  # and corrects a title
    fields["create"] = ["1"]
    created = editor.post(URL, fields)

    assert created.status_code == 302, created.content.decode()[:2000]
    source = Source.objects.get()
    assert created.url == reverse("admin:agreements_source_change", args=[source.pk])
    assert source.text == RELEASE and source.publication_status == "draft"
    agreement = Agreement.objects.get()
    assert (agreement.title, agreement.publication_status) == ("MOU on health technology", "draft")
    assert not Place.objects.filter(name="Nowhere").exists()
    assert Place.objects.filter(name="Oulu").count() == 1  # reused, not duplicated
    assert Citation.objects.filter(source=source, agreement=agreement).exists()
    assert Organization.objects.get().publication_status == "draft"
    assert set(Person.objects.values_list("name", flat=True)) == {"Jaana Virtanen", "Kenji Sato"}
    assert agreement.participants.get().person.name == "Kenji Sato"


def test_an_uploaded_file_is_read(editor, extracted):
    upload = SimpleUploadedFile("release.md", RELEASE.encode(), content_type="text/markdown")
    assert editor.post(URL, {"file": upload, "extract": "1"}).status_code == 200
    extracted.assert_called_once_with(RELEASE, reference_date=None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Paste the release"),
        ({"file": SimpleUploadedFile("release.pdf", b"%PDF")}, "Upload a .txt, .md or .html file"),
        ({"file": SimpleUploadedFile("release.txt", b"\xff\xfe\x00bad")}, "not UTF-8"),
    ],
)
def test_bad_input_gets_a_form_error(editor, extracted, data, message):
    response = editor.post(URL, {**data, "extract": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    extracted.assert_not_called()


def test_a_bad_date_on_review_is_a_form_error_and_nothing_is_saved(editor, extracted):
    review = editor.post(URL, {"text": RELEASE, "extract": "1"})
    fields, _options = read_form(review, form_id=lambda form_id: form_id == "review-form")
    fields["agreements-0-signed_on"] = ["14 January"]
    fields["agreements-0-parties"] = ["Business Oulu | Oulu | XX | signing_party"]
    fields["create"] = ["1"]
    response = editor.post(URL, fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write a date as 2014-05-07, 2014-05 or 2014" in page
    assert "XX is not an ISO country code" in page
    assert not Source.objects.exists() and not Agreement.objects.exists()


def test_viewers_and_visitors_cannot_use_it(client):
    assert client.get(URL).status_code == 302  # to the sign-in page
    client.force_login(make_staff("Viewers"))
    assert client.get(URL).status_code == 403


def test_the_sources_list_links_to_it(editor):
    page = editor.get(reverse("admin:agreements_source_changelist")).content.decode()
    assert re.search(rf'href="{URL}"', page)


def test_a_real_release_goes_through_unchanged(editor):
    """No mocks: the extractor's proposal, confirmed as it is, becomes drafts."""
    release = Path(__file__).resolve().parent.parent / "evaluation" / "releases"
    text = (release / "sheffield-toyama-mou.txt").read_text()
    review = editor.post(URL, {"text": text, "extract": "1"})
    assert review.status_code == 200
    fields, _options = read_form(review, form_id=lambda form_id: form_id == "review-form")
    assert fields["agreements-TOTAL_FORMS"] != ["0"]
    fields["create"] = ["1"]
    created = editor.post(URL, fields)
    assert created.status_code == 302, created.content.decode()[:3000]
    assert Agreement.objects.filter(publication_status="draft").exists()
    assert Source.objects.get().text == text.strip()


def test_the_release_date_given_in_the_form_resolves_relative_dates(editor):
    text = "The City of Oulu and the City of Sendai signed a cooperation agreement today."
    review = editor.post(URL, {"text": text, "published_on": "2025-01-14", "extract": "1"})
    fields, _options = read_form(review, form_id=lambda form_id: form_id == "review-form")
    assert fields["agreements-0-signed_on"] == ["2025-01-14"]
    response = editor.post(URL, {"text": text, "published_on": "14 January", "extract": "1"})
    assert "Write a date as 2014-05-07, 2014-05 or 2014" in response.content.decode()
