"""The extraction library: dates, kinds, people, organizations, places, focus areas."""

from datetime import date

import pytest
from django.conf import settings

from assistant.extraction import extract
from assistant.extraction.dates import MonthReference, find_dates, release_date, validity
from assistant.extraction.kinds import agreement_kind
from assistant.extraction.text import read

# The real releases stay outside the repository (their prose is not ours to publish).
SEEDS = settings.SEED_RELEASES_DIR


def values(sentence, reference=None):
    return [d.value for d in find_dates(sentence, reference)]


class TestDates:
    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            ("For Immediate Release - May 07, 2014", "2014-05-07"),
            ("BOSTON – Wednesday, May 7, 2014 – Governor X today signed", "2014-05-07"),
            ("haben am 31. Mai 2021 eine Absichtserklärung unterzeichnet", "2021-05-31"),
            ("17.01.2025", "2025-01-17"),
            ("2025年1月14日に協定を締結した", "2025-01-14"),
            ("２０２５年１月１４日", None),  # full-width digits are normalised by read()
            ("signed on 3rd of March 2019", "2019-03-03"),
            ("Published: October 2023", "2023-10"),
            ("Osaka became Chicago's third sister city in 1973.", "1973"),
        ],
    )
    def test_absolute_forms_with_precision(self, sentence, expected):
        """Each written form gives a partial ISO date as precise as the text."""
        if expected is None:
            sentence = read(sentence).sentences[0]
            expected = "2025-01-14"
        assert values(sentence)[0] == expected

    def test_yearless_date_takes_the_year_of_the_release(self):
        """'On Tuesday January 14' in a release of 17.01.2025 is 14 January 2025."""
        assert values("On Tuesday January 14, the cities signed", date(2025, 1, 17)) == [
            "2025-01-14"
        ]

    def test_yearless_date_after_the_release_day_is_last_year(self):
        assert values("signed on December 3", date(2025, 1, 17)) == ["2024-12-03"]

    def test_this_past_month_is_the_last_such_month(self):
        """'This past July' is month precision, resolved against the reference date."""
        assert values("a mission to Japan this past July", date(2018, 10, 1)) == ["2018-07"]
        assert values("a mission to Japan this past July", date(2019, 3, 1)) == ["2018-07"]
        assert values("signed in July of this year", date(2018, 10, 1)) == ["2018-07"]

    def test_relative_dates_without_a_reference_are_unknown(self):
        assert values("this past July") == []
        assert values("On Tuesday January 14, the cities signed") == []

    def test_may_the_verb_is_no_date(self):
        assert values("Companies may sign up in 2 weeks") == []

    def test_day_range_gives_its_first_day(self):
        assert values("From December 7-17, 2013, Governor Patrick led") == ["2013-12-07"]

    def test_release_date_from_first_lines_or_published_line(self):
        assert release_date(["For Immediate Release - May 07, 2014", "Headline"]) == "2014-05-07"
        assert release_date(["Headline", "Text.", "Published: October 2023"]) == "2023-10"
        assert release_date(["Headline", "A long sentence without any date in it at all."]) is None

    def test_weekday_alone_is_the_last_such_day_before_the_release(self):
        """'On Tuesday' in a release of Thursday 16 January 2025 is 14 January."""
        assert values("signed a letter of intent on Tuesday", date(2025, 1, 16)) == ["2025-01-14"]
        assert values("am Montag unterzeichnet", date(2025, 1, 13)) == ["2025-01-13"]
        assert values("signed a letter of intent on Tuesday") == []
        # A release dated only to the month cannot tell which Tuesday.
        assert values("signed on Tuesday", MonthReference(2025, 1, 1)) == []
        assert values("signed on January 14", MonthReference(2025, 1, 1)) == ["2025-01-14"]

    def test_release_date_from_a_dateline_in_a_long_first_paragraph(self):
        line = (
            "KITAKYUSHU, Japan – January 16, 2025 – The City of Kitakyushu and the City of "
            "Aarhus, Denmark, signed a letter of intent on Tuesday to share know-how."
        )
        assert release_date(["Headline", line]) == "2025-01-16"
        line = "SALT LAKE CITY, Sept. 14, 2023 – The two cities became friendship cities " * 2
        assert release_date([line]) == "2023-09-14"
        line = "The two cities became friendship cities on Tuesday, September 12, 2023 and more."
        assert release_date([line * 2]) is None

    @pytest.mark.parametrize(
        ("sentences", "signed_on", "expected"),
        [
            (
                ["a renewed contract for the following five years"],
                "2025-01-14",
                ("2025-01-14", "2030-01-14"),
            ),
            (["The cooperation will continue until 2030"], "2025-01-14", ("2025-01-14", "2030")),
            (["Die Vereinbarung gilt für fünf Jahre."], "2021-05-31", ("2021-05-31", "2026-05-31")),
            (["Starting from 2025, cooperation", "until 2030"], "2025-01-14", ("2025", "2030")),
            (["No term is given."], "2025-01-14", (None, None)),
        ],
    )
    def test_validity(self, sentences, signed_on, expected):
        assert validity(sentences, signed_on) == expected


