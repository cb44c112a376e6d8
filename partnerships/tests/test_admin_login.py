"""The admin's sign-in: throttled, and silent about which usernames exist."""

import re

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"
LOGIN_URL = "/admin/login/?next=/admin/"


@pytest.fixture
def curator():
    return User.objects.create_user("curator", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def without_tokens(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


def test_a_right_password_signs_in(client, curator):
    response = sign_in(client, "curator", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_unknown_user_and_wrong_password_get_the_same_answer(client, curator):
    wrong_password = sign_in(client, "curator", "not it")
    unknown_user = sign_in(client, "nobody-here", "not it")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert without_tokens(wrong_password.content).replace("curator", "nobody-here") == (
        without_tokens(unknown_user.content)
    )


def test_repeated_failures_lock_the_account_even_for_the_right_password(settings, client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "curator", "guess")
    locked = sign_in(client, "curator", PASSWORD)
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert client.get("/admin/").status_code == 302  # still signed out


def test_a_lockout_looks_the_same_for_unknown_usernames(settings, client, curator):
    for username in ("curator", "nobody-here"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, username, "guess")
    known = sign_in(client, "curator", "guess")
    unknown = sign_in(client, "nobody-here", "guess")
    assert known.status_code == unknown.status_code == 429
    assert without_tokens(known.content) == without_tokens(unknown.content)


def test_the_lock_holds_for_that_address_only(settings, client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "curator", "guess", address="203.0.113.7")
    # The curator, elsewhere, is not locked out by somebody guessing their password.
    assert sign_in(client, "curator", PASSWORD, address="198.51.100.4").status_code == 302


def test_a_success_clears_earlier_failures(settings, client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "curator", "guess")
    assert sign_in(client, "curator", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "curator", "guess")
    assert sign_in(client, "curator", PASSWORD).status_code == 302


def test_the_proxy_address_counts_only_behind_the_proxy(settings, rf):
    from partnerships.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "10.0.0.2"  # a client could send any header
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "203.0.113.9"  # the entry our balancer added


@pytest.mark.parametrize("weak", ["12345678", "password", "curator1", "short"])
def test_weak_passwords_are_refused(curator, weak):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(weak, user=curator)
    validate_password("a long and unusual passphrase 42", user=curator)
