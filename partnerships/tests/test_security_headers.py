"""Security headers on every kind of response, and production cookie flags."""

import os
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

RESPONSES = [
    "/",
    "/agreements/?country=JP",
    "/de/places/",
    "/no-such-page/",
    "/agreements/?signed_from=abc",  # 400
    "/api/v1/agreements/",
    "/admin/login/",
    "/healthz",
    "/feeds/agreements/",
    "/robots.txt",
]


@pytest.mark.parametrize("url", RESPONSES)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_is_sent_over_https_once_configured(client, settings):
    assert "Strict-Transport-Security" not in client.get("/", secure=True)  # off by default
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    response = Client().get("/", secure=True)  # a new client loads the middleware afresh
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_production_cookies_are_secure_http_only_and_same_site(client, settings, admin_user):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    form = client.get("/admin/login/", secure=True)
    signed_in = client.post(
        "/admin/login/", {"username": "admin", "password": "password"}, secure=True
    )
    assert signed_in.status_code == 302
    for cookie in (form.cookies["csrftoken"], signed_in.cookies["sessionid"]):
        assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


def test_https_settings_follow_the_environment():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER is not None)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerships.settings",
        "SECRET_KEY": "x",
        "SECURE_SSL_REDIRECT": "true",
        "BEHIND_HTTPS_PROXY": "true",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stderr
