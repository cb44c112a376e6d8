"""The key facts of each seed press release, read back through the ORM after loading."""

import datetime

from django.core.management import call_command
from django.test import TestCase

from agreements.models import Agreement, Citation, Mission, Source, Validity
from partnerships.models import Organization, Partnership, Person, Place


class LoadedReleasesTestCase(TestCase):
    """Load the curated fixtures once per class; each test reads them."""

    source_slug = ""

    @classmethod
    def setUpTestData(cls):
        call_command("load_releases", verbosity=0)
        cls.source = Source.objects.get(slug=cls.source_slug) if cls.source_slug else None

    def parties(self, slug):
        agreement = Agreement.objects.get(slug=slug)
        return {(party.party.slug, party.role) for party in agreement.parties.all()}

    def signatories(self, slug):
        """Return (person, title, original title, slug of the party signed for) per signatory."""
        agreement = Agreement.objects.get(slug=slug)
        return {
            (s.person.name, s.title, s.title_original, s.party.party.slug)
            for s in agreement.signatories.all()
        }

    def participants(self, slug):
        agreement = Agreement.objects.get(slug=slug)
        return {
            (p.person.name, p.role, p.title, p.title_original) for p in agreement.participants.all()
        }

    def focus_areas(self, slug):
        agreement = Agreement.objects.get(slug=slug)
        return set(agreement.focus_areas.values_list("slug", flat=True))

    def citation(self, record) -> Citation:
        """Return the citation of ``record`` by this class's release."""
        return record.citations.get(source=self.source)

    def assert_date(self, partial, iso, precision):
        self.assertIsNotNone(partial)
        self.assertEqual((partial.isoformat(), partial.precision), (iso, precision))

    def assert_provenance(self, *, publisher_inferred, date_inferred, because=()):
        """Check which of the source's publisher and date are inferred, and the note on how."""
        self.assertEqual(
            (self.source.is_publisher_inferred, self.source.is_date_inferred),
            (publisher_inferred, date_inferred),
        )
        if publisher_inferred or date_inferred:
            for reason in because:
                self.assertIn(reason, self.source.note)
        else:
            self.assertEqual(self.source.note, "")
        # The note lives on the source, not on the publisher organization's citation.
        publisher_citation = self.citation(self.source.publisher_organization)
        if self.source.note:
            self.assertNotIn(self.source.note, publisher_citation.note)

    def alternate_names(self, record) -> dict[str, tuple[str, str]]:
        return {alt.name: (alt.language, alt.note) for alt in record.alternate_names.all()}


