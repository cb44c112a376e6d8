"""Atom feeds of newly published agreements: all, per country, per focus area."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from agreements.filters import AgreementFilter
from agreements.models import Agreement, FocusArea
from partnerships.models import country_choices, country_name

FEED_LENGTH = 50


class AgreementFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("Newly published agreements · Partnership Directory")

    def subtitle(self, obj=None):
        return _("Agreements between cities and regions, newest first, each with its sources.")

    def link(self, obj=None):
        return reverse("agreements:agreement-list")

    def agreements(self, obj=None):
        return Agreement.objects.published()

    def items(self, obj=None):
        return (
            self.agreements(obj)
            .exclude(published_at=None)
            .prefetch_related("parties__place", "parties__organization", "focus_areas")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parties = "; ".join(party.party.name for party in item.parties.all())
        signed = _("signed %(date)s") % {"date": item.signed} if item.signed else ""
        return " — ".join(
            part for part in (item.get_kind_display(), signed, parties, item.summary) if part
        )

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [area.name for area in item.focus_areas.all()]


class CountryAgreementFeed(AgreementFeed):
    def get_object(self, request, code):
        code = code.upper()
        if code not in dict(country_choices()):
            raise Http404(f"There is no country with the code {code}.")
        return code

    def title(self, obj=None):
        return _("Newly published agreements with %(country)s") % {"country": country_name(obj)}

    def link(self, obj=None):
        return f"{reverse('agreements:agreement-list')}?country={obj}"

    def agreements(self, obj=None):
        return AgreementFilter({"country": obj}, queryset=Agreement.objects.published()).qs


class FocusAreaAgreementFeed(AgreementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(FocusArea, slug=slug)

    def title(self, obj=None):
        return _("Newly published agreements on %(topic)s") % {"topic": obj.display_name}

    def link(self, obj=None):
        return f"{reverse('agreements:agreement-list')}?focus={obj.slug}"

    def agreements(self, obj=None):
        return Agreement.objects.published().filter(focus_areas=obj)
