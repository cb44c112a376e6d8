"""Write what an import matched and created, in batches, with its source cited.

Both importers (twin-town lists and Wikidata pairs) resolve their rows in memory
first, against a PlaceIndex and the partnerships' member keys, and then hand the
result to a DirectoryWriter, which inserts places, alternate names, identifiers,
partnerships, their members and the citations with bulk_create (history included)
and never one query per row.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from agreements.importing.countries import fold
from agreements.importing.places import PlaceIndex, PlaceInfo, coordinate
from agreements.importing.report import ImportReport, Progress
from agreements.models import Citation, Source, SourceKind
from partnerships.dates import PartialDate
from partnerships.models import (
    Partnership,
    PartnershipKind,
    PartnershipMember,
    Place,
    PlaceIdentifier,
    PlaceName,
    PublicationStatus,
)
from partnerships.models.partnerships import member_key_for

BATCH_SIZE = 500


@contextmanager
def import_transaction(dry_run: bool):
    """One transaction for the whole import; a dry run rolls it back at the end."""
    with transaction.atomic():
        yield
        if dry_run:
            transaction.set_rollback(True)


@dataclass(frozen=True)
class SourceSpec:
    """The Source an import is recorded under; found again by its slug."""

    slug: str
    title: str
    url: str = ""
    publisher: str = ""
    note: str = ""
    kind: str = SourceKind.DATASET
    language: str = "en"


@dataclass(eq=False)
class Pair:
    """A partnership between two places, existing or to be created."""

    first: PlaceInfo
    second: PlaceInfo
    kind: str = PartnershipKind.SISTER_CITY
    established: PartialDate | None = None
    pk: int | None = None
    new: bool = False
    urls: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"{self.first.name}–{self.second.name}"[:300]


def pair_key(a: PlaceInfo, b: PlaceInfo) -> frozenset:
    return frozenset((a.uid, b.uid))


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def unique_slug(base: str, taken: set[str], *alternatives: str) -> str:
    """``base``, else each alternative, else base-2, base-3...; recorded as taken."""
    for candidate in (base, *alternatives):
        candidate = candidate[:200].strip("-")
        if candidate and candidate not in taken:
            taken.add(candidate)
            return candidate
    number = 2
    while f"{base[:190]}-{number}" in taken:
        number += 1
    slug = f"{base[:190]}-{number}"
    taken.add(slug)
    return slug


def slug_part(text: str, fallback: str) -> str:
    return slugify(fold(text))[:90].strip("-") or fallback


class DirectoryWriter:
    """Holds the in-memory view of the directory and writes an import's result."""

    def __init__(
        self,
        report: ImportReport,
        *,
        status: str = PublicationStatus.PUBLISHED,
        user=None,
        progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
    ):
        self.report = report
        self.status = status
        self.user = user
        self.progress = progress or Progress(enabled=False)
        self.batch_size = batch_size
        self.now = timezone.now()
        self.places = PlaceIndex.load()
        self.member_keys, self.established = {}, {}
        rows = Partnership.objects.exclude(member_key=None).values_list(
            "member_key", "pk", "established_on", "established_on_precision"
        )
        for key, pk, established_on, precision in rows.iterator(chunk_size=5000):
            self.member_keys[key] = pk
            self.established[pk] = PartialDate.from_fields(established_on, precision)
        self.pairs: dict[frozenset, Pair] = {}
        self.matched_places: set[int] = set()
        self.source: Source | None = None
        self.reason = ""

    # Sources

    def use_source(self, spec: SourceSpec) -> Source:
        """Find the import's source by slug, or create it."""
        source = Source.objects.filter(slug=spec.slug).first()
        if source is None:
            source = Source(
                slug=spec.slug,
                title=spec.title[:400],
                kind=spec.kind,
                publisher=spec.publisher[:300],
                url=spec.url,
                language=spec.language,
                note=spec.note,
                publication_status=self.status,
            )
            source.full_clean()
            source._change_reason = "Created by an import"
            if self.user is not None:
                source._history_user = self.user
            source.save()
            self.report.sources_created += 1
        self.source = source
        self.reason = f"Imported from {source.title}"[:100]
        self.report.source = f"{source.title} ({source.slug})"
        self.report.source_pk = source.pk
        return source

    # Pairs

    def pair(self, a: PlaceInfo, b: PlaceInfo, **details) -> tuple[Pair, str]:
        """Record the partnership of ``a`` and ``b``; say whether it is new to this run.

        The outcome is "created", "matched" (already in the directory), "merged" (listed
        earlier in this run as B–A) or "duplicate" (listed earlier as A–B).
        """
        key = pair_key(a, b)
        pair = self.pairs.get(key)
        if pair is not None:
            outcome = "duplicate" if pair.first is a else "merged"
            if pair.new and pair.established is None and details.get("established"):
                pair.established = details["established"]
            return pair, outcome
        pair = Pair(a, b, **details)
        self.pairs[key] = pair
        if a.pk is not None and b.pk is not None:
            existing = self.member_keys.get(self.member_key(a, b))
            if existing is not None:
                pair.pk = existing
                pair.established = self.established.get(existing)
                return pair, "matched"
        pair.new = True
        return pair, "created"

    @staticmethod
    def member_key(a: PlaceInfo, b: PlaceInfo) -> str:
        members = [SimpleNamespace(place_id=a.pk), SimpleNamespace(place_id=b.pk)]
        return member_key_for(members)

    def use_place(self, info: PlaceInfo) -> None:
        if not info.used:
            info.used = True
            if not info.new:
                self.matched_places.add(info.pk)

    # Writing

    def write(self) -> None:
        """Insert everything this run created and cite every record it used."""
        new_places = [info for info in self.places.created if info.used]
        self.write_places(new_places)
        self.write_place_details(new_places)
        new_pairs = [pair for pair in self.pairs.values() if pair.new]
        self.write_partnerships(new_pairs)
        self.write_citations()
        self.report.places_created = len(new_places)
        self.report.places_matched = len(self.matched_places)
        unused = len(self.places.created) - len(new_places)
        if unused:
            self.report.extra["places left out (every row naming them was skipped)"] = unused

    def stamp(self, record) -> None:
        record.publication_status = self.status
        if self.status == PublicationStatus.PUBLISHED:
            record.published_at = self.now

    def bulk_create(self, model, objects: list, label: str) -> None:
        if not objects:
            return
        self.progress.start(label, len(objects))
        done = 0
        for batch in chunks(objects, self.batch_size):
            if hasattr(model, "history"):
                bulk_create_with_history(
                    batch,
                    model,
                    batch_size=self.batch_size,
                    default_user=self.user,
                    default_change_reason=self.reason,
                )
            else:
                model.objects.bulk_create(batch, batch_size=self.batch_size)
            done += len(batch)
            self.progress.update(done)
        self.progress.done()

    def write_places(self, infos: list[PlaceInfo]) -> None:
        taken = set(Place.objects.values_list("slug", flat=True))
        objects = []
        for info in infos:
            base = f"{slug_part(info.name, 'place')}-{info.country.lower()}"
            hints = [slugify(fold(name.partition(",")[2])) for name in info.alternate_names]
            alternatives = [
                f"{slug_part(info.name, 'place')}-{h}-{info.country.lower()}" for h in hints if h
            ]
            place = Place(
                slug=unique_slug(base, taken, *alternatives),
                name=info.name[:200],
                kind=info.kind,
                country=info.country,
                latitude=coordinate(info.latitude),
                longitude=coordinate(info.longitude),
            )
            self.stamp(place)
            objects.append(place)
        self.bulk_create(Place, objects, "writing places")
        for info, place in zip(infos, objects, strict=True):
            info.pk = place.pk

    def write_place_details(self, new_places: list[PlaceInfo]) -> None:
        # A created place keeps the region it was listed with ("Izumi, Osaka") as an
        # alternate name, so later imports tell it from its namesakes as this one did.
        names = [
            PlaceName(
                place_id=info.pk,
                name=name[:200],
                language="en",
                note="As the source lists it, with its region.",
            )
            for info in new_places
            for name in info.alternate_names
        ]
        self.bulk_create(PlaceName, names, "writing alternate names")
        self.report.alternate_names_created += len(names)
        holders = [*self.places.by_pk.values(), *new_places]
        identifiers = [
            PlaceIdentifier(place_id=info.pk, scheme=scheme, value=value)
            for info in holders
            if info.used
            for scheme, value in sorted(info.new_identifiers.items())
        ]
        self.bulk_create(PlaceIdentifier, identifiers, "writing identifiers")
        self.report.identifiers_created += len(identifiers)

    def write_partnerships(self, pairs: list[Pair]) -> None:
        taken = set(Partnership.objects.values_list("slug", flat=True))
        objects = []
        for pair in pairs:
            a, b = pair.first, pair.second
            first, second = slug_part(a.name, "place"), slug_part(b.name, "place")
            established = pair.established
            partnership = Partnership(
                slug=unique_slug(
                    f"{first}-{second}",
                    taken,
                    f"{first}-{a.country.lower()}-{second}-{b.country.lower()}",
                ),
                name=pair.name,
                kind=pair.kind,
                member_key=self.member_key(a, b),
                established_on=established.value if established else None,
                established_on_precision=established.precision if established else "",
            )
            self.stamp(partnership)
            objects.append(partnership)
        self.bulk_create(Partnership, objects, "writing partnerships")
        members = []
        for pair, partnership in zip(pairs, objects, strict=True):
            pair.pk = partnership.pk
            members += [
                PartnershipMember(partnership_id=partnership.pk, place_id=pair.first.pk),
                PartnershipMember(partnership_id=partnership.pk, place_id=pair.second.pk),
            ]
            self.member_keys[partnership.member_key] = partnership.pk
        self.bulk_create(PartnershipMember, members, "writing partnership members")

    def write_citations(self) -> None:
        source = self.source
        cited = Citation.objects.filter(source=source)
        cited_places = set(cited.exclude(place=None).values_list("place_id", flat=True))
        cited_pairs = set(cited.exclude(partnership=None).values_list("partnership_id", flat=True))
        citations = []
        for info in self.places.by_pk.values():
            if info.used and info.pk not in cited_places:
                citations.append(Citation(source=source, place_id=info.pk))
        for info in self.places.created:
            if info.used and info.pk not in cited_places:
                note = info.country_note[:500]
                citations.append(
                    Citation(source=source, place_id=info.pk, is_inferred=bool(note), note=note)
                )
        for pair in self.pairs.values():
            if pair.pk not in cited_pairs:
                citations.append(Citation(source=source, partnership_id=pair.pk))
                cited_pairs.add(pair.pk)
        citations += self.page_citations()
        self.bulk_create(Citation, citations, "writing citations")
        self.report.citations_created += len(citations)

    def page_citations(self) -> list[Citation]:
        """Cite the web page a row gave for its partnership (generic lists' source_url)."""
        urls = {url for pair in self.pairs.values() for url in pair.urls}
        if not urls:
            return []
        sources = {s.url: s for s in Source.objects.filter(url__in=urls).order_by("pk")}
        taken = set(Source.objects.values_list("slug", flat=True))
        new_sources = []
        for url in sorted(urls - set(sources)):
            source = Source(
                slug=unique_slug(slugify(url.split("://", 1)[-1])[:150] or "page", taken),
                title=url[:400],
                kind=SourceKind.WEB_PAGE,
                url=url,
                language="und",
                note=f"Named by a row of the import recorded as “{self.source.title}”."[:1000],
            )
            self.stamp(source)
            new_sources.append(source)
            sources[url] = source
        self.bulk_create(Source, new_sources, "writing page sources")
        self.report.sources_created += len(new_sources)
        cited = set(
            Citation.objects.filter(source__in=sources.values())
            .exclude(partnership=None)
            .values_list("source_id", "partnership_id")
        )
        citations = []
        for pair in self.pairs.values():
            for url in sorted(pair.urls):
                source = sources[url]
                if (source.pk, pair.pk) not in cited:
                    cited.add((source.pk, pair.pk))
                    citations.append(Citation(source=source, partnership_id=pair.pk))
        return citations