class Release000ChicagoOsakaTests(LoadedReleasesTestCase):
    """1871 and the Osaka Innovation Hub sign an MOU; the release states no year."""

    source_slug = "release-2018-chicago-1871-oih-mou"

    def test_source_date_and_publisher_are_inferred(self):
        self.assertEqual(self.source.language, "en")
        self.assertEqual(self.source.file_name, "000_95fa7161aed92843.txt")
        self.assert_date(self.source.published, "2018", "year")
        self.assertEqual(self.source.publisher_organization.slug, "city-of-chicago")
        self.assert_provenance(
            publisher_inferred=True,
            date_inferred=True,
            because=("names no publisher", "has no date", "45th anniversary"),
        )

    def test_publisher_organization_keeps_its_own_citation(self):
        citation = self.citation(self.source.publisher_organization)
        self.assertTrue(citation.is_inferred)
        self.assertIn("Chicago Mayor Rahm Emanuel", citation.note)

    def test_mou_parties_signatories_and_venue(self):
        mou = Agreement.objects.get(slug="1871-oih-mou-2018")
        self.assertEqual(mou.kind, "memorandum_of_understanding")
        self.assert_date(mou.signed, "2018", "year")
        self.assertEqual((mou.signed_venue, mou.signed_place.slug), ("Osaka City Hall", "osaka-jp"))
        self.assertEqual(
            self.parties(mou.slug),
            {("1871-chicago", "signing_party"), ("osaka-innovation-hub", "signing_party")},
        )
        self.assertEqual(
            self.signatories(mou.slug),
            {
                ("Betsy Ziegler", "CEO of 1871", "", "1871-chicago"),
                (
                    "Michiteru Kashiwagi",
                    "Director General of the Economic Strategy Bureau of the City of Osaka",
                    "",
                    "osaka-innovation-hub",
                ),
            },
        )
        self.assertEqual(self.focus_areas(mou.slug), {"startups", "research-and-innovation"})

    def test_mou_year_is_marked_inferred(self):
        citation = self.citation(Agreement.objects.get(slug="1871-oih-mou-2018"))
        self.assertTrue(citation.is_inferred)
        self.assertIn("45th anniversary", citation.note)

    def test_speakers_are_participants_not_summary_text(self):
        names = {(name, role) for name, role, *_ in self.participants("1871-oih-mou-2018")}
        self.assertEqual(
            names,
            {
                ("Rahm Emanuel", "speaker"),
                ("Hirofumi Yoshimura", "speaker"),
                ("Andrea Zopp", "speaker"),
                ("Naoki Ito", "speaker"),
            },
        )

    def test_earlier_agreements_are_linked(self):
        mou = Agreement.objects.get(slug="1871-oih-mou-2018")
        self.assertEqual(
            {(r.kind, r.to_agreement.slug) for r in mou.relations_out.all()},
            {
                ("implements", "japan-chicago-partnership-agreement-2018"),
                ("follows_from", "chicago-osaka-sister-city-affiliation-1973"),
            },
        )
        jcpa = Agreement.objects.get(slug="japan-chicago-partnership-agreement-2018")
        self.assertEqual(jcpa.title, "Japan-Chicago Partnership Agreement")
        self.assert_date(jcpa.signed, "2018-07", "month")
        self.assertEqual(
            self.parties(jcpa.slug),
            {("chicago-us", "signing_party"), ("mofa-japan", "signing_party")},
        )
        self.assertEqual(
            self.signatories(jcpa.slug), {("Rahm Emanuel", "Mayor of Chicago", "", "chicago-us")}
        )

    def test_sister_city_affiliation_of_1973(self):
        partnership = Partnership.objects.get(slug="chicago-osaka")
        self.assertEqual(partnership.kind, "sister_city")
        self.assert_date(partnership.established, "1973", "year")
        self.assertIn("28 sister cities", partnership.summary)
        affiliation = Agreement.objects.get(slug="chicago-osaka-sister-city-affiliation-1973")
        self.assert_date(affiliation.valid_from_date, "1973", "year")
        self.assertEqual(affiliation.partnership, partnership)

    def test_july_mission(self):
        mission = Mission.objects.get(slug="chicago-mission-to-japan-2018")
        self.assertEqual(mission.kind, "trade_mission")
        self.assert_date(mission.started, "2018-07", "month")
        self.assertEqual(
            set(mission.leaders.values_list("name", flat=True)), {"Rahm Emanuel", "Andrea Zopp"}
        )
        self.assertIn("More than 30 members", mission.summary)
        self.assertEqual(
            list(mission.agreements.values_list("slug", flat=True)),
            ["japan-chicago-partnership-agreement-2018"],
        )
        self.assertTrue(self.citation(mission).is_inferred)


class Release001HigashiosakaTests(LoadedReleasesTestCase):
    """Higashiosaka City and IHK Düsseldorf start a cooperation, with AHK Japan."""

    source_slug = "release-2023-higashiosaka-ihk-duesseldorf"
    agreement_slug = "higashiosaka-ihk-duesseldorf-cooperation-2023"

    def test_source_is_stated(self):
        self.assertEqual(self.source.publisher, "Higashiosaka City")
        self.assert_date(self.source.published, "2023-10", "month")
        self.assert_provenance(publisher_inferred=False, date_inferred=False)
        self.assertFalse(self.citation(self.source.publisher_organization).is_inferred)

    def test_parties_and_roles(self):
        self.assertEqual(
            self.parties(self.agreement_slug),
            {
                ("higashiosaka-jp", "partner"),
                ("ihk-duesseldorf", "partner"),
                ("ahk-japan", "facilitator"),
            },
        )
        self.assertEqual(
            Organization.objects.get(slug="ahk-japan").parent.name,
            "German Chambers of Commerce Abroad",
        )

    def test_no_signing_is_invented(self):
        agreement = Agreement.objects.get(slug=self.agreement_slug)
        self.assertIsNone(agreement.signed)
        self.assertFalse(agreement.signatories.exists())
        self.assertTrue(self.citation(agreement).is_inferred)

    def test_focus_areas_and_figures(self):
        agreement = Agreement.objects.get(slug=self.agreement_slug)
        self.assertEqual(
            self.focus_areas(self.agreement_slug), {"manufacturing", "trade-and-investment"}
        )
        for fact in ("more than 600", "Tech Plaza Higashiosaka", "monozukuri", "2025 World Expo"):
            self.assertIn(fact, agreement.summary)

    def test_second_spelling_of_duesseldorf_is_an_alternate_name(self):
        place = Place.objects.get(slug="duesseldorf-de")
        self.assertEqual(place.name, "Düsseldorf")
        alternate = place.alternate_names.get(name="Dusseldorf")
        self.assertIn("Higashiosaka release", alternate.note)


