from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

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


@register.filter
def localized_name(record):
    """The record's name in the active language when an alternate name gives one.

    Uses ``alternate_names`` as prefetched by the page's queryset, so it costs
    no query per record: Köln in German, Cologne in English.
    """
    language = get_language() or ""
    cache = getattr(record, "_prefetched_objects_cache", {})
    names = cache.get("alternate_names")
    if names is None:
        return record.name
    for alternate in names:
        if alternate.language == language and not alternate.valid_until:
            return alternate.name
    return record.name
