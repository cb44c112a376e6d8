from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from partnerships.localization import localized_name

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this same page in every language, keeping the query string."""
    request = context["request"]
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    current = get_language()
    return {
        "languages": [
            {
                "code": code,
                "name": name,
                "url": translate_url(request.path, code) + query,
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }


@register.filter(name="localized_name")
def localized_name_filter(record):
    """{{ place|localized_name }}: see partnerships.localization."""
    return localized_name(record)


@register.filter(name="web_link")
def web_link(url: str) -> str:
    """The URL if it is http(s), else "": a javascript: or data: URL that reached the
    database some other way than the admin's validation never becomes a link."""
    return url if urlsplit(url or "").scheme.lower() in {"http", "https"} else ""
