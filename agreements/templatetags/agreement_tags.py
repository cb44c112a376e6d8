from django import template

from agreements.models import Agreement

register = template.Library()

PLACE_PAGE_LIMIT = 50


@register.inclusion_tag("agreements/includes/agreement_table.html", takes_context=True)
def agreements_involving(context, place):
    """List the published agreements a place, or an organization based there, is party to."""
    agreements = list(
        Agreement.objects.published().involving(pk=place.pk).for_directory()[: PLACE_PAGE_LIMIT + 1]
    )
    return {
        "request": context["request"],
        "agreements": agreements[:PLACE_PAGE_LIMIT],
        "more": len(agreements) > PLACE_PAGE_LIMIT,
        "more_query": f"place={place.slug}",
    }