class TestKinds:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("signed a sister city agreement", "sister_city"),
            ("die Städtepartnerschaft wurde besiegelt", "sister_city"),
            ("姉妹都市提携", "sister_city"),
            ("a friendship city affiliation", "friendship_city"),
            ("Freundschaftsstadt", "friendship_city"),
            ("友好都市", "friendship_city"),
            ("signed a Memorandum of Understanding (MOU)", "memorandum_of_understanding"),
            ("ein Memorandum of Understanding unterzeichnet", "memorandum_of_understanding"),
            ("eine Absichtserklärung unterzeichnet", "letter_of_intent"),
            ("signed a letter of intent", "letter_of_intent"),
            ("a cooperation agreement", "cooperation_agreement"),
            ("eine Kooperationsvereinbarung", "cooperation_agreement"),
            ("the Japan-Chicago Partnership Agreement", "partnership_agreement"),
            ("eine Partnerschaftsvereinbarung", "partnership_agreement"),
            ("signed a renewed cooperation contract", "renewal"),
            ("Der Vertrag wurde verlängert", "renewal"),
            ("signed an agreement", "other"),
        ],
    )
    def test_kind_from_wording(self, text, kind):
        assert agreement_kind(text) == kind


def people(text):
    return {p.name: p for p in extract(text).people}


class TestPeople:
    def test_title_before_name(self):
        found = people("Governor Deval Patrick today signed a Memorandum of Understanding.")
        assert found["Deval Patrick"].titles == ["Governor"]

    def test_name_comma_title_of_organization(self):
        found = people("The event was led by Betsy Ziegler, CEO of 1871.")
        assert found["Betsy Ziegler"].titles == ["CEO of 1871"]
        assert found["Betsy Ziegler"].organization == "1871"

    def test_german_title_with_commas_and_honorifics(self):
        """The whole German title is kept, and "Prof. Dr." is not part of the name."""
        found = people(
            "Dazu haben Prof. Dr. Andreas Pinkwart, Minister für Wirtschaft, Innovation, "
            "Digitalisierung und Energie des Landes Nordrhein-Westfalen, und Akinori Muramatsu, "
            "Generaldirektor des Amtes für Industrie und Arbeit, am 31. Mai 2021 eine "
            "Absichtserklärung unterzeichnet."
        )
        assert found["Andreas Pinkwart"].titles == [
            "Minister für Wirtschaft, Innovation, Digitalisierung und Energie des Landes "
            "Nordrhein-Westfalen"
        ]
        assert "Akinori Muramatsu" in found

    def test_title_with_an_adjective_or_a_place_before_comma_name(self):
        found = people(
            "Der Generalkonsul von Japan in München, Hiroshi Kawamura, war zugeschaltet. "
            "Der Bürgermeister der japanischen Stadt Nagahama, Masato Kitamura, hat "
            "unterzeichnet."
        )
        assert found["Hiroshi Kawamura"].titles == ["Generalkonsul von Japan in München"]
        assert "Masato Kitamura" in found

    def test_long_portfolio_before_the_name(self):
        found = people(
            "Mayor Takuya Onishi of Kitakyushu and Aarhus Deputy Mayor for Technical Services "
            "and Environment Mette Sørensen signed the letter."
        )
        assert found["Mette Sørensen"].titles == [
            "Deputy Mayor for Technical Services and Environment"
        ]
        assert "Services" not in " ".join(found)

    def test_title_in_parentheses(self):
        found = people(
            "Es nahmen Ina Lepel (Botschafterin der Bundesrepublik Deutschland in Japan) teil."
        )
        assert found["Ina Lepel"].titles == [
            "Botschafterin der Bundesrepublik Deutschland in Japan"
        ]

    def test_surname_alone_is_not_a_new_person(self):
        found = people("Mayor Rahm Emanuel spoke. Later Mayor Emanuel signed the agreement.")
        assert list(found) == ["Rahm Emanuel"]

    def test_organizations_and_months_are_not_people(self):
        found = people(
            "Director of Oulu University Hospital Miia Turpeinen stated on Tuesday January 14."
        )
        assert list(found) == ["Miia Turpeinen"]


