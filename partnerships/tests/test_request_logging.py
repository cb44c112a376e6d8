"""Structured request logs: one JSON line per request with its id, no personal data."""

import io
import json
import logging
import os
import subprocess
import sys
from unittest import mock

import pytest

from agreements.views import AgreementListView
from partnerships.request_logging import JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the configured console handler writes, as parsed JSON objects."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    buffer = io.StringIO()
    previous_stream, previous_formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(JsonFormatter())  # the default; LOG_FORMAT=text may be set locally
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous_stream)
    handler.setFormatter(previous_formatter)


def request_entries(entries):
    return [entry for entry in entries if entry["logger"] == "partnerships.requests"]


def test_each_request_logs_one_line_with_its_id_and_no_personal_data(client, log_lines):
    response = client.get(
        "/agreements/?q=jane.doe@example.org",
        REMOTE_ADDR="198.51.100.23",
        HTTP_COOKIE="sessionid=secret-session",
    )
    request_id = response["X-Request-ID"]
    [entry] = request_entries(log_lines())
    assert entry["request_id"] == request_id
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/agreements/", 200)
    assert entry["duration_ms"] >= 0
    line = json.dumps(entry)
    for personal in ("jane.doe", "198.51.100.23", "secret-session"):
        assert personal not in line


def test_a_sane_incoming_request_id_is_kept_and_a_strange_one_replaced(client):
    kept = client.get("/places/", HTTP_X_REQUEST_ID="lb-1234abcd-5678")
    assert kept["X-Request-ID"] == "lb-1234abcd-5678"
    replaced = client.get("/places/", HTTP_X_REQUEST_ID="<script>\n" * 3)
    assert replaced["X-Request-ID"] != "<script>\n" * 3
    assert len(replaced["X-Request-ID"]) == 32


def test_an_error_is_logged_with_the_request_id(client, log_lines):
    client.raise_request_exception = False
    with mock.patch.object(AgreementListView, "get", side_effect=ValueError("boom")):
        response = client.get("/agreements/")
    entries = log_lines()
    [error] = [entry for entry in entries if entry["level"] == "ERROR"]
    assert error["request_id"] == response["X-Request-ID"]
    assert "ValueError: boom" in error["exception"]
    assert request_entries(entries)[0]["status"] == 500


def settings_output(code: str, **environment) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerships.settings",
        "SECRET_KEY": "x",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
    )


def test_an_error_reporting_dsn_turns_on_reporting_without_personal_data():
    result = settings_output(
        "import sentry_sdk; client = sentry_sdk.get_client(); "
        "print(client.dsn, client.options['send_default_pii'])",
        ERROR_REPORTING_DSN="https://public@errors.example.invalid/7",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://public@errors.example.invalid/7", "False"]


def test_without_a_dsn_nothing_is_reported():
    result = settings_output(
        "import sentry_sdk; print(sentry_sdk.get_client().is_active())", ERROR_REPORTING_DSN=""
    )
    assert result.stdout.strip() == "False"


def test_an_unknown_log_format_stops_the_start():
    result = settings_output("pass", LOG_FORMAT="xml")
    assert "LOG_FORMAT must be json or text" in result.stderr
