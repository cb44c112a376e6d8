"""Error pages that work while the database is away.

Django calls handler500 inside the ``except`` block of the failed request, so the
exception is still at hand: a lost or refused database connection answers 503 with
a page that asks the visitor to try again, anything else the plain 500 page. Both
render without context processors, which could reach for the database themselves.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    # OperationalError covers refused connections, a server shutting down and
    # timeouts; InterfaceError a connection that closed under us.
    return isinstance(error, OperationalError | InterfaceError)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if database_unavailable(error):
        logger.warning("Database unavailable: answered 503 (%s)", type(error).__name__)
        html = loader.get_template("503.html").render({"request": request})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    html = loader.get_template(template_name).render({"request": request})
    return HttpResponseServerError(html)