def organizations(text):
    return {o.name: o for o in extract(text).organizations}


class TestOrganizations:
    @pytest.mark.parametrize(
        ("text", "name", "kind"),
        [
            (
                "Higashiosaka approached the Chamber of Commerce and Industry of Düsseldorf - "
                "IHK Düsseldorf.",
                "Chamber of Commerce and Industry of Düsseldorf",
                "chamber_of_commerce",
            ),
            (
                "Chicago’s 1871 and the Osaka Innovation Hub (OIH) signed a memorandum.",
                "Osaka Innovation Hub",
                "innovation_hub",
            ),
            (
                "Representatives of the Tōhoku University Hospital visited.",
                "Tōhoku University Hospital",
                "hospital",
            ),
            (
                "Students of the Heidelberg University visited.",
                "Heidelberg University",
                "university",
            ),
            (
                "He signed it with the Ministry of Foreign Affairs.",
                "Ministry of Foreign Affairs",
                "national_ministry",
            ),
            (
                "Kiminori Iwama (Generalkonsul, Japanisches Generalkonsulat Düsseldorf) nahm teil.",
                "Japanisches Generalkonsulat Düsseldorf",
                "consulate",
            ),
            (
                "Partner ist die EWG - Essener Wirtschaftsförderungsgesellschaft mbH.",
                "Essener Wirtschaftsförderungsgesellschaft mbH",
                "economic_development",
            ),
            (
                "planen die NRW-Landesregierung und das Tokyo Metropolitan Government ein Projekt.",
                "Tokyo Metropolitan Government",
                "regional_government",
            ),
            (
                "The Kanagawa Government has focused on innovation.",
                "Kanagawa Government",
                "regional_government",
            ),
            (
                "The Economic Strategy Bureau of the City of Osaka organizes it.",
                "City of Osaka",
                "city_government",
            ),
        ],
    )
    def test_name_and_kind(self, text, name, kind):
        found = organizations(text)
        assert name in found, found
        assert found[name].kind == kind

    def test_abbreviation_in_parentheses_is_kept_not_duplicated(self):
        found = organizations(
            "The Osaka Innovation Hub (OIH) signed. OIH is helping Osaka. "
            "The Osaka Innovation Hub grows."
        )
        assert list(found) == ["Osaka Innovation Hub"]
        assert found["Osaka Innovation Hub"].abbreviation == "OIH"

    def test_quoted_initiatives_are_not_organizations(self):
        assert (
            organizations("It launched a new “Global Collaborative Center” (GCC) initiative.") == {}
        )

    def test_full_names_with_an_owner_or_a_list_of_portfolios(self):
        names = organizations(
            "(Photo: Eric Haynes / Governor's Press Office) Staatssekretärin Claudia Herzog vom "
            "Ministerium für Wirtschaft, Arbeit und Tourismus Baden-Württemberg sprach. Consul "
            "General Keiko Watanabe of the Consulate-General of Japan in Denver spoke."
        )
        assert {
            "Governor's Press Office",
            "Ministerium für Wirtschaft, Arbeit und Tourismus Baden-Württemberg",
            "Consulate-General of Japan in Denver",
        } <= set(names)

    def test_inflected_short_and_translated_forms_are_one_organization(self):
        names = organizations(
            "Die Technische Hochschule Ulm lädt ein. Prof. Anja Kessler, Präsidentin der "
            "Technischen Hochschule Ulm, sprach. Die Wirtschaftsförderung Region Stuttgart GmbH "
            "(WRS) unterzeichnete; die Stuttgarter Wirtschaftsförderung freut sich. Das Tokyo "
            "Metropolitan Government und die Präfekturregierung Tokio planen ein Projekt."
        )
        assert set(names) == {
            "Technische Hochschule Ulm",
            "Wirtschaftsförderung Region Stuttgart GmbH",
            "Tokyo Metropolitan Government",
        }

    def test_portfolios_and_pronouns_are_not_organizations(self):
        names = organizations(
            "Professor Alan Whitcombe, Vice-President for Innovation, signed for the University "
            "of Sheffield. Deren Geschäftsführer Markus Feldhaus begrüßte die Unterzeichnung."
        )
        assert set(names) == {"University of Sheffield"}