class Release002MassachusettsKanagawaTests(LoadedReleasesTestCase):
    """Governors Patrick and Kuroiwa sign an MOU in Boston on 7 May 2014."""

    source_slug = "release-2014-massachusetts-kanagawa-mou"
    agreement_slug = "massachusetts-kanagawa-mou-2014"

    def test_source(self):
        self.assertEqual(self.source.title, "Kanagawa Prefecture MOU Signing")
        self.assert_date(self.source.published, "2014-05-07", "day")
        self.assert_provenance(
            publisher_inferred=True,
            date_inferred=False,
            because=("names no issuer", "photo is credited to the Governor's Press Office"),
        )
        citation = self.citation(self.source.publisher_organization)
        self.assertEqual(
            (citation.is_inferred, citation.note), (False, "Named in the photo credit.")
        )

    def test_signing(self):
        mou = Agreement.objects.get(slug=self.agreement_slug)
        self.assert_date(mou.signed, "2014-05-07", "day")
        self.assertEqual(mou.signed_place.slug, "boston-us")
        self.assertEqual(
            self.signatories(self.agreement_slug),
            {
                ("Deval Patrick", "Governor of Massachusetts", "", "massachusetts-us"),
                ("Yuji Kuroiwa", "Governor of Kanagawa Prefecture", "", "kanagawa-jp"),
            },
        )

    def test_parties_include_the_state_entities_carrying_it_out(self):
        self.assertEqual(
            self.parties(self.agreement_slug),
            {
                ("massachusetts-us", "signing_party"),
                ("kanagawa-jp", "signing_party"),
                ("massachusetts-life-sciences-center", "supporting_partner"),
                ("massachusetts-technology-collaborative", "supporting_partner"),
                ("massachusetts-clean-energy-center", "supporting_partner"),
            },
        )

    def test_focus_areas(self):
        self.assertEqual(
            self.focus_areas(self.agreement_slug),
            {"life-sciences", "big-data", "clean-energy", "robotics", "health-it", "education"},
        )

    def test_figures_are_in_the_summary(self):
        summary = Agreement.objects.get(slug=self.agreement_slug).summary
        for figure in ("130", "10,000", "13,000", "$1.762 billion", "fifth-largest", "2012"):
            self.assertIn(figure, summary)

    def test_misspelt_governor_is_recorded_under_the_correct_name(self):
        governor = Person.objects.get(slug="yuji-kuroiwa")
        self.assertEqual((governor.name, governor.native_name), ("Yuji Kuroiwa", "黒岩祐治"))
        self.assertIn('"Yuki"', self.citation(governor).note)
        self.assertFalse(Person.objects.filter(name__icontains="Yuki").exists())

    def test_misspelling_is_an_alternate_name_of_the_governor(self):
        governor = Person.objects.get(slug="yuji-kuroiwa")
        names = self.alternate_names(governor)
        self.assertEqual(set(names), {"Yuki Kuroiwa"})
        language, note = names["Yuki Kuroiwa"]
        self.assertEqual(language, "en")
        self.assertIn("Misspelling in the May 2014 Massachusetts release", note)
        self.assertEqual(list(Person.objects.search("Yuki Kuroiwa")), [governor])

    def test_quoted_officials_are_speakers(self):
        self.assertEqual(
            {name for name, role, *_ in self.participants(self.agreement_slug)},
            {
                "Greg Bialecki",
                "Richard Elam",
                "Susan Windham-Bannister",
                "Pamela Goldberg",
                "Alicia Barton",
            },
        )

    def test_december_mission_and_its_other_names(self):
        mission = Mission.objects.get(slug="massachusetts-asia-innovation-partnership-mission-2013")
        self.assert_date(mission.started, "2013-12-07", "day")
        self.assert_date(mission.ended, "2013-12-17", "day")
        self.assertEqual(
            set(mission.destinations.values_list("slug", flat=True)),
            {"japan", "hong-kong", "singapore"},
        )
        self.assertEqual(
            set(mission.leaders.values_list("slug", flat=True)), {"deval-patrick", "greg-bialecki"}
        )
        self.assertIn(self.agreement_slug, mission.agreements.values_list("slug", flat=True))
        other_names = self.alternate_names(mission)
        self.assertEqual(
            set(other_names),
            {
                "Massachusetts-Japan Innovation Partnership Mission",
                "Massachusetts-Asia Partnership Mission",
            },
        )
        self.assertTrue(all(language == "en" for language, _ in other_names.values()))
        self.assertIn(
            "Pamela Goldberg's quote", other_names["Massachusetts-Asia Partnership Mission"][1]
        )
        for name in other_names:
            self.assertNotIn(name, mission.summary)  # names are rows, not summary text
        self.assertEqual(
            list(Mission.objects.search("Massachusetts-Japan Innovation Partnership")), [mission]
        )


