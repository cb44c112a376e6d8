"""The evaluation set, its gold files, the scoring and the evaluate_extraction command."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from assistant.evaluation import RELEASES_DIR, TEXT_SUFFIXES, own_releases
from assistant.evaluation.scoring import normalize_name, pair_agreements, score_release
from assistant.evaluation.seeds import FIXTURES_DIR, SeedGold, seed_releases
from assistant.evaluation.shape import shape_errors
from assistant.management.commands import evaluate_extraction


def proposal(**sections):
    return {"agreements": [], "places": [], "organizations": [], "people": [], **sections}


def agreement(title="Sister city agreement", kind="sister_city", signed_on="2024-05-07", **rest):
    return {
        "title": title,
        "kind": kind,
        "signed_on": signed_on,
        "valid_from": None,
        "valid_until": None,
        "signed_at": None,
        "parties": [],
        "signatories": [],
        "focus_areas": [],
        "renews_or_implements": None,
        **rest,
    }


PLACES = [
    {"name": "Osaka", "native_name": "大阪市", "kind": "city", "country": "JP"},
    {"name": "Chicago", "native_name": None, "kind": "city", "country": "US"},
]


class TestNormalizeName:
    def test_case_accents_and_whitespace_do_not_count(self):
        """'Tōhoku  university' and 'Tohoku University' are the same name."""
        assert normalize_name("Tōhoku  university") == normalize_name("Tohoku University")
        assert normalize_name("Mette Sørensen") == normalize_name("mette sorensen")
        assert normalize_name("Nürnberg") == "nurnberg"

    def test_punctuation_articles_and_honorifics_do_not_count(self):
        assert normalize_name("Prof. Dr. Andreas Pinkwart") == "andreas pinkwart"
        assert normalize_name("Mr. Kashiwagi") == "kashiwagi"
        assert normalize_name("The University of Sheffield") == "university of sheffield"
        assert normalize_name("Baden-Württemberg") == "baden wurttemberg"

    def test_a_name_that_is_only_a_title_is_kept(self):
        assert normalize_name("Dr.") == "dr"


class TestScoring:
    def test_a_perfect_proposal_scores_one_everywhere(self):
        gold = proposal(
            agreements=[
                agreement(
                    parties=[{"organization": None, "place": "Osaka", "country": "JP"}],
                    signatories=[
                        {"name": "Ellen Kowalczyk", "title": "Mayor", "organization": None}
                    ],
                    focus_areas=["culture"],
                    valid_until="2030",
                )
            ],
            places=PLACES,
            people=[{"name": "Ellen Kowalczyk", "titles": ["Mayor"]}],
        )
        for score in score_release(gold, gold).values():
            assert score.tp == score.gold == score.predicted
            assert score.precision in (1.0, None)
            assert score.recall in (1.0, None)

    def test_a_false_positive_lowers_precision_only(self):
        extra = {"name": "Detroit", "native_name": None, "kind": "city", "country": "US"}
        score = score_release(proposal(places=PLACES), proposal(places=[*PLACES, extra]))["places"]
        assert score.precision == pytest.approx(2 / 3)
        assert score.recall == 1.0
        assert score.false == ["Detroit"]

    def test_a_miss_lowers_recall_only(self):
        score = score_release(proposal(places=PLACES), proposal(places=PLACES[:1]))["places"]
        assert score.precision == 1.0
        assert score.recall == 0.5
        assert score.f1 == pytest.approx(2 / 3)
        assert score.missed == ["Chicago"]

    def test_a_gold_alias_counts_as_the_name(self):
        """'OIH' found for 'Osaka Innovation Hub' counts when the gold lists the alias."""
        gold = proposal(
            organizations=[
                {"name": "Osaka Innovation Hub", "kind": "innovation_hub", "aliases": ["OIH"]}
            ]
        )
        found = proposal(organizations=[{"name": "OIH", "kind": "innovation_hub"}])
        assert score_release(gold, found)["organizations"].tp == 1

    def test_an_extracted_abbreviation_counts_too(self):
        gold = proposal(organizations=[{"name": "OIH", "kind": "innovation_hub"}])
        found = proposal(
            organizations=[{"name": "Osaka Innovation Hub", "abbreviation": "OIH", "kind": "other"}]
        )
        assert score_release(gold, found)["organizations"].tp == 1

    def test_one_extracted_name_matches_one_gold_item(self):
        gold = proposal(people=[{"name": "Ito", "titles": []}, {"name": "Ito", "titles": []}])
        found = proposal(people=[{"name": "Mr. Ito", "titles": []}])
        score = score_release(gold, found)["people"]
        assert (score.tp, score.precision, score.recall) == (1, 1.0, 0.5)

    def test_signing_dates_are_compared_as_exact_strings(self):
        gold = proposal(agreements=[agreement(signed_on="2025-01-14")])
        close = proposal(agreements=[agreement(signed_on="2025-01")])
        score = score_release(gold, close)["signing_date"]
        assert (score.tp, score.predicted, score.gold) == (0, 1, 1)

    def test_kind_is_the_share_of_gold_agreements_with_the_right_kind(self):
        gold = proposal(
            agreements=[
                agreement("Renewed cooperation contract", "renewal", "2025-01-14"),
                agreement("MOU between the hospitals", "memorandum_of_understanding", "2025-01"),
            ]
        )
        found = proposal(
            agreements=[
                agreement("Renewed cooperation contract", "renewal", "2025-01-14"),
                agreement("MOU between the hospitals", "cooperation_agreement", "2025-01"),
            ]
        )
        scores = score_release(gold, found)
        assert scores["kind"].recall == 0.5
        assert scores["signing_date"].recall == 1.0

    def test_agreements_pair_by_title_and_date_not_by_order(self):
        gold = [
            agreement("Sister city affiliation", "sister_city", "1973"),
            agreement(
                "MOU between 1871 and the Osaka Innovation Hub",
                "memorandum_of_understanding",
                "2018",
            ),
        ]
        found = [
            agreement(
                "Memorandum of understanding: 1871 and Osaka Innovation Hub", "other", "2018"
            ),
            agreement("Sister city relationship", "sister_city", "1973"),
        ]
        assert pair_agreements(gold, found) == {0: 1, 1: 0}

    def test_an_unpaired_extracted_agreement_counts_against_precision(self):
        gold = proposal(agreements=[agreement()])
        found = proposal(
            agreements=[agreement(), agreement("Trade fair", "other", "2019", focus_areas=["smes"])]
        )
        scores = score_release(gold, found)
        assert scores["agreements"].precision == 0.5
        assert scores["focus_areas"].false == ["smes [unpaired Trade fair (2019)]"]

    def test_parties_match_by_organization_or_place_and_gold_aliases(self):
        gold = proposal(
            agreements=[
                agreement(
                    parties=[{"organization": "City of Osaka", "place": "Osaka", "country": "JP"}]
                )
            ],
            organizations=[
                {"name": "City of Osaka", "kind": "city_government", "aliases": ["大阪市"]}
            ],
        )
        found = proposal(
            agreements=[
                agreement(parties=[{"organization": "大阪市", "place": None, "country": None}])
            ]
        )
        assert score_release(gold, found)["parties"].tp == 1


def release_paths():
    return sorted(path for path in RELEASES_DIR.iterdir() if path.suffix in TEXT_SUFFIXES)


class TestOwnReleases:
    def test_the_set_is_large_and_varied_enough(self):
        """At least 8 releases, 3 in German, in .txt, .md and .html."""
        paths = release_paths()
        assert len(paths) >= 8
        assert {path.suffix for path in paths} == set(TEXT_SUFFIXES)
        german = [p for p in paths if " und " in p.read_text(encoding="utf-8")]
        assert len(german) >= 3

    def test_every_release_has_a_gold_file_and_every_gold_file_a_release(self):
        texts = {path.stem for path in release_paths()}
        golds = {path.stem for path in RELEASES_DIR.glob("*.json")}
        assert texts == golds

    @pytest.mark.parametrize("release", own_releases(), ids=lambda r: r.name)
    def test_gold_has_the_proposal_shape(self, release):
        assert shape_errors(release.gold) == []

    @pytest.mark.parametrize("release", own_releases(), ids=lambda r: r.name)
    def test_gold_names_occur_in_the_text(self, release):
        """Gold written by hand must not name what the text does not say."""
        text = normalize_name(release.path.read_text(encoding="utf-8"))
        for section in ("people", "places"):
            for item in release.gold[section]:
                names = [item["name"], *item.get("aliases", [])]
                assert any(normalize_name(name) in text for name in names), item["name"]
        for item in release.gold["agreements"]:
            for signatory in item["signatories"]:
                assert normalize_name(signatory["name"]) in text

    def test_every_kind_of_agreement_is_covered(self):
        kinds = {a["kind"] for r in own_releases() for a in r.gold["agreements"]}
        assert kinds >= {
            "sister_city",
            "friendship_city",
            "memorandum_of_understanding",
            "letter_of_intent",
            "cooperation_agreement",
            "partnership_agreement",
            "renewal",
        }


class TestShape:
    def test_errors_are_reported_with_their_place(self):
        bad = proposal(
            agreements=[agreement(kind="treaty", signed_on="14.01.2025", focus_areas=["space"])],
            places=[{"name": "Atlantis", "native_name": None, "kind": "city", "country": "XX"}],
        )
        errors = shape_errors(bad)
        assert "$.agreements[0].kind: 'treaty' is not one of the choices" in errors
        assert any("signed_on" in error for error in errors)
        assert any("unknown slug 'space'" in error for error in errors)
        assert "$.places[0].country: 'XX' is not one of the choices" in errors


SEEDS = {seed.name: seed for seed in seed_releases()}


class TestSeedGold:
    @pytest.fixture
    def seeds(self):
        return SEEDS

    def test_every_curated_release_yields_its_agreements(self, seeds):
        counts = {name: len(seed.gold["agreements"]) for name, seed in seeds.items()}
        assert counts == {
            "000-chicago-osaka-1871-oih": 3,
            "001-higashiosaka-ihk-duesseldorf": 1,
            "002-massachusetts-kanagawa": 1,
            "003-nrw-tokyo": 1,
            "004-oulu-sendai": 3,
        }

    @pytest.mark.parametrize(
        "name", [path.stem for path in sorted((FIXTURES_DIR / "releases").glob("*.yaml"))]
    )
    def test_seed_gold_has_the_proposal_shape(self, seeds, name):
        assert shape_errors(seeds[name].gold) == []

    def test_seed_gold_follows_the_yaml(self, seeds):
        """Spot checks against fixtures/releases/*.yaml."""
        data = yaml.safe_load(
            (FIXTURES_DIR / "releases" / "002-massachusetts-kanagawa.yaml").read_text()
        )
        mou = seeds["002-massachusetts-kanagawa"].gold["agreements"][0]
        assert mou["signed_on"] == str(data["agreements"][0]["signed"]) == "2014-05-07"
        assert mou["signed_at"] == "Nurses Hall, Massachusetts State House"
        assert [s["name"] for s in mou["signatories"]] == ["Deval Patrick", "Yuji Kuroiwa"]
        assert mou["signatories"][1]["organization"] == "Kanagawa Prefecture"

        oulu = seeds["004-oulu-sendai"].gold
        renewal = next(a for a in oulu["agreements"] if a["kind"] == "renewal")
        assert (renewal["valid_from"], renewal["valid_until"]) == ("2025", "2030")
        assert renewal["renews_or_implements"] == "Earlier Oulu–Sendai cooperation contract"
        assert {p["name"] for p in oulu["places"]} == {"Oulu", "Sendai", "Finland", "Japan"}

        chicago = seeds["000-chicago-osaka-1871-oih"].gold
        oih = next(o for o in chicago["organizations"] if o["name"] == "Osaka Innovation Hub")
        assert "OIH" in oih["aliases"]
        mou = next(a for a in chicago["agreements"] if a["kind"] == "memorandum_of_understanding")
        assert mou["renews_or_implements"] == "Japan-Chicago Partnership Agreement"

    def test_cited_records_declared_in_another_file_are_included(self, seeds):
        """002 cites the Ministry of Foreign Affairs of Japan, which 000 declares."""
        names = {o["name"] for o in seeds["002-massachusetts-kanagawa"].gold["organizations"]}
        assert "Ministry of Foreign Affairs of Japan" in names

    def test_a_remote_signing_is_a_video_conference(self, seeds):
        assert seeds["003-nrw-tokyo"].gold["agreements"][0]["signed_at"] == "video conference"

    def test_the_seed_file_names_come_from_the_sources(self):
        assert SeedGold().release("003-nrw-tokyo").file_name == "003_7777f5732622fa34.txt"


class FakeProposal:
    def __init__(self, data):
        self.data = data

    def as_json(self):
        return self.data


@pytest.fixture
def gold_extractor(monkeypatch):
    """Replace the extractor with one that returns each release's gold."""
    golds = {release.path.read_text(encoding="utf-8"): release.gold for release in own_releases()}

    def extract(text, **kwargs):
        return FakeProposal(golds.get(text, proposal()))

    monkeypatch.setattr(evaluate_extraction, "load_extractor", lambda: extract)


class TestCommand:
    def test_text_output_names_every_field(self, gold_extractor):
        out = StringIO()
        call_command("evaluate_extraction", "--set", "own", stdout=out)
        output = out.getvalue()
        assert "Set: own (10 releases)" in output
        for field in ("places", "organizations", "people", "signatories", "signing_date", "kind"):
            line = next(line for line in output.splitlines() if line.startswith(field))
            assert "1.00" in line

    def test_json_output_gives_precision_and_recall_per_set(self, gold_extractor):
        out = StringIO()
        call_command("evaluate_extraction", "--set", "own", "--format", "json", stdout=out)
        data = json.loads(out.getvalue())
        assert data["sets"]["own"]["fields"]["places"]["precision"] == 1.0
        assert data["overall"]["fields"]["kind"]["recall"] == 1.0

    def test_verbose_lists_misses_per_release(self, monkeypatch):
        monkeypatch.setattr(
            evaluate_extraction, "load_extractor", lambda: lambda text, **kw: FakeProposal({})
        )
        out = StringIO()
        call_command("evaluate_extraction", "--set", "own", "--verbose", stdout=out)
        output = out.getvalue()
        assert "== grand-rapids-utsunomiya-sister-city (own)" in output
        assert "missed  Ellen Kowalczyk" in output

    def test_seeds_are_read_from_the_seeds_directory(self, gold_extractor, tmp_path):
        for seed in seed_releases():
            (tmp_path / seed.file_name).write_text("An empty release.", encoding="utf-8")
        out = StringIO()
        call_command("evaluate_extraction", "--set", "all", "--seeds-dir", tmp_path, stdout=out)
        assert "Set: seeds (5 releases)" in out.getvalue()
        assert "Overall (15 releases)" in out.getvalue()