class TestPlaces:
    def test_places_with_country_kind_and_native_name(self):
        places = {
            p.name: p
            for p in extract(
                "Osaka and Chicago signed. Massachusetts and Kanagawa Prefecture in Japan agreed. "
                "Mit Aachen, Köln und der Präfektur Tokyo."
            ).places
        }
        assert places["Osaka"].country == "JP" and places["Osaka"].native_name == "大阪市"
        assert places["Chicago"].country == "US"
        assert places["Massachusetts"].kind == "state"
        assert places["Kanagawa Prefecture"].kind == "prefecture"
        assert places["Japan"].kind == "country"
        assert places["Tokyo"].kind == "prefecture"
        assert places["Aachen"].country == "DE"

    def test_demonyms_name_countries(self):
        places = {p.name for p in extract("German companies look for Japanese partners.").places}
        assert places == {"Germany", "Japan"}

    def test_common_words_are_not_places(self):
        assert extract("The Mission was a success for the Global Hub.").places == []

    def test_bare_name_of_a_named_prefecture_is_the_prefecture(self):
        """After "Toyama Prefecture", "Toyama companies" is the prefecture, not the city."""
        proposal = extract(
            "Sheffield and Toyama Prefecture signed a memorandum of understanding. "
            "Several Toyama companies have worked with Sheffield."
        )
        names = {p.name for p in proposal.places}
        assert "Toyama Prefecture" in names and "Toyama" not in names
        proposal = extract(
            "Sheffield and Toyama Prefecture signed a memorandum. The city of Toyama hosted it."
        )
        assert "Toyama" in {p.name for p in proposal.places}

    def test_country_words_inside_an_organization_name_are_no_place(self):
        proposal = extract(
            "Bei einem Empfang der Deutsch-Japanischen Gesellschaft Nagoya stellten sich "
            "Start-ups aus Stuttgart vor. The Japan-America Society of Utah hosted a reception."
        )
        countries = {p.name for p in proposal.places if p.kind == "country"}
        assert countries == set()
        proposal = extract("Salt Lake City and the Japanese city of Matsumoto signed.")
        assert "Japan" in {p.name for p in proposal.places}

    def test_a_state_or_the_language_says_which_country_the_release_is_about(self):
        """Mid-size cities count when their country is implied: by a state ("Mich.",
        "Michigan") or by the release's language (a German release is about Germany)."""
        proposal = extract(
            "Grand Rapids and Utsunomiya in Japan become sister cities. "
            "Students have visited Michigan every summer."
        )
        assert "Grand Rapids" in {p.name for p in proposal.places}
        proposal = extract(
            "Heidelberg, 2. Juni 2023. Das Klinikum und die Stadt haben mit Kyoto in Japan "
            "eine Vereinbarung unterzeichnet, die für die Zusammenarbeit der Kliniken gilt."
        )
        assert "Heidelberg" in {p.name for p in proposal.places}

    def test_small_city_named_as_a_city(self):
        proposal = extract(
            "Am Festakt nahmen auch Vertreter der Nachbarstadt Neu-Ulm teil, die mit der Stadt "
            "Ulm in Deutschland eng zusammenarbeitet."
        )
        assert "Neu-Ulm" in {p.name for p in proposal.places}

    def test_foreign_city_known_only_by_an_alternate_name_is_dropped(self):
        """ "Shinshu" is an alternate name of Jinju (Korea) in the gazetteer."""
        proposal = extract(
            "Salt Lake City in Utah and Matsumoto in Japan signed. Shinshu University, based "
            "in Matsumoto, joins."
        )
        assert "Chinju" not in {p.name for p in proposal.places}