class Release003NrwTokyoTests(LoadedReleasesTestCase):
    """NRW and Tokyo sign an Absichtserklärung by video conference on 31 May 2021."""

    source_slug = "release-2021-nrw-tokyo-letter-of-intent"
    agreement_slug = "nrw-tokyo-letter-of-intent-2021"

    def test_source_is_german_and_its_date_inferred(self):
        self.assertEqual(self.source.language, "de")
        self.assert_date(self.source.published, "2021", "year")
        self.assertEqual(self.source.publisher_organization.abbreviation, "EWG")
        self.assert_provenance(
            publisher_inferred=True,
            date_inferred=True,
            because=("no byline and no date", "contact details", "31 May 2021"),
        )
        self.assertFalse(self.citation(self.source.publisher_organization).is_inferred)

    def test_letter_of_intent_keeps_its_german_title(self):
        letter = Agreement.objects.get(slug=self.agreement_slug)
        self.assertEqual(letter.kind, "letter_of_intent")
        self.assertEqual(letter.title_language, "de")
        self.assertTrue(letter.title_original.startswith("Absichtserklärung"))
        self.assert_date(letter.signed, "2021-05-31", "day")
        self.assertTrue(letter.signed_remotely)
        self.assertFalse(self.citation(letter).is_inferred)

    def test_signatories_with_german_and_english_titles(self):
        self.assertEqual(
            self.signatories(self.agreement_slug),
            {
                (
                    "Andreas Pinkwart",
                    "Minister of Economic Affairs, Innovation, Digitalization and Energy of "
                    "the State of North Rhine-Westphalia",
                    "Minister für Wirtschaft, Innovation, Digitalisierung und Energie des "
                    "Landes Nordrhein-Westfalen",
                    "north-rhine-westphalia-de",
                ),
                (
                    "Akinori Muramatsu",
                    "Director General of the Bureau of Industrial and Labor Affairs, Tokyo "
                    "Metropolitan Government",
                    "Generaldirektor des Amtes für Industrie und Arbeit der "
                    "Präfekturregierung Tokio",
                    "tokyo-jp",
                ),
            },
        )
        self.assertEqual(Person.objects.get(slug="andreas-pinkwart").honorific_prefix, "Prof. Dr.")

    def test_seven_partner_municipalities(self):
        letter = Agreement.objects.get(slug=self.agreement_slug)
        municipal = letter.parties.filter(role="partner", place__isnull=False)
        self.assertEqual(municipal.count(), 7)
        self.assertEqual(
            set(municipal.values_list("place__native_name", "place__name")),
            {
                ("", "Aachen"),
                ("", "Bochum"),
                ("", "Düsseldorf"),
                ("", "Essen"),
                ("Köln", "Cologne"),
                ("", "Krefeld"),
                ("", "Rhein-Kreis Neuss"),
            },
        )
        self.assertTrue(all("kommunaler Ebene" in party.note for party in municipal))

    def test_other_parties(self):
        parties = self.parties(self.agreement_slug)
        self.assertIn(("north-rhine-westphalia-de", "signing_party"), parties)
        self.assertIn(("tokyo-jp", "signing_party"), parties)
        self.assertIn(("ewg-essen", "partner"), parties)
        self.assertIn(("nrw-global-business", "facilitator"), parties)
        self.assertEqual(len(parties), 11)

    def test_attendees_with_original_titles(self):
        attendees = {
            name: (title, original)
            for name, role, title, original in self.participants(self.agreement_slug)
            if role == "attendee"
        }
        self.assertEqual(
            attendees,
            {
                "Ina Lepel": (
                    "Ambassador of the Federal Republic of Germany to Japan",
                    "Botschafterin der Bundesrepublik Deutschland in Japan",
                ),
                "Kiminori Iwama": (
                    "Consul General, Consulate General of Japan in Düsseldorf",
                    "Generalkonsul, Japanisches Generalkonsulat Düsseldorf",
                ),
                "Georg K. Löer": ("President, NRW.Global Business Japan", ""),
                "Felix Neugart": (
                    "Managing Director of NRW.Global Business GmbH",
                    "Geschäftsführer der NRW.Global Business GmbH",
                ),
                "Andre Boschem": ("Managing Director of EWG", "Geschäftsführer der EWG"),
            },
        )

    def test_focus_areas(self):
        self.assertEqual(
            self.focus_areas(self.agreement_slug),
            {"smes", "startups", "trade-and-investment", "research-and-innovation"},
        )

    def test_earlier_ewg_cooperation_is_a_partnership(self):
        partnership = Partnership.objects.get(slug="ewg-fukushima-koriyama")
        self.assertEqual(
            {(member.place or member.organization).slug for member in partnership.members.all()},
            {"fukushima-prefecture-jp", "koriyama-jp", "ewg-essen"},
        )


