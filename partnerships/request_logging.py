"""One structured log line per request, and a request id on every log line.

The id comes from the load balancer's X-Request-ID when it sends a sane one, so a
request can be followed from the balancer to the app; otherwise it is made here.
It goes back in the response header, onto every log record written while the
request runs (``RequestIdFilter``), and onto error reports.

Logged: method, path (without the query string, which can hold what a visitor
typed), status, duration and the id. Never the client address, cookies or the
signed-in user: the logs hold no personal data.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
REQUEST_ID_HEADER = "X-Request-ID"

logger = logging.getLogger("partnerships.requests")


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record (empty outside requests)."""

    def filter(self, record):
        record.request_id = current_request_id()
        return True


# Attributes every LogRecord has; anything else on a record came in through extra=.
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """A JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            {
                name: value
                for name, value in vars(record).items()
                if name not in _STANDARD_ATTRIBUTES and not name.startswith("_")
            }
        )
        # Django's request loggers attach the request object itself: not for the logs.
        entry.pop("request", None)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


JsonFormatter.converter = time.gmtime


def init_error_reporting(dsn: str, environment: str) -> None:
    """Send errors to a Sentry-compatible service, tagged with the request id."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    def tag_request_id(event, hint):
        if request_id := current_request_id():
            event.setdefault("tags", {})["request_id"] = request_id
        return event

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,  # no addresses, cookies or user names
        traces_sample_rate=0.0,
        before_send=tag_request_id,
    )
