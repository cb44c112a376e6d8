"""A strict Content-Security-Policy on every response.

Nothing on the site needs inline scripts or styles, eval, or another origin, so
the policy allows only the site's own files. JSON-LD blocks are data, not
scripts, and are not affected.
"""

from django.conf import settings

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if settings.CSP_REPORT_ONLY
            else "Content-Security-Policy"
        )
        response.headers.setdefault(header, POLICY)
        return response


def client_ip(request) -> str:
    """The visitor's address, for sign-in throttling.

    Behind the load balancer (BEHIND_HTTPS_PROXY) that is the last X-Forwarded-For
    entry, the one the balancer added; earlier entries come from the client and
    could be anything.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
