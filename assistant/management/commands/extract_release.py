import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from assistant.drafts import create_drafts as store_drafts
from assistant.extraction import extract
from assistant.matching import match_proposal


class Command(BaseCommand):
    help = "Read a press release and print the records it proposes (JSON or a summary)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The release: plain text, Markdown or HTML.")
        parser.add_argument("--format", choices=["json", "text"], default="json", dest="output")
        parser.add_argument(
            "--language",
            choices=["en", "de", "ja"],
            help="The release's language (default: detected).",
        )
        parser.add_argument(
            "--date",
            help="YYYY-MM-DD: resolves 'today' and yearless dates when the release has no date.",
        )
        parser.add_argument(
            "--create-drafts", action="store_true", help="Store the proposal as draft records."
        )

    def handle(self, *args, path, output, language, date: str | None, create_drafts, **options):
        text = self.read(Path(path))
        reference = self.parse_date(date)
        file = Path(path)
        text_format = {".html": "html", ".htm": "html", ".md": "markdown"}.get(
            file.suffix.lower(), "auto"
        )
        proposal = extract(text, text_format=text_format, reference_date=reference)
        if language:
            proposal.language = language
        try:
            proposal = match_proposal(proposal)
        except DatabaseError as error:
            raise CommandError(
                f"Cannot match against the directory ({error}); run 'manage.py migrate' first."
            ) from None
        if create_drafts:
            result = store_drafts(proposal, text=text, file_name=file.name)
            # stderr, so that stdout stays the proposal's JSON alone.
            self.stderr.write(self.style.SUCCESS(result.summary()))
        if output == "json":
            self.stdout.write(json.dumps(proposal.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(proposal))

    def read(self, path: Path) -> str:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{path} is not UTF-8 text (undecodable byte at position {error.start}); "
                "save it as UTF-8 and try again."
            ) from None
        if not text.strip():
            raise CommandError(f"{path} is empty: there is no release to read.")
        return text

    def parse_date(self, value: str | None):
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from None


def _matched(item) -> str:
    if item.match is None:
        return "new"
    return f"{item.match.source}: {item.match.label}"


def summary(proposal) -> str:
    """Return the proposal as a short report a curator can read."""
    lines = [f"Release: {proposal.title or '(no headline)'}"]
    lines.append(f"Language: {proposal.language}; dated: {proposal.published_on or 'unknown'}")
    lines.append("")
    lines.append(f"Agreements ({len(proposal.agreements)}):")
    for agreement in proposal.agreements:
        lines.append(f"  - {agreement.title} [{agreement.kind}]")
        lines.append(
            f"    signed: {agreement.signed_on or '?'}"
            + (f" at {agreement.signed_at}" if agreement.signed_at else "")
        )
        if agreement.valid_from or agreement.valid_until:
            lines.append(
                f"    valid: {agreement.valid_from or '?'} to {agreement.valid_until or '?'}"
            )
        for party in agreement.parties:
            lines.append(f"    party: {party.organization or party.place} ({party.role})")
        for signatory in agreement.signatories:
            title, party = signatory.title or "-", signatory.organization or "?"
            lines.append(f"    signed by: {signatory.name}, {title} for {party}")
        if agreement.focus_areas:
            lines.append(f"    focus: {', '.join(agreement.focus_areas)}")
        if agreement.renews_or_implements:
            lines.append(f"    {agreement.relation_kind}: {agreement.renews_or_implements}")
    lines.append("")
    lines.append(f"Places ({len(proposal.places)}):")
    for place in proposal.places:
        native = f" / {place.native_name}" if place.native_name else ""
        lines.append(
            f"  - {place.name}{native} [{place.kind}, {place.country}] ({_matched(place)})"
        )
    lines.append(f"Organizations ({len(proposal.organizations)}):")
    for org in proposal.organizations:
        lines.append(f"  - {org.name} [{org.kind}] ({_matched(org)})")
    lines.append(f"People ({len(proposal.people)}):")
    for person in proposal.people:
        lines.append(f"  - {person.name}: {'; '.join(person.titles) or '-'} ({_matched(person)})")
    return "\n".join(lines)