class TestAgreements:
    @pytest.mark.seed_releases
    def test_seed_massachusetts_kanagawa(self):
        """Date from the dateline, parties from 'between', signatories for their party."""
        proposal = extract((SEEDS / "002_038d2977880ba5bb.txt").read_text())
        agreement = proposal.agreements[0]
        assert agreement.kind == "memorandum_of_understanding"
        assert agreement.signed_on == "2014-05-07"
        assert [p.place for p in agreement.parties] == ["Massachusetts", "Kanagawa Prefecture"]
        signed_for = {s.name: s.organization for s in agreement.signatories}
        assert signed_for == {
            "Deval Patrick": "Massachusetts",
            "Yuji Kuroiwa": "Kanagawa Prefecture",
        }
        assert {"life-sciences", "big-data", "clean-energy", "robotics", "health-it"} <= set(
            agreement.focus_areas
        )
        assert agreement.evidence.startswith("BOSTON")

    @pytest.mark.seed_releases
    def test_seed_nrw_tokyo_video_conference(self):
        proposal = extract((SEEDS / "003_7777f5732622fa34.txt").read_text())
        agreement = proposal.agreements[0]
        assert agreement.kind == "letter_of_intent"
        assert agreement.signed_on == "2021-05-31"
        assert agreement.signed_at == "video conference" and agreement.signed_remotely
        assert proposal.language == "de"

    @pytest.mark.seed_releases
    def test_seed_oulu_sendai_renewal(self):
        """A renewal dated from a yearless weekday date, with validity and the earlier contract."""
        proposal = extract((SEEDS / "004_5d86f7c02c616070.txt").read_text())
        kinds = [a.kind for a in proposal.agreements]
        assert kinds[0] == "renewal" and "memorandum_of_understanding" in kinds
        renewal = proposal.agreements[0]
        assert renewal.signed_on == "2025-01-14"
        assert renewal.valid_until == "2030"
        assert renewal.relation_kind == "renews"
        assert renewal.renews_or_implements in {a.title for a in proposal.agreements}

    @pytest.mark.seed_releases
    def test_seed_1871_osaka_implements_and_venue(self):
        proposal = extract(
            (SEEDS / "000_95fa7161aed92843.txt").read_text(), reference_date=date(2018, 10, 20)
        )
        mou = proposal.agreements[0]
        assert mou.kind == "memorandum_of_understanding"
        assert mou.relation_kind == "implements"
        assert mou.renews_or_implements == "Japan-Chicago Partnership Agreement"
        assert mou.signed_at == "Osaka’s City Hall"
        assert {s.name: s.organization for s in mou.signatories} == {
            "Betsy Ziegler": "1871",
            "Michiteru Kashiwagi": "Osaka Innovation Hub",
        }
        named = next(
            a for a in proposal.agreements if a.title == "Japan-Chicago Partnership Agreement"
        )
        assert named.kind == "partnership_agreement"
        assert named.signed_on == "2018-07"

    def test_dateline_weekday_dates_the_signing(self):
        proposal = extract(
            "Aarhus and Kitakyushu sign letter of intent\n\n"
            "KITAKYUSHU, Japan – January 16, 2025 – The City of Kitakyushu and the City of "
            "Aarhus, Denmark, signed a letter of intent on Tuesday to share know-how."
        )
        assert [a.signed_on for a in proposal.agreements] == ["2025-01-14"]

    def test_headline_verb_and_generic_words_do_not_name_an_agreement(self):
        """'... Sign Friendship City Agreement' is the agreement the release announces, not a
        second, named one."""
        proposal = extract(
            "Salt Lake City and Matsumoto Sign Friendship City Agreement\n\n"
            "SALT LAKE CITY, Sept. 14, 2023 – Salt Lake City and Matsumoto became friendship "
            "cities on Tuesday, September 12, when the mayors signed a friendship city agreement."
        )
        assert [(a.kind, a.signed_on) for a in proposal.agreements] == [
            ("friendship_city", "2023-09-12")
        ]

    def test_undated_signing_is_dated_by_a_sentence_naming_the_agreement(self):
        proposal = extract(
            "# Adelaide and Himeji renew their agreement\n\n*ADELAIDE, 3 October 2023*\n\n"
            "Adelaide and Himeji renewed their sister city agreement this past July. "
            "The Lord Mayor of Adelaide and the Mayor of Himeji signed the renewal at Himeji "
            "City Hall."
        )
        renewal = next(a for a in proposal.agreements if a.kind == "renewal")
        assert renewal.signed_on == "2023-07"

    def test_headline_announcing_a_cooperation_is_an_agreement(self):
        proposal = extract(
            "New cooperation between Higashiosaka City and the Chamber of Commerce and Industry "
            "of Düsseldorf\n\nBoth organizations saw a potential field for cooperation."
        )
        assert [a.kind for a in proposal.agreements] == ["cooperation_agreement"]
        assert len(proposal.agreements[0].parties) == 2

    def test_signed_during_the_visit_takes_the_month_of_the_visit(self):
        proposal = extract(
            "Oulu and Sendai\n\n17.01.2025\n\nThe delegation ended their three-day visit to "
            "Oulu on January 15.\n\nRepresentatives of the Tōhoku University Hospital signed the "
            "Memorandum of Understanding with the Oulu University Hospital during the visit."
        )
        assert [a.signed_on for a in proposal.agreements] == ["2025-01"]

    def test_japanese_date_and_kind(self):
        proposal = extract("大阪市とシカゴ市は2025年1月14日に姉妹都市協定を締結した。")
        assert proposal.agreements[0].kind == "sister_city"
        assert proposal.agreements[0].signed_on == "2025-01-14"

    @pytest.mark.seed_releases
    def test_every_item_carries_evidence(self):
        proposal = extract((SEEDS / "000_95fa7161aed92843.txt").read_text())
        items = proposal.places + proposal.organizations + proposal.people + proposal.agreements
        assert all(item.evidence for item in items)