class Release004OuluSendaiTests(LoadedReleasesTestCase):
    """Oulu and Sendai renew their contract to 2030; the university hospitals sign an MOU."""

    source_slug = "release-2025-oulu-sendai-cooperation-contract"
    contract_slug = "oulu-sendai-cooperation-contract-2025"
    hospitals_slug = "oulu-tohoku-university-hospitals-mou-2025"

    def test_source_keeps_the_headline_as_published(self):
        self.assertEqual(
            self.source.title, "People who singed the Oulu-Sendai cooperation contract"
        )
        self.assert_date(self.source.published, "2025-01-17", "day")

    def test_source_publisher_is_inferred_and_its_date_stated(self):
        self.assert_provenance(
            publisher_inferred=True,
            date_inferred=False,
            because=("names no publisher", "written from Oulu's side"),
        )

    def test_contract_signed_on_a_tuesday_with_the_year_inferred(self):
        contract = Agreement.objects.get(slug=self.contract_slug)
        self.assertEqual(contract.kind, "renewal")
        self.assert_date(contract.signed, "2025-01-14", "day")
        self.assertEqual(contract.signed_on.strftime("%A"), "Tuesday")
        citation = self.citation(contract)
        self.assertTrue(citation.is_inferred)
        self.assertIn("17.01.2025", citation.note)

    def test_contract_runs_five_years_to_2030(self):
        contract = Agreement.objects.get(slug=self.contract_slug)
        self.assert_date(contract.valid_from_date, "2025", "year")
        self.assert_date(contract.valid_until_date, "2030", "year")
        validity = (
            Agreement.objects.with_validity(today=datetime.date(2025, 6, 1))
            .get(pk=contract.pk)
            .validity
        )
        self.assertEqual(validity, Validity.ACTIVE)

    def test_contract_renews_the_earlier_one(self):
        contract = Agreement.objects.get(slug=self.contract_slug)
        earlier = contract.relations_out.get(kind="renews").to_agreement
        self.assertEqual(earlier.slug, "oulu-sendai-cooperation-contract-earlier")
        self.assertIsNone(earlier.signed)
        self.assertEqual(earlier.partnership, contract.partnership)

    def test_twenty_years_of_cooperation(self):
        partnership = Partnership.objects.get(slug="oulu-sendai")
        self.assertEqual(partnership.kind, "cooperation")
        self.assert_date(partnership.established, "2005", "year")
        self.assertTrue(self.citation(partnership).is_inferred)

    def test_contract_parties_delegation_and_focus(self):
        self.assertEqual(
            self.parties(self.contract_slug),
            {("oulu-fi", "signing_party"), ("sendai-jp", "signing_party")},
        )
        self.assertEqual(self.signatories(self.contract_slug), set())
        self.assertEqual(
            self.participants(self.contract_slug),
            {("Shinichi Takahashi", "delegation_lead", "Deputy Mayor of Sendai", "")},
        )
        self.assertLessEqual(
            {"ict", "healthcare", "circular-economy", "printed-electronics", "startups"},
            self.focus_areas(self.contract_slug),
        )

    def test_hospital_memorandum(self):
        memorandum = Agreement.objects.get(slug=self.hospitals_slug)
        self.assert_date(memorandum.signed, "2025-01", "month")
        self.assertEqual(
            self.parties(self.hospitals_slug),
            {
                ("oulu-university-hospital", "signing_party"),
                ("tohoku-university-hospital", "signing_party"),
            },
        )
        self.assertEqual(
            self.participants(self.hospitals_slug),
            {("Miia Turpeinen", "speaker", "Director of Oulu University Hospital", "")},
        )
        self.assertEqual(self.focus_areas(self.hospitals_slug), {"healthcare"})

    def test_delegation_visit(self):
        visit = Mission.objects.get(slug="sendai-delegation-visit-oulu-2025")
        self.assert_date(visit.ended, "2025-01-15", "day")
        self.assertEqual(list(visit.leaders.values_list("name", flat=True)), ["Shinichi Takahashi"])
        self.assertEqual(
            set(visit.agreements.values_list("slug", flat=True)),
            {self.contract_slug, self.hospitals_slug},
        )
