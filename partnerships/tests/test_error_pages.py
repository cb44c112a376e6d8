"""Error pages: a lost database answers 503 with a plain page, other failures 500."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError

from agreements.views import AgreementListView

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "error",
    [OperationalError("connection refused"), InterfaceError("connection already closed")],
)
def test_a_lost_database_answers_503_with_a_friendly_page(failing_client, error):
    with mock.patch.object(AgreementListView, "get", side_effect=error):
        response = failing_client.get("/agreements/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Back shortly" in page
    assert "connection refused" not in page and "Traceback" not in page


def test_the_503_page_speaks_the_visitors_language(failing_client):
    with mock.patch.object(AgreementListView, "get", side_effect=OperationalError("down")):
        response = failing_client.get("/de/agreements/")
    assert response.status_code == 503
    assert 'lang="de"' in response.content.decode()


def test_other_failures_answer_500_without_details(failing_client):
    with mock.patch.object(AgreementListView, "get", side_effect=ValueError("secret detail")):
        response = failing_client.get("/agreements/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "secret detail" not in response.content.decode()