class TestFormats:
    def test_html_keeps_the_headline(self):
        doc = read(
            "<html><head><title>x</title></head><body><h1>Oulu and Sendai renew</h1>"
            "<p>The cities signed.</p><script>var a;</script></body></html>"
        )
        assert doc.headline == "Oulu and Sendai renew"
        assert "var a" not in doc.text

    def test_markdown_is_stripped(self):
        doc = read("# Headline\n\nThe **cities** signed a [contract](http://x).")
        assert doc.headline == "Headline"
        assert doc.sentences[-1] == "The cities signed a contract."

    def test_sentences_do_not_split_at_abbreviations_or_initials(self):
        doc = read(
            "Prof. Dr. Andreas Pinkwart met Georg K. Löer am 31. Mai 2021 in Essen. Dann ging er."
        )
        assert len(doc.sentences) == 2


def test_a_release_date_known_only_to_the_year_resolves_today_and_past_months():
    """The curator knows the year a release came out; the text says 'today'."""
    today = "The City of Oulu and the City of Sendai signed a cooperation agreement today."
    past = "The City of Oulu and the City of Sendai signed a partnership agreement this past July."
    assert extract(today, reference_date="2018").agreements[0].signed_on == "2018"
    assert extract(past, reference_date="2018").agreements[0].signed_on == "2018-07"
    assert extract(past).agreements[0].signed_on is None  # no year anywhere: left open


@pytest.mark.parametrize(
    "release",
    [
        "Oulu, 14 January 2025 - Mayor Kenji Sato of Sendai and Director Jaana Virtanen of "
        "Business Oulu signed a cooperation agreement today. The signing took place in the "
        "presence of Governor Ichiro Tanaka of Miyagi Prefecture.",
        "Düsseldorf, 31. Mai 2021 – Oberbürgermeister Stephan Keller und Präsident Taro Yamada "
        "unterzeichneten heute eine Kooperationsvereinbarung. Die Unterzeichnung fand im "
        "Beisein von Ministerpräsident Hendrik Wüst statt.",
    ],
)
def test_people_present_at_a_signing_are_participants_not_signatories(release):
    (agreement,) = extract(release).agreements
    assert len(agreement.signatories) == 2
    assert len(agreement.participants) == 1
    assert agreement.participants[0] not in {s.name for s in agreement.signatories}
