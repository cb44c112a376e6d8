"""Synthetic directory data for load tests and benchmarks (``manage.py generate_directory``).

The generator builds a plausible directory on top of the real one: places in about
200 countries with names made from each country's sounds (and native names in its
script), the organizations based there, the people holding positions in them,
partnerships between places and agreements between places and organizations, each
agreement cited by a synthetic source.

Everything comes from ``random.Random`` seeded with the seed, one stream per phase,
and nothing depends on the database's ids, the batch size or the real data, so the
same seed always gives the same records (given the same pycountry release and
focus-area vocabulary). Rows go in with ``bulk_create`` a batch at
a time (no ``save()``, no signals, no history rows, no per-row queries).

Synthetic records are marked: every slug starts with ``syn-``, every source's
publisher is "Synthetic benchmark data", and place identifiers contain ``SYN``.
They only refer to each other (and to the focus-area vocabulary), never to real
records, so the real data's pages and rows stay exactly as they were.
"""

import bisect
import datetime
import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pycountry
from django.db import connection
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    Citation,
    FocusArea,
    PartyRole,
    Signatory,
    Source,
    SourceKind,
)
from partnerships.dates import DatePrecision, normalise
from partnerships.models import (
    IdentifierScheme,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    PartnershipStatus,
    Person,
    Place,
    PlaceIdentifier,
    PlaceName,
    Position,
    PublicationStatus,
)
from partnerships.models.partnerships import member_key_for

SLUG_PREFIX = "syn-"
SYNTHETIC_PUBLISHER = "Synthetic benchmark data"
# The latest date anything happens. Fixed rather than today, so a seed gives the
# same data whenever it runs.
LAST_DAY = datetime.date(2025, 6, 30)
FIRST_YEAR = 1955
PUBLISHED_FROM = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
PUBLISHED_UNTIL = datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)
MAX_COUNTRIES = 200
# Territories without towns of their own.
UNINHABITED = {"AQ", "BV", "GS", "HM", "IO", "PN", "TF", "UM"}
CURATED_MODELS = (Place, Organization, Person, Partnership, Agreement, Source)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind to generate; the rest follows from these."""

    places: int = 30_000
    organizations: int = 20_000
    people: int = 50_000
    agreements: int = 100_000

    @property
    def countries(self) -> int:
        return min(MAX_COUNTRIES, max(1, self.places // 5)) if self.places else 0

    @property
    def partnerships(self) -> int:
        return self.places // 3

    @property
    def sources(self) -> int:
        cited = self.agreements + self.partnerships
        return min(5_000, max(1, cited // 40)) if cited else 0


# --- Writing systems -------------------------------------------------------------

_VOWELS = "aiueo"  # the order of the kana rows below
_KANA = {
    "": ("ア", "イ", "ウ", "エ", "オ"),
    "k": ("カ", "キ", "ク", "ケ", "コ"),
    "g": ("ガ", "ギ", "グ", "ゲ", "ゴ"),
    "s": ("サ", "シ", "ス", "セ", "ソ"),
    "z": ("ザ", "ジ", "ズ", "ゼ", "ゾ"),
    "t": ("タ", "ティ", "トゥ", "テ", "ト"),
    "d": ("ダ", "ディ", "ドゥ", "デ", "ド"),
    "n": ("ナ", "ニ", "ヌ", "ネ", "ノ"),
    "h": ("ハ", "ヒ", "フ", "ヘ", "ホ"),
    "b": ("バ", "ビ", "ブ", "ベ", "ボ"),
    "p": ("パ", "ピ", "プ", "ペ", "ポ"),
    "m": ("マ", "ミ", "ム", "メ", "モ"),
    "y": ("ヤ", "イ", "ユ", "イェ", "ヨ"),
    "r": ("ラ", "リ", "ル", "レ", "ロ"),
    "w": ("ワ", "ウィ", "ウ", "ウェ", "ウォ"),
    "f": ("ファ", "フィ", "フ", "フェ", "フォ"),
    "v": ("ヴァ", "ヴィ", "ヴ", "ヴェ", "ヴォ"),
    "j": ("ジャ", "ジ", "ジュ", "ジェ", "ジョ"),
    "sh": ("シャ", "シ", "シュ", "シェ", "ショ"),
    "ch": ("チャ", "チ", "チュ", "チェ", "チョ"),
    "ts": ("ツァ", "ツィ", "ツ", "ツェ", "ツォ"),
}
_KANA_ONSETS = {
    "tsch": "ch",
    "sch": "sh",
    "sh": "sh",
    "ch": "ch",
    "ts": "ts",
    "th": "s",
    "ph": "f",
    "kh": "k",
    "gh": "g",
    "zh": "j",
    "l": "r",
    "c": "k",
    "q": "k",
    **{letter: letter for letter in "bdfghjkmnprstvwyz"},
}
# Katakana for a consonant with no vowel after it: Berg → ベルク, Hart → ハルト.
_KANA_BARE = {"t": 4, "d": 4, "ch": 1, "j": 1}

_CYRILLIC = {
    "shch": "щ",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "ch": "ч",
    "sh": "ш",
    "ya": "я",
    "yu": "ю",
    "ye": "е",
    "yo": "ё",
    **dict(zip("abvgdezijklmnoprstufhcwxq", "абвгдезийклмнопрстуфхквкк", strict=True)),
}
_GREEK = {
    "th": "θ",
    "ch": "χ",
    "ps": "ψ",
    "ph": "φ",
    "ks": "ξ",
    "ou": "ου",
    **dict(zip("abvgdezikl", "αββγδεζικλ", strict=True)),
    **dict(zip("mnxoprstyf", "μνξοπρστυφ", strict=True)),
    "u": "ου",
    "c": "κ",
    "j": "ι",
    "w": "ου",
    "q": "κ",
    "h": "",
}
_ARABIC = {
    "sh": "ش",
    "kh": "خ",
    "th": "ث",
    "dh": "ذ",
    "gh": "غ",
    **dict(zip("abtjhdrzsfqklmn", "ابتجهدرزسفقكلمن", strict=True)),
    **dict(zip("wyiuegpvco", "وييويجبفكو", strict=True)),
    "x": "كس",
}


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _transliterate(text: str, table: dict[str, str]) -> list[str]:
    """Map each word's letters greedily (longest match first); return the words."""
    words = []
    for word in re.split(r"[\s\-]+", ascii_fold(text).lower()):
        out, i = [], 0
        while i < len(word):
            for size in (4, 3, 2, 1):
                piece = word[i : i + size]
                if piece in table:
                    out.append(table[piece])
                    i += size
                    break
            else:
                i += 1
        if out:
            words.append("".join(out))
    return words


def katakana(text: str) -> str:
    """Write a Latin name in katakana as Japanese media would, roughly: Nordheim → ノルドヘイム."""
    words = []
    for word in re.split(r"[\s\-]+", ascii_fold(text).lower()):
        word = re.sub(r"[^a-z]", "", word).replace("x", "ks")
        out, i, last_vowel = [], 0, None
        while i < len(word):
            letter = word[i]
            if letter in _VOWELS or (
                letter == "y" and (i + 1 == len(word) or word[i + 1] not in _VOWELS)
            ):
                vowel = "i" if letter == "y" else letter
                out.append("ー" if vowel == last_vowel else _KANA[""][_VOWELS.index(vowel)])
                last_vowel, i = vowel, i + 1
                continue
            for size in (4, 3, 2, 1):
                onset = word[i : i + size]
                if onset in _KANA_ONSETS:
                    break
            row = _KANA_ONSETS[onset]
            i += size
            following = word[i] if i < len(word) else ""
            if following and following in _VOWELS:
                out.append(_KANA[row][_VOWELS.index(following)])
                last_vowel, i = following, i + 1
            elif row == "n":
                out.append("ン")
                last_vowel = None
            elif following and following == onset[-1]:
                out.append("ッ")
                last_vowel = None
            else:
                out.append(_KANA[row][_KANA_BARE.get(row, 2)])
                last_vowel = None
        if out:
            words.append("".join(out))
    return "・".join(words)


def cyrillic(text: str) -> str:
    def word(latin: str) -> str:
        # y is ы after a consonant and й after a vowel.
        latin = re.sub(r"(?<=[aeiou])y(?![aeiou])", "j", latin)
        latin = re.sub(r"y(?![aeiou])", "ы", latin)
        return "".join(_transliterate(latin, _CYRILLIC | {"ы": "ы"}))

    return " ".join(word(w).capitalize() for w in ascii_fold(text).lower().split())


def greek(text: str) -> str:
    words = _transliterate(text, _GREEK)
    return " ".join(re.sub("σ$", "ς", w).capitalize() for w in words)


def arabic(text: str) -> str:
    # Short a, e and o inside a word are not written; al- joins the next word.
    text = re.sub(r"(?<=[a-z])[aeo](?=[a-z])", "", ascii_fold(text).lower())
    text = re.sub(r"^al[\s\-]+", "al", text)
    return " ".join(_transliterate(text, _ARABIC))


GERMAN_SPELLING = (
    (r"\bSan\b", "Sankt"),
    (r"\bSaint-", "Sankt "),
    (r"\bNew\b", "Neu"),
)
# German transliteration of Russian, Japanese... names: Chelyabinsk → Tscheljabinsk.
GERMAN_TRANSLITERATION = (
    (r"(?<![st])ch", "tsch"),
    (r"\bCh", "Tsch"),
    (r"sh", "sch"),
    (r"\bSh", "Sch"),
    (r"zh", "sch"),
    (r"\bZh", "Sch"),
    (r"kh", "ch"),
    (r"\bKh", "Ch"),
    (r"\bY", "J"),
    (r"(?<=[a-z])y(?=[aeiou])", "j"),
    (r"\bV", "W"),
    (r"(?<=[aeiou])v", "w"),
)
TRANSLITERATED_STYLES = {"ru", "el", "ar", "ja", "zh", "ko"}


def german_exonym(name: str, style_name: str) -> str:
    """German spelling of a foreign name: Volgograd → Wolgograd, San Lucas → Sankt Lucas."""
    rules = GERMAN_SPELLING
    if style_name in TRANSLITERATED_STYLES:
        rules += GERMAN_TRANSLITERATION
        if style_name == "ru":
            rules = ((r"ts", "z"), *rules)
    for pattern, replacement in rules:
        name = re.sub(pattern, replacement, name)
    return name


# --- Naming styles -----------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How places and people of a group of countries are named.

    Morpheme styles (Japanese, Chinese, Korean) pair each Latin piece with its
    native spelling; transliterated styles (Cyrillic, Greek, Arabic) write the
    Latin name in the country's script; Latin styles have no separate native name.
    """

    roots: tuple = ()
    endings: tuple[str, ...] = ("",)
    prefixes: tuple[str, ...] = ()
    given: tuple = ()
    family_endings: tuple[str, ...] = ("",)
    morphemes: tuple[tuple[str, str], ...] = ()
    family: tuple[tuple[str, str], ...] = ()
    script: Callable[[str], str] | None = None
    native_suffix: dict = field(default_factory=dict)


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """'yama:山 kawa:川' → (('yama', '山'), ('kawa', '川'))."""
    return tuple(tuple(item.split(":")) for item in text.split())


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _given(text: str) -> tuple[tuple[str, str, bool], ...]:
    """'Ivan:Иван Olga:Ольга:f' → (latin, native, female) triples."""
    triples = []
    for item in text.split():
        latin, native, *female = item.split(":")
        triples.append((latin, native, bool(female)))
    return tuple(triples)


_JA_MORPHEMES = _pairs(
    "yama:山 kawa:川 ta:田 naka:中 mura:村 moto:本 shima:島 hara:原 mori:森 ki:木 "
    "ishi:石 matsu:松 oka:岡 saki:崎 no:野 hashi:橋 ike:池 kami:上 nishi:西 "
    "higashi:東 kita:北 minami:南 taka:高 fuji:藤 sawa:沢 mizu:水 hira:平 tsu:津 "
    "sato:里 kura:倉 tomi:富 naga:長 hama:浜 miya:宮 shiro:白 ao:青 wa:和 tsuru:鶴 "
    "sakura:桜 ura:浦 se:瀬 ne:根 iwa:岩 ushi:牛 kaga:加賀 tama:玉 chiba:千葉"
)
_ZH_MORPHEMES = _pairs(
    "bei:北 nan:南 dong:东 xi:西 shan:山 hai:海 jiang:江 he:河 hu:湖 yang:阳 an:安 "
    "ning:宁 tai:泰 hua:华 chang:长 qing:青 jin:金 lin:林 yuan:源 ping:平 kang:康 "
    "fu:福 zhou:州 xing:兴 guang:广 long:龙 feng:丰 de:德 ming:明 tian:天 wu:武 "
    "yun:云 jian:建 zhong:中 wen:文 hui:惠 bao:宝 cheng:成 shun:顺 li:丽"
)
_KO_MORPHEMES = _pairs(
    "seo:서 bu:부 san:산 dae:대 gu:구 in:인 cheon:천 gwang:광 ju:주 su:수 won:원 "
    "jeon:전 chang:창 po:포 hang:항 gyeong:경 gi:기 gang:강 mok:목 yeo:여 an:안 "
    "yang:양 hwa:화 song:송 jin:진 nam:남 dong:동 seong:성 hae:해 pyeong:평 "
    "cheong:청 min:민 ho:호 hyeon:현 yeong:영 ji:지 hye:혜 eun:은 jun:준 woo:우"
)


STYLES = {
    "ja": Style(
        morphemes=_JA_MORPHEMES,
        given=_given(
            "Hiroshi:浩 Takashi:隆 Kenji:健二 Yuki:由紀:f Akiko:明子:f Naoko:直子:f Makoto:誠 "
            "Satoshi:聡 Tomoko:智子:f Kazuo:和夫 Yoko:洋子:f Daisuke:大輔 Emi:恵美:f "
            "Shinji:伸二 Haruka:遥:f Ryo:亮 Masako:雅子:f Kenta:健太 Aya:彩:f Takumi:匠"
        ),
        native_suffix={
            "city": "市",
            "town": "町",
            "municipality": "村",
            "ward": "区",
            "county": "郡",
            "prefecture": "県",
        },
    ),
    "zh": Style(
        morphemes=_ZH_MORPHEMES,
        family=_pairs(
            "Wang:王 Li:李 Zhang:张 Liu:刘 Chen:陈 Yang:杨 Zhao:赵 Huang:黄 "
            "Zhou:周 Wu:吴 Xu:徐 Sun:孙 Ma:马 Zhu:朱 Hu:胡 Guo:郭"
        ),
        native_suffix={
            "city": "市",
            "town": "镇",
            "municipality": "市",
            "ward": "区",
            "county": "县",
            "province": "省",
        },
    ),
    "ko": Style(
        morphemes=_KO_MORPHEMES,
        family=_pairs(
            "Kim:김 Lee:이 Park:박 Choi:최 Jung:정 Kang:강 Cho:조 Yoon:윤 "
            "Jang:장 Lim:임 Han:한 Oh:오 Shin:신"
        ),
        native_suffix={
            "city": "시",
            "town": "읍",
            "municipality": "면",
            "ward": "구",
            "county": "군",
            "province": "도",
        },
    ),
    "ru": Style(
        roots=_words(
            "Nov Bel Kras Vol Tver Yar Orl Kur Smol Lip Sar Tom Irk Chel Bar Kaz Per Ryaz "
            "Vlad Zel Pod Ust Sos Kol Step Zar Ozer Gor"
        ),
        endings=_words("sk ovsk ograd ov insk evo ino ansk ovka any ets omir"),
        given=_given(
            "Ivan:Иван Olga:Ольга:f Sergei:Сергей Natalia:Наталья:f Dmitry:Дмитрий "
            "Elena:Елена:f Andrei:Андрей Irina:Ирина:f Alexei:Алексей Tatiana:Татьяна:f "
            "Mikhail:Михаил Svetlana:Светлана:f"
        ),
        family_endings=("ov", "ev", "in", "sky"),
        script=cyrillic,
    ),
    "el": Style(
        roots=_words(
            "Kal Ther Ath Lar Pat Vol Kor Xan Chal Ker Thes Ir Mes Arg Naf Sam Lef Pyr Dra Kav"
        ),
        endings=_words("amata ia os opolis ada ini ikos ona ani essa"),
        given=_given(
            "Nikos:Νίκος Maria:Μαρία:f Giorgos:Γιώργος Eleni:Ελένη:f Dimitris:Δημήτρης "
            "Katerina:Κατερίνα:f Kostas:Κώστας Sofia:Σοφία:f"
        ),
        family_endings=("opoulos", "akis", "idis", "atos", "iadis"),
        script=greek,
    ),
    "ar": Style(
        roots=_words(
            "Zar Qas Mad Rash Jab Kar Sal Dah Bar Nas Ham Tar Wad Sham Fal Khal Bayd Sur Hil Jaz"
        ),
        endings=_words("a iya an ra ar ah in un iyah"),
        prefixes=("Al ",),
        given=_given(
            "Ahmed:أحمد Fatima:فاطمة:f Omar:عمر Layla:ليلى:f Khalid:خالد Mariam:مريم:f "
            "Youssef:يوسف Nour:نور:f Hassan:حسن Amina:أمينة:f"
        ),
        family_endings=("i", "awi", "ani", ""),
        script=arabic,
    ),
    "de": Style(
        roots=_words(
            "Rot Lin Mün Hal Wald Eis Ros Brem Kö Star Fried Lud Erl Würz Gar Ober Nieder "
            "Neu Alt Stein Hoch Sonn Lau Bad Kirch Tann Mar Wei"
        ),
        endings=_words("burg heim dorf hausen stadt feld berg bach au ingen furt tal"),
        given=_words(
            "Klaus Anna Stefan Julia Thomas Katrin Jürgen Sabine Markus Petra Andreas Ute "
            "Michael Claudia Wolfgang Monika"
        ),
        family_endings=("mann", "er", "berg", "stein", "feld", "inger", "hoff"),
    ),
    "en": Style(
        roots=_words(
            "Ash Brook Clay Elm Fair Green Hart Mill North Oak Red Spring Stone West Wood "
            "Ham Bright Lan Wal Ches Brad Cam Dun Kings"
        ),
        endings=_words("ton field ford ville port bury wood dale mouth well by ham ridge worth"),
        prefixes=("New ", "Port ", "Lake ", "Mount ", "East ", "West "),
        given=_words(
            "James Sarah Michael Emily David Laura Robert Karen Daniel Rachel John Susan "
            "Matthew Jennifer Andrew Megan"
        ),
        family_endings=("son", "ley", "ton", "wood", "er", "ford", "ing"),
    ),
    "romance": Style(
        roots=_words(
            "Val Mont Bel Ros Mar Lor Cas Ter Vel Al Ca Ri Pa Cor Luc Ben Vi Mir Sol Gra Alc Tor"
        ),
        endings=_words("ville ano ona ella ara ia enza ago eira on uel ada ès ino"),
        prefixes=("San ", "Santa ", "Porto ", "Villa ", "Saint-"),
        given=_words(
            "Marco Sofia Luis Isabel Pierre Claire João Ana Giulia Carlos Lucía Antoine "
            "Francesca Miguel Camille Pedro"
        ),
        family_endings=("ez", "elli", "ini", "eira", "ier", "ano", "es", "one"),
    ),
    "nordic": Style(
        roots=_words("Ber Sten Lund Hel Ös Tro Vas Kal Mal Ry Sol Hol Fjäl Skå Bo Ny Gul Ål"),
        endings=_words("by stad vik holm berg sund köping havn dal ness fors"),
        given=_words("Lars Ingrid Anders Sofie Erik Karin Nils Astrid Magnus Freja Ole Sigrid"),
        family_endings=("sson", "sen", "lund", "berg", "ström", "dahl"),
    ),
    "fi": Style(
        roots=_words("Ou Rova Kuo Joen Lap Sei Hä Ky Ii Kaja Sal Vaa Kok Rau Pori Tor Mik Var"),
        endings=_words("la järvi koski niemi joki lahti salo mäki nen vaara"),
        given=_words("Mikko Aino Juha Liisa Timo Sanna Jari Hanna Pekka Riikka Ville Kaisa"),
        family_endings=("nen", "la", "inen", "lä", "kangas", "salo"),
    ),
    "slavic": Style(
        roots=_words("Kra Wro Lub Pol Zla Byd Ost Gli Rad Kos Ple Tor Bel Nov Jab Zam Sie Brod"),
        endings=_words("ów ice ava ec nik no ov any ín ograd ice ovo"),
        given=_words("Piotr Anna Jan Katarzyna Tomáš Petra Marek Eva Luka Ivana Pavel Maja"),
        family_endings=("ski", "ak", "ek", "ić", "ovič", "czyk"),
    ),
    "turkic": Style(
        roots=_words("Kay Er Ak Kara Bur Es Bal Tek Dem Yal Ay Sar Çan Gök Kır Ned Ala"),
        endings=_words("kent abad lı sar ova köy han dağ ören pınar"),
        given=_words("Mehmet Ayşe Emre Elif Murat Zeynep Ali Fatma Kemal Deniz Rustam Aziza"),
        family_endings=("oğlu", "er", "kaya", "han", "tepe", "ov"),
    ),
    "indic": Style(
        roots=_words("Ra Cha Han Go Sri Man Jai Bha Lak Kan Nag Sur Ud Mad Vis Am Ko Dhar"),
        endings=_words("pur abad nagar garh ganj pura ur wadi kot patnam"),
        given=_words("Rahul Priya Amit Sunita Vikram Anjali Arjun Kavita Rohan Deepa Sanjay Meera"),
        family_endings=("kar", "wal", "an", "ani", "esh", "ya"),
    ),
    "malay": Style(
        roots=_words("Ban Su Ma Ta Ke Pa Bu Sa Lu Ja Ka Pe Se Ba Ti"),
        endings=_words("ngan bang jaya rang tan dung kota ang lung gara ran"),
        prefixes=("Kota ", "Bandar ", "Tanjung ", "Kuala ", "Pulau "),
        given=_words("Budi Siti Agus Dewi Ahmad Nurul Rizal Putri Hendra Ayu Joko Maria"),
        family_endings=("wan", "to", "di", "man", "sari", "ng"),
    ),
    "bantu": Style(
        roots=_words("Ki Mo Ba Nya Lu Ma Mwa Bu Ka Ta Ze Ndo Mu Ga Chi Se"),
        endings=_words("ni mbo ngo kuru basa wanza ma nda gwe la ra"),
        given=_words("Kwame Amina Juma Neema Tendai Chipo Baraka Zawadi Sipho Thandi Kofi Ama"),
        family_endings=("ngo", "we", "ama", "uru", "ala", "ezi"),
    ),
    "generic": Style(
        roots=_words("Ba Del Fa Gor Ka Lem Mo Nar Pe Ro Sa Tal Vo Zan Bel Kor Mar Tor Ol Ur"),
        endings=_words("a ia o an ar el is un ora ani"),
        given=_words("Alex Maria Daniel Elena Samuel Nadia Adam Lina David Sara Omar Leila"),
        family_endings=("son", "ez", "ov", "er", "i", "an"),
    ),
}

_STYLE_COUNTRIES = {
    "ja": "JP",
    "zh": "CN TW HK MO SG",
    "ko": "KR KP",
    "ru": "RU UA BY BG RS MK KZ KG TJ MN",
    "el": "GR CY",
    "ar": "SA AE EG MA DZ TN LY JO LB SY IQ KW QA BH OM YE SD MR PS",
    "de": "DE AT CH LI LU",
    "en": "US GB CA AU NZ IE JM BS BB TT BZ BM ZA GH NG LR SL GM",
    "romance": (
        "FR BE IT ES PT BR MX AR CL CO PE VE EC BO PY UY CR PA GT HN SV NI DO CU PR RO MC SM "
        "AD VA MD AO MZ CV HT SN CI ML BF NE TG BJ CM GA CG CD MG"
    ),
    "nordic": "SE NO DK IS FO GL AX",
    "fi": "FI EE",
    "slavic": "PL CZ SK HR SI BA ME LV LT",
    "turkic": "TR AZ UZ TM",
    "indic": "IN NP BD LK PK",
    "malay": "ID MY BN PH TL",
    "bantu": "KE TZ UG RW BI ZM ZW MW BW NA LS SZ",
}
STYLE_OF_COUNTRY = {
    code: style for style, codes in _STYLE_COUNTRIES.items() for code in codes.split()
}

# Rough boxes (south, north, west, east) for the countries most partnerships involve;
# the others get a box of their own, made up from the seed.
COUNTRY_BOXES = {
    "JP": (31, 45, 130, 145),
    "US": (30, 48, -122, -72),
    "DE": (47.5, 54.8, 6, 15),
    "FI": (60, 69, 21, 30),
    "CN": (22, 45, 98, 124),
    "KR": (34.5, 38.3, 126.2, 129.5),
    "FR": (43, 50.5, -1.5, 7.5),
    "GB": (50.5, 57.5, -5, 1.5),
    "IT": (38, 46.5, 8, 18),
    "ES": (36.5, 43.5, -8.5, 3),
    "PT": (37, 42, -9, -7),
    "NL": (51.5, 53.3, 4, 7),
    "BE": (49.6, 51.4, 3, 6),
    "AT": (46.5, 48.8, 10, 16.8),
    "CH": (46, 47.7, 6.2, 10.3),
    "PL": (49.5, 54.5, 14.5, 23.5),
    "CZ": (48.8, 50.9, 12.3, 18.5),
    "SE": (56, 67, 12, 23),
    "NO": (58.2, 70, 5.5, 25),
    "DK": (54.8, 57.6, 8.2, 12.6),
    "RU": (45, 65, 30, 135),
    "UA": (45.5, 51.8, 23, 39.5),
    "TR": (36.5, 41.5, 27, 44),
    "GR": (35, 41.5, 20.5, 26.5),
    "IN": (9, 30, 70, 88),
    "ID": (-8, 5, 95, 140),
    "MY": (1.5, 6.5, 100.5, 118),
    "TH": (7, 20, 98, 104),
    "VN": (9, 22.5, 103, 109.5),
    "PH": (6, 18.5, 118, 126),
    "AU": (-38, -12, 115, 153),
    "NZ": (-46, -35, 167, 178),
    "CA": (43, 54, -123, -65),
    "MX": (16, 31, -116, -87),
    "BR": (-30, -3, -60, -35),
    "AR": (-45, -23, -70, -56),
    "CL": (-42, -18, -73, -70),
    "CO": (0, 11, -77, -70),
    "PE": (-17, -4, -80, -70),
    "ZA": (-34, -23, 18, 32),
    "NG": (5, 13, 3, 14),
    "EG": (22, 31.5, 25, 34),
    "KE": (-4.5, 4.5, 34, 41.5),
    "MA": (29, 35.8, -10, -2),
    "SA": (17, 31, 37, 50),
    "AE": (23, 26, 51.5, 56.3),
    "IL": (29.5, 33.3, 34.3, 35.8),
    "IR": (26, 39, 45, 61),
    "PK": (24, 36, 61, 75),
    "BD": (21, 26.5, 88, 92.5),
    "TW": (22, 25.3, 120, 122),
    "HK": (22.2, 22.5, 113.9, 114.3),
    "SG": (1.25, 1.45, 103.65, 104),
    "IE": (51.5, 55.3, -10, -6),
    "HU": (45.8, 48.5, 16.2, 22.8),
    "RO": (43.8, 48.2, 20.3, 29.6),
    "BG": (41.3, 44.2, 22.4, 28.5),
    "RS": (42.3, 46.1, 19, 22.9),
    "HR": (42.5, 46.5, 13.6, 19.4),
    "KZ": (42, 54, 50, 85),
    "MN": (42, 51, 88, 118),
    "EE": (57.6, 59.6, 22, 28.1),
    "LV": (55.7, 58, 21, 28.2),
    "LT": (53.9, 56.4, 21, 26.8),
    "IS": (63.4, 66.5, -24, -13.5),
    "SK": (47.8, 49.6, 17, 22.5),
    "SI": (45.4, 46.9, 13.4, 16.6),
    "NP": (26.4, 30.4, 80, 88.2),
    "LK": (6, 9.8, 79.7, 81.9),
}

# Where the other countries of a naming style lie, roughly; None: anywhere.
STYLE_AREAS = {
    "ar": (13, 33, -10, 55),
    "bantu": (-25, 5, 25, 40),
    "malay": (-8, 15, 95, 125),
    "indic": (8, 30, 68, 92),
    "turkic": (36, 45, 28, 65),
    "ru": (42, 58, 20, 90),
    "slavic": (42, 55, 14, 28),
    "nordic": (55, 70, 5, 30),
    "fi": (57, 66, 21, 30),
    "de": (46, 50, 6, 11),
    "zh": (20, 40, 100, 122),
    "ko": (34, 42, 124, 130),
    "el": (34, 41, 20, 34),
}

REGION_KIND = {
    **dict.fromkeys(("US", "AU", "BR", "MX", "IN", "DE", "AT", "NG", "MY", "VE"), "state"),
    "JP": "prefecture",
    **dict.fromkeys(("CN", "KR", "CA", "ES", "IT", "AR", "ZA", "NL", "BE", "TR"), "province"),
}
REGION_LABEL = {"prefecture": "{} Prefecture", "province": "{} Province"}
LOCAL_KINDS = ("city", "town", "municipality", "county", "ward")
LOCAL_KIND_WEIGHTS = (82, 8, 5, 3, 2)
REGION_SHARE = 0.08
JAPANESE_SUFFIX = {"state": "州", "province": "州"}

# --- Organizations, positions, agreements ------------------------------------------

K = OrganizationKind
ORGANIZATION_KINDS = (
    (K.CITY_GOVERNMENT, 12),
    (K.REGIONAL_GOVERNMENT, 4),
    (K.NATIONAL_MINISTRY, 2),
    (K.GOVERNMENT_AGENCY, 6),
    (K.CHAMBER_OF_COMMERCE, 8),
    (K.INNOVATION_HUB, 6),
    (K.ECONOMIC_DEVELOPMENT, 6),
    (K.UNIVERSITY, 14),
    (K.HOSPITAL, 6),
    (K.CONSULATE, 4),
    (K.BUSINESS_ASSOCIATION, 6),
    (K.COMPANY, 20),
    (K.NONPROFIT, 5),
    (K.OTHER, 1),
)
GOVERNMENTS = {K.CITY_GOVERNMENT, K.REGIONAL_GOVERNMENT}
ORGANIZATION_NAMES = {
    K.CITY_GOVERNMENT: ("City of {p}", "{p} City Government", "{p} Municipal Government"),
    K.REGIONAL_GOVERNMENT: ("{p} Government", "Government of {p}", "{p} Regional Council"),
    K.NATIONAL_MINISTRY: (
        "Ministry of Economy of {c}",
        "Ministry of Foreign Affairs of {c}",
        "Ministry of Education of {c}",
        "Ministry of Health of {c}",
        "Ministry of Trade and Industry of {c}",
        "Ministry of Science and Technology of {c}",
    ),
    K.GOVERNMENT_AGENCY: (
        "{p} Trade and Investment Office",
        "{p} Tourism Bureau",
        "{p} International Affairs Office",
        "{p} Port Authority",
    ),
    K.CHAMBER_OF_COMMERCE: ("{p} Chamber of Commerce and Industry", "{p} Chamber of Commerce"),
    K.INNOVATION_HUB: (
        "{p} Innovation Hub",
        "{p} Startup Center",
        "{p} Science Park",
        "{p} Technology Incubator",
    ),
    K.ECONOMIC_DEVELOPMENT: (
        "{p} Economic Development Agency",
        "Invest {p}",
        "{p} Business Development Corporation",
    ),
    K.UNIVERSITY: (
        "University of {p}",
        "{p} Institute of Technology",
        "{p} Medical University",
        "{p} University of Applied Sciences",
        "{p} International University",
    ),
    K.HOSPITAL: ("{p} University Hospital", "{p} General Hospital", "{p} Medical Center"),
    K.CONSULATE: ("Consulate General of {o} in {p}",),
    K.BUSINESS_ASSOCIATION: (
        "{p} Business Association",
        "{p} Industry Federation",
        "{p} Association of Small Businesses",
    ),
    K.COMPANY: (
        "{s} Industries",
        "{s} Holdings",
        "{s} Systems",
        "{s} Pharma",
        "{s} Robotics",
        "{s} Logistics",
        "{s} Electronics",
        "{s} Energy",
        "{s} Biotech",
        "{s} Software",
    ),
    K.NONPROFIT: (
        "{p} International Exchange Association",
        "{p} Friendship Society",
        "{p} Foundation for International Cooperation",
    ),
    K.OTHER: ("{p} Convention and Visitors Bureau",),
}
# Native names of organizations for the scripts whose places have one: {n} is the
# place's native name, {c} its stem without 市, 県...
NATIVE_ORGANIZATION_NAMES = {
    "ja": {
        K.CITY_GOVERNMENT: "{n}役所",
        K.REGIONAL_GOVERNMENT: "{n}庁",
        K.UNIVERSITY: "{c}大学",
        K.CHAMBER_OF_COMMERCE: "{c}商工会議所",
        K.HOSPITAL: "{c}病院",
    },
    "zh": {K.CITY_GOVERNMENT: "{n}人民政府", K.UNIVERSITY: "{c}大学", K.HOSPITAL: "{c}医院"},
    "ko": {K.CITY_GOVERNMENT: "{n}청", K.UNIVERSITY: "{c}대학교", K.HOSPITAL: "{c}병원"},
    "de": {
        K.CITY_GOVERNMENT: "Stadt {n}",
        K.UNIVERSITY: "Universität {n}",
        K.CHAMBER_OF_COMMERCE: "Industrie- und Handelskammer {n}",
    },
}
COMPANY_FORMS = {"ja": "Co., Ltd.", "de": "GmbH", "en": "Inc.", "romance": "S.A.", "nordic": "AB"}
SMALL_WORDS = {"of", "and", "in", "the", "for"}

# (English, German, Japanese) titles by organization kind, most senior first.
TITLES = {
    K.CITY_GOVERNMENT: (
        ("Mayor", "Oberbürgermeister", "市長"),
        ("Deputy Mayor", "Bürgermeister", "副市長"),
        (
            "Director of International Affairs",
            "Leiter für internationale Angelegenheiten",
            "国際部長",
        ),
        ("City Council Member", "Stadtrat", "市議会議員"),
    ),
    K.REGIONAL_GOVERNMENT: (
        ("Governor", "Ministerpräsident", "知事"),
        ("Vice Governor", "Staatssekretär", "副知事"),
        ("Minister for Economic Affairs", "Minister für Wirtschaft", "産業労働部長"),
    ),
    K.NATIONAL_MINISTRY: (
        ("Minister", "Bundesminister", "大臣"),
        ("State Secretary", "Staatssekretär", "副大臣"),
        ("Director General", "Ministerialdirektor", "局長"),
    ),
    K.GOVERNMENT_AGENCY: (
        ("Director", "Direktor", "所長"),
        ("Head of Office", "Büroleiter", "室長"),
    ),
    K.CHAMBER_OF_COMMERCE: (
        ("President", "Präsident", "会頭"),
        ("Managing Director", "Hauptgeschäftsführer", "専務理事"),
    ),
    K.INNOVATION_HUB: (
        ("Managing Director", "Geschäftsführer", "代表"),
        ("Head of Startup Programs", "Leiter Startup-Programme", "スタートアップ支援部長"),
    ),
    K.ECONOMIC_DEVELOPMENT: (
        ("Chief Executive Officer", "Geschäftsführer", "理事長"),
        ("Director of Investment Promotion", "Leiter Investorenwerbung", "投資誘致部長"),
    ),
    K.UNIVERSITY: (
        ("President", "Präsident", "学長"),
        ("Vice President for International Affairs", "Vizepräsident für Internationales", "副学長"),
        ("Professor", "Professor", "教授"),
        ("Dean", "Dekan", "学部長"),
    ),
    K.HOSPITAL: (
        ("Hospital Director", "Ärztlicher Direktor", "病院長"),
        ("Chief Physician", "Chefarzt", "診療部長"),
    ),
    K.CONSULATE: (("Consul General", "Generalkonsul", "総領事"), ("Consul", "Konsul", "領事")),
    K.BUSINESS_ASSOCIATION: (
        ("Chair", "Vorsitzender", "会長"),
        ("Secretary General", "Generalsekretär", "事務局長"),
    ),
    K.COMPANY: (
        ("Chief Executive Officer", "Vorstandsvorsitzender", "代表取締役社長"),
        ("Managing Director", "Geschäftsführer", "取締役"),
        ("Head of International Business", "Leiter Internationales Geschäft", "国際事業部長"),
    ),
    K.NONPROFIT: (
        ("Chair", "Vorsitzender", "理事長"),
        ("Executive Director", "Geschäftsführer", "事務局長"),
    ),
    K.OTHER: (("Director", "Direktor", "所長"),),
}

A = AgreementKind
AGREEMENT_KINDS = (
    (A.MEMORANDUM, 35),
    (A.COOPERATION, 20),
    (A.LETTER_OF_INTENT, 10),
    (A.PARTNERSHIP, 10),
    (A.SISTER_CITY, 8),
    (A.FRIENDSHIP_CITY, 7),
    (A.RENEWAL, 5),
    (A.OTHER, 5),
)
# (English, German, Japanese) document names.
AGREEMENT_TITLES = {
    A.MEMORANDUM: ("Memorandum of Understanding", "Absichtserklärung", "覚書"),
    A.COOPERATION: ("Cooperation Agreement", "Kooperationsvereinbarung", "協力協定"),
    A.LETTER_OF_INTENT: ("Letter of Intent", "Letter of Intent", "趣意書"),
    A.PARTNERSHIP: ("Partnership Agreement", "Partnerschaftsvereinbarung", "パートナーシップ協定"),
    A.SISTER_CITY: (
        "Sister City Affiliation Agreement",
        "Städtepartnerschaftsvertrag",
        "姉妹都市提携書",
    ),
    A.FRIENDSHIP_CITY: (
        "Friendship City Agreement",
        "Freundschaftsvereinbarung",
        "友好都市提携協定書",
    ),
    A.RENEWAL: (
        "Renewal of the Partnership Agreement",
        "Verlängerung der Partnerschaftsvereinbarung",
        "提携更新協定書",
    ),
    A.OTHER: ("Joint Declaration", "Gemeinsame Erklärung", "共同声明"),
}
TOPICAL_KINDS = {A.MEMORANDUM, A.COOPERATION, A.LETTER_OF_INTENT, A.PARTNERSHIP}
PARTNERSHIP_AGREEMENTS = {A.SISTER_CITY, A.FRIENDSHIP_CITY, A.RENEWAL}
EXTRA_ROLES = (PartyRole.PARTNER, PartyRole.FACILITATOR, PartyRole.SUPPORTING_PARTNER)
PARTNERSHIP_KINDS = (
    (PartnershipKind.SISTER_CITY, 50),
    (PartnershipKind.FRIENDSHIP_CITY, 25),
    (PartnershipKind.COOPERATION, 20),
    (PartnershipKind.OTHER, 5),
)
# English on purpose: the active language must not change the generated data.
PARTNERSHIP_LABELS = {
    PartnershipKind.SISTER_CITY: "Sister cities",
    PartnershipKind.FRIENDSHIP_CITY: "Friendship cities",
    PartnershipKind.SISTER_STATE: "Sister states",
    PartnershipKind.COOPERATION: "Cooperation",
    PartnershipKind.OTHER: "Partnership",
}
PARTNERSHIP_STATUSES = (
    (PartnershipStatus.ACTIVE, 85),
    (PartnershipStatus.DORMANT, 10),
    (PartnershipStatus.ENDED, 5),
)
PRECISIONS = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)
PRECISION_WEIGHTS = (70, 20, 10)


# --- Small helpers -----------------------------------------------------------------


def weighted(rng: random.Random, pairs):
    """Pick from (value, weight) pairs."""
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def random_day(rng: random.Random, first_year: int = FIRST_YEAR, recent: float = 14.0):
    """A day between ``first_year`` and LAST_DAY, more often recent than not."""
    year = max(first_year, LAST_DAY.year - int(rng.expovariate(1 / recent)))
    first = datetime.date(year, 1, 1).toordinal()
    last = min(datetime.date(year, 12, 31), LAST_DAY).toordinal()
    return datetime.date.fromordinal(rng.randint(first, last))


def partial(rng: random.Random, day: datetime.date, weights=PRECISION_WEIGHTS):
    """Return (value, precision), the value normalised to the start of its period."""
    precision = rng.choices(PRECISIONS, weights=weights)[0]
    return normalise(day, precision), precision


def last_day_of(value: datetime.date, precision: str) -> datetime.date:
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        following = value.replace(day=28) + datetime.timedelta(days=4)
        return following - datetime.timedelta(days=following.day)
    return value


def published_moment(rng: random.Random, after: datetime.date | None = None):
    """When a record went public: shortly after ``after``, else some time since 2019."""
    if after is None:
        span = int((PUBLISHED_UNTIL - PUBLISHED_FROM).total_seconds())
        return PUBLISHED_FROM + datetime.timedelta(seconds=rng.randrange(span))
    moment = datetime.datetime.combine(
        after + datetime.timedelta(days=rng.randint(0, 45)),
        datetime.time(9, tzinfo=datetime.UTC),
    ) + datetime.timedelta(minutes=rng.randrange(600))
    return min(moment, PUBLISHED_UNTIL)


def _is_acronym(word: str) -> bool:
    return sum(letter.isupper() for letter in word) > 1


def in_title(name: str) -> str:
    """'Big data' → 'Big Data', 'Health IT' stays."""
    return " ".join(w if _is_acronym(w) else w.capitalize() for w in name.split())


def in_sentence(name: str) -> str:
    """'Big data' → 'big data', 'Health IT' → 'health IT', 'SMEs' stays."""
    return " ".join(w if _is_acronym(w) else w.lower() for w in name.split())


def abbreviate(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in SMALL_WORDS]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


def make_slug(name: str, number: int) -> str:
    stem = slugify(name)[:80].strip("-") or "record"
    return f"{SLUG_PREFIX}{stem}-{number}"


def synthetic_records_exist() -> list[str]:
    """Name the record types that already hold synthetic rows (slugs starting syn-)."""
    return [
        str(model._meta.verbose_name_plural)
        for model in CURATED_MODELS
        if model.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    ]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    style: Style
    style_name: str
    box: tuple[float, float, float, float]
    weight: float
    region_kind: str


@dataclass(slots=True)
class PlaceSpec:
    country: int
    kind: str
    name: str
    native: str
    stem: str  # the native name without its 市/県 suffix, for organization names
    weight: float
    parent: int | None
    latitude: Decimal | None
    longitude: Decimal | None
    alternates: list[tuple[str, str]]


# --- The generator -----------------------------------------------------------------


class Generator:
    """Generate and bulk-insert a synthetic directory; see the module docstring."""

    def __init__(
        self,
        sizes: Sizes,
        seed: int = 1,
        batch_size: int = 5_000,
        progress: Progress | None = None,
    ):
        self.sizes = sizes
        self.seed = seed
        self.batch_size = batch_size
        self.progress = progress or (lambda phase, done, total: None)
        self.counts: dict[str, int] = {}

    def rng(self, phase: str) -> random.Random:
        """One stream per phase, so a phase's data does not shift when another changes."""
        return random.Random(f"{self.seed}:{phase}")

    def chunks(self, total: int) -> Iterator[range]:
        for start in range(0, total, self.batch_size):
            yield range(start, min(start + self.batch_size, total))

    def insert(self, model, objects: list, label: str | None = None) -> list:
        """Bulk-insert ``objects``; afterwards each has its primary key."""
        label = label or str(model._meta.verbose_name_plural)
        self.counts.setdefault(label, 0)
        if objects:
            model.objects.bulk_create(objects, batch_size=self.batch_size)
            self.counts[label] += len(objects)
        return objects

    def country_style(self, country_index: int) -> Style:
        return self.countries[country_index].style if country_index >= 0 else STYLES["generic"]

    def country_style_name(self, country_index: int) -> str:
        return self.countries[country_index].style_name if country_index >= 0 else "generic"

    def run(self) -> dict[str, int]:
        """Generate everything; the caller provides the transaction."""
        if not connection.features.can_return_rows_from_bulk_insert:
            raise RuntimeError("The database must return ids from bulk inserts.")
        if self.sizes.agreements and self.sizes.places + self.sizes.organizations < 2:
            raise ValueError("Agreements need two or more places or organizations as parties.")
        self.focus_areas = list(FocusArea.objects.order_by("slug").values_list("id", "name"))
        self.make_countries()
        self.make_places()
        self.make_organizations()
        self.make_people()
        self.make_sources()
        self.make_partnerships()
        self.make_agreements()
        return self.counts

    # Countries ------------------------------------------------------------------

    def make_countries(self) -> None:
        rng = self.rng("countries")
        codes = sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in UNINHABITED)
        major = [code for code in codes if code in COUNTRY_BOXES]
        others = [code for code in codes if code not in COUNTRY_BOXES]
        count = min(self.sizes.countries, len(codes))
        chosen = rng.sample(major, min(count, len(major)))
        chosen += rng.sample(others, count - len(chosen))
        self.countries = []
        for code in chosen:
            country = pycountry.countries.get(alpha_2=code)
            weight = min(40.0, rng.paretovariate(1.2)) * (4 if code in COUNTRY_BOXES else 1)
            style_name = STYLE_OF_COUNTRY.get(code, "generic")
            if code in COUNTRY_BOXES:
                box = COUNTRY_BOXES[code]
            else:
                # A made-up box in the style's part of the world, larger for countries
                # with more places.
                south, north, west, east = STYLE_AREAS.get(style_name, (-40, 60, -165, 170))
                half = 1 + 3 * min(1.0, weight / 10)
                lat, lon = rng.uniform(south, north), rng.uniform(west, east)
                box = (lat - half, lat + half, lon - half * 1.4, lon + half * 1.4)
            self.countries.append(
                Country(
                    code=code,
                    name=getattr(country, "common_name", country.name),
                    style=STYLES[style_name],
                    style_name=style_name,
                    box=box,
                    weight=weight,
                    region_kind=REGION_KIND.get(
                        code, "province" if style_name in ("zh", "ko", "romance") else "region"
                    ),
                )
            )

    # Names ----------------------------------------------------------------------

    def stem_name(self, rng: random.Random, style: Style) -> tuple[str, str]:
        """A place-like word in the style: (Latin, native stem or '')."""
        if style.morphemes:
            parts = rng.sample(style.morphemes, 2 if rng.random() < 0.8 else 3)
            latin = "".join(p[0] for p in parts).capitalize()
            return latin, "".join(p[1] for p in parts)
        root = rng.choice(style.roots)
        if rng.random() < 0.4:
            root += rng.choice(style.roots).lower()
        ending = rng.choice(style.endings)
        vowels = "aeiouäöüåy"
        if style.script and root[-1] not in vowels and ending[:1] not in ("", *vowels):
            root += "o"  # Krasnoyarsk, not Krasyarsk
        latin = (root + ending).capitalize()
        if style.prefixes and rng.random() < 0.12:
            latin = rng.choice(style.prefixes) + latin
        native = style.script(latin) if style.script else ""
        return latin, native

    def person_name(self, rng: random.Random, style: Style) -> tuple[str, str]:
        """(name as written in English, native name or '')."""
        if style.family:  # Chinese and Korean: family name first, given name of two syllables
            family_latin, family_native = rng.choice(style.family)
            parts = rng.sample(style.morphemes, 2)
            given_latin = "".join(p[0] for p in parts).capitalize()
            given_native = "".join(p[1] for p in parts)
            return f"{family_latin} {given_latin}", family_native + given_native
        given = rng.choice(style.given)
        if style.morphemes:  # Japanese: a family name of place-name morphemes, written first
            parts = rng.sample(style.morphemes, 2)
            family = "".join(p[0] for p in parts).capitalize()
            return f"{given[0]} {family}", "".join(p[1] for p in parts) + given[1]
        root = rng.choice(style.roots).capitalize()
        if rng.random() < 0.4:
            root += rng.choice(style.roots).lower()
        ending = rng.choice(style.family_endings)
        if style.script is None:
            return f"{given} {root}{ending}", ""
        latin_given, native_given, female = given
        if female and style is STYLES["ru"]:
            ending = {"sky": "skaya"}.get(ending, ending + "a")
        family = root + ending
        if female and style is STYLES["el"]:
            family = re.sub("os$", "ou", family).removesuffix("s")
        return f"{latin_given} {family}", f"{native_given} {style.script(family)}"

    # Places ---------------------------------------------------------------------

    def make_places(self) -> None:
        rng = self.rng("places")
        total = self.sizes.places
        countries = self.countries
        per_country = [0] * len(countries)
        for index in range(min(total, len(countries))):
            per_country[index] += 1
        if total > len(countries):
            weights = [c.weight for c in countries]
            for index in rng.choices(
                range(len(countries)), weights=weights, k=total - len(countries)
            ):
                per_country[index] += 1

        regions_of: list[list[int]] = [[] for _ in countries]
        specs: list[PlaceSpec] = []
        region_counts = [max(1, round(n * REGION_SHARE)) if n >= 5 else 0 for n in per_country]
        # Regions first: the cities name one of them as parent.
        for country_index, regions in enumerate(region_counts):
            for _ in range(regions):
                regions_of[country_index].append(len(specs))
                specs.append(self.place_spec(rng, country_index, None))
        for country_index, n in enumerate(per_country):
            for _ in range(n - region_counts[country_index]):
                specs.append(self.place_spec(rng, country_index, regions_of[country_index]))
        region_total = sum(region_counts)

        self.place_ids: list[int] = []
        self.place_specs = specs
        identifier_number = 0
        done = 0
        for is_regions, (start, stop) in (
            (True, (0, region_total)),
            (False, (region_total, len(specs))),
        ):
            for chunk in self.chunks(stop - start):
                batch = [specs[start + i] for i in chunk]
                places = self.insert(
                    Place,
                    [
                        Place(
                            slug=make_slug(
                                f"{spec.name}-{countries[spec.country].code}", start + i + 1
                            ),
                            publication_status=PublicationStatus.PUBLISHED,
                            published_at=published_moment(rng),
                            name=spec.name,
                            native_name=spec.native,
                            kind=spec.kind,
                            country=countries[spec.country].code,
                            parent_id=None if spec.parent is None else self.place_ids[spec.parent],
                            latitude=spec.latitude,
                            longitude=spec.longitude,
                        )
                        for i, spec in zip(chunk, batch, strict=True)
                    ],
                )
                self.place_ids.extend(place.pk for place in places)
                names, identifiers = [], []
                for place, spec in zip(places, batch, strict=True):
                    names.extend(
                        PlaceName(place_id=place.pk, name=name, language=language)
                        for language, name in spec.alternates
                    )
                    if is_regions:
                        identifier_number += 1
                        identifiers.append(
                            PlaceIdentifier(
                                place_id=place.pk,
                                scheme=IdentifierScheme.ISO_3166_2,
                                value=f"{place.country}-SYN{identifier_number:05d}",
                            )
                        )
                self.insert(PlaceName, names)
                self.insert(PlaceIdentifier, identifiers)
                done += len(chunk)
                self.progress("places", done, total)

        # Sampling weights: big cities get more partners, regions fewer.
        self.place_cumulative = []
        running = 0.0
        for spec in specs:
            running += spec.weight if spec.kind in LOCAL_KINDS else spec.weight / 3
            self.place_cumulative.append(running)
        self.region_places = [i for i, spec in enumerate(specs) if spec.kind not in LOCAL_KINDS]

    def place_spec(self, rng: random.Random, country_index: int, regions: list[int] | None):
        country = self.countries[country_index]
        style = country.style
        is_region = regions is None
        kind = country.region_kind if is_region else rng.choices(LOCAL_KINDS, LOCAL_KIND_WEIGHTS)[0]
        stem, native_stem = self.stem_name(rng, style)
        name = stem
        if is_region:
            label = REGION_LABEL.get(kind, "{}")
            if kind == "region" and rng.random() < 0.4:
                label = "{} Region"
            name = label.format(stem)
        elif kind == "county" and style is STYLES["en"]:
            name = f"{stem} County"
        native = native_stem + style.native_suffix.get(kind, "") if native_stem else ""
        south, north, west, east = country.box
        latitude = longitude = None
        if rng.random() < 0.95:
            latitude = Decimal(f"{max(-89.9, min(89.9, rng.uniform(south, north))):.5f}")
            longitude = Decimal(f"{max(-179.9, min(179.9, rng.uniform(west, east))):.5f}")
        weight = min(60.0, rng.paretovariate(1.1))
        alternates: dict[tuple[str, str], None] = {}
        share = min(0.9, 0.12 + weight / 20 + (0.3 if is_region else 0))
        if country.code != "JP" and rng.random() < share:
            # Japanese writes Chinese places in kanji and the others in katakana.
            if style is STYLES["zh"]:
                alternates["ja", native] = None
            else:
                alternates["ja", katakana(stem) + JAPANESE_SUFFIX.get(kind, "")] = None
        if rng.random() < share:
            exonym = german_exonym(name, country.style_name)
            if exonym != name:
                alternates["de", exonym] = None
        if rng.random() < share / 2:
            english = {
                "city": f"City of {stem}",
                "prefecture": f"{stem}-ken",
                "state": f"State of {stem}",
                "province": f"{stem} Province" if name == stem else stem,
            }.get(kind, f"{stem} {kind.capitalize()}")
            if english != name:
                alternates["en", english] = None
        parent = None
        if regions and rng.random() < 0.85:
            parent = rng.choice(regions)
        return PlaceSpec(
            country=country_index,
            kind=kind,
            name=name,
            native=native,
            stem=native_stem,
            weight=weight,
            parent=parent,
            latitude=latitude,
            longitude=longitude,
            alternates=[(language, text) for language, text in alternates],
        )

    def random_place(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.place_cumulative, rng.random() * self.place_cumulative[-1])

    # Organizations --------------------------------------------------------------

    def make_organizations(self) -> None:
        rng = self.rng("organizations")
        total = self.sizes.organizations
        specs = self.place_specs
        taken_governments: set[tuple[int, str]] = set()
        self.org_ids: list[int] = []
        self.org_labels: list[str] = []
        self.org_natives: list[str] = []
        self.org_places: list[int | None] = []
        self.org_countries: list[int] = []
        self.org_kinds: list[str] = []
        self.orgs_of_place: dict[int, list[int]] = {}
        for chunk in self.chunks(total):
            organizations = []
            for number in chunk:
                place = self.random_place(rng) if specs else None
                kind = weighted(rng, ORGANIZATION_KINDS)
                if place is not None:
                    spec = specs[place]
                    is_region = spec.kind not in LOCAL_KINDS
                    if kind == K.CITY_GOVERNMENT and is_region:
                        kind = K.REGIONAL_GOVERNMENT
                    elif kind == K.REGIONAL_GOVERNMENT and not is_region:
                        if spec.parent is None:
                            kind = K.CITY_GOVERNMENT
                        else:
                            place, spec = spec.parent, specs[spec.parent]
                    if kind in GOVERNMENTS:
                        if (place, kind) in taken_governments:
                            kind = K.COMPANY
                        taken_governments.add((place, kind))
                    country_index = spec.country
                else:
                    kind = K.COMPANY if kind in GOVERNMENTS else kind
                    country_index = rng.randrange(len(self.countries)) if self.countries else -1
                name, native, abbreviation = self.organization_name(rng, kind, place, country_index)
                self.org_labels.append(name)
                self.org_natives.append(native)
                self.org_places.append(place)
                self.org_countries.append(country_index)
                self.org_kinds.append(kind)
                if place is not None:
                    self.orgs_of_place.setdefault(place, []).append(number)
                organizations.append(
                    Organization(
                        slug=make_slug(name, number + 1),
                        publication_status=PublicationStatus.PUBLISHED,
                        published_at=published_moment(rng),
                        name=name,
                        abbreviation=abbreviation,
                        native_name=native,
                        kind=kind,
                        place_id=None if place is None else self.place_ids[place],
                    )
                )
            self.insert(Organization, organizations)
            self.org_ids.extend(org.pk for org in organizations)
            self.progress("organizations", chunk.stop, total)

    def organization_name(self, rng, kind: str, place: int | None, country_index: int):
        country = self.countries[country_index] if country_index >= 0 else None
        style = self.country_style(country_index)
        spec = self.place_specs[place] if place is not None else None
        place_name = spec.name if spec else self.stem_name(rng, style)[0]
        other = rng.choice(self.countries).name if self.countries else "Elsewhere"
        template = rng.choice(ORGANIZATION_NAMES[kind])
        company_stem, _native = self.stem_name(rng, style)
        name = template.format(
            p=place_name, c=country.name if country else "the Republic", o=other, s=company_stem
        )
        native = ""
        style_name = self.country_style_name(country_index)
        if kind == K.COMPANY:
            name = f"{name} {COMPANY_FORMS.get(style_name, 'Ltd.')}"
            if style_name == "ja":
                native = f"{katakana(company_stem)}株式会社"
        elif spec is not None and style_name in NATIVE_ORGANIZATION_NAMES:
            native_template = NATIVE_ORGANIZATION_NAMES[style_name].get(kind)
            if native_template and (spec.native or style_name == "de"):
                native = native_template.format(
                    n=spec.native or spec.name, c=spec.stem or spec.name
                )
        abbreviation = abbreviate(name) if rng.random() < 0.5 else ""
        if style_name == "de" and kind == K.CHAMBER_OF_COMMERCE:
            abbreviation = "IHK"
        return name, native, abbreviation[:40] if len(abbreviation) >= 2 else ""

    # People ---------------------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng("people")
        total = self.sizes.people
        self.person_ids: list[int] = []
        # Who works where: (person, title, original title) by organization, for signatories.
        self.staff_of_org: dict[int, list[tuple[int, str, str]]] = {}
        self.headed: set[int] = set()  # organizations with a current mayor, president...
        for chunk in self.chunks(total):
            people, held = [], []
            for number in chunk:
                person, positions = self.person(rng, number)
                people.append(person)
                held.append(positions)
            self.insert(Person, people)
            position_rows = []
            for person, positions in zip(people, held, strict=True):
                self.person_ids.append(person.pk)
                person_index = len(self.person_ids) - 1
                for org, position in positions:
                    position.person_id = person.pk
                    position_rows.append(position)
                    self.staff_of_org.setdefault(org, []).append(
                        (person_index, position.title, position.title_original)
                    )
            self.insert(Position, position_rows)
            self.progress("people", chunk.stop, total)

        # Who signs for a place: the staff of its government, else of anyone based there.
        self.staff_of_place: dict[int, list[tuple[int, str, str]]] = {}
        for place, orgs in self.orgs_of_place.items():
            government = [
                entry
                for org in orgs
                if self.org_kinds[org] in GOVERNMENTS
                for entry in self.staff_of_org.get(org, ())
            ]
            anyone = [entry for org in orgs for entry in self.staff_of_org.get(org, ())]
            if government or anyone:
                self.staff_of_place[place] = government or anyone

    def person(self, rng: random.Random, number: int):
        orgs = []
        if self.org_ids:
            orgs.append(rng.randrange(len(self.org_ids)))
            if rng.random() < 0.2:
                orgs.append(rng.randrange(len(self.org_ids)))
        if orgs:
            country_index = self.org_countries[orgs[0]]
        else:
            country_index = rng.randrange(len(self.countries)) if self.countries else -1
        style = self.country_style(country_index)
        name, native = self.person_name(rng, style)
        positions, titles_held = [], []
        for org in orgs:
            titles = TITLES[self.org_kinds[org]]
            rank = min(len(titles) - 1, int(rng.expovariate(0.8)))
            # One current head per organization; a second one is a former head.
            former_head = rank == 0 and org in self.headed
            if rank == 0:
                self.headed.add(org)
            title, german, japanese = titles[rank]
            if (org, title) in titles_held:
                continue
            titles_held.append((org, title))
            original, language = {"de": (german, "de"), "ja": (japanese, "ja")}.get(
                self.country_style_name(self.org_countries[org]), ("", "")
            )
            started_on, started_precision = partial(rng, random_day(rng, 1990, 6), (30, 30, 40))
            ended_on, ended_precision = None, ""
            if (former_head or rng.random() < 0.3) and started_on.year < LAST_DAY.year:
                end_year = min(LAST_DAY.year, started_on.year + rng.randint(1, 8))
                ended_on, ended_precision = datetime.date(end_year, 1, 1), DatePrecision.YEAR
            position = Position(
                organization_id=self.org_ids[org],
                title=title,
                title_original=original,
                title_language=language,
                started_on=started_on,
                started_on_precision=started_precision,
                ended_on=ended_on,
                ended_on_precision=ended_precision,
            )
            positions.append((org, position))
        honorific = ""
        if titles_held and titles_held[0][1] == "Professor":
            honorific = "Prof. Dr." if style is STYLES["de"] else "Prof."
        elif rng.random() < 0.06:
            honorific = "Dr."
        person = Person(
            slug=make_slug(name, number + 1),
            publication_status=PublicationStatus.PUBLISHED,
            published_at=published_moment(rng),
            name=name,
            honorific_prefix=honorific,
            native_name=native,
        )
        return person, positions

    # Sources --------------------------------------------------------------------

    def make_sources(self) -> None:
        rng = self.rng("sources")
        total = self.sizes.sources
        specs = []
        for _ in range(total):
            day = random_day(rng)
            specs.append(
                (day, rng.random() < 0.75, rng.choices(("en", "ja", "de"), (70, 20, 10))[0])
            )
        specs.sort(key=lambda spec: spec[0])
        self.source_ids: list[int] = []
        self.source_days = [spec[0] for spec in specs]
        for chunk in self.chunks(total):
            sources = []
            for number in chunk:
                day, is_release, language = specs[number]
                published_on, precision = partial(
                    rng, day, (60, 30, 10) if is_release else (10, 30, 60)
                )
                if is_release:
                    kind = SourceKind.PRESS_RELEASE
                    title = f"Synthetic press release {number + 1:05d}: cooperation news"
                else:
                    kind = SourceKind.DATASET
                    title = f"Synthetic partnership dataset {number + 1:05d}"
                title = f"{title} ({day.year})"
                sources.append(
                    Source(
                        slug=make_slug(title, number + 1),
                        publication_status=PublicationStatus.PUBLISHED,
                        published_at=published_moment(rng, day),
                        title=title,
                        kind=kind,
                        publisher=SYNTHETIC_PUBLISHER,
                        published_on=published_on,
                        published_on_precision=precision,
                        language=language,
                        note=(
                            f"Generated by manage.py generate_directory (seed {self.seed}) for "
                            "load tests and benchmarks. Not a real source."
                        ),
                    )
                )
            self.insert(Source, sources)
            self.source_ids.extend(source.pk for source in sources)
            self.progress("sources", chunk.stop, total)

    def source_for(self, rng: random.Random, day: datetime.date | None) -> int | None:
        """A source published around ``day`` (or any source for an undated record)."""
        if not self.source_ids:
            return None
        if day is None:
            return self.source_ids[rng.randrange(len(self.source_ids))]
        first = bisect.bisect_left(self.source_days, day)
        index = min(len(self.source_ids) - 1, first + rng.randint(0, 3))
        return self.source_ids[index]

    # Partnerships ---------------------------------------------------------------

    def make_partnerships(self) -> None:
        rng = self.rng("partnerships")
        pairs = self.partnership_pairs(rng)
        total = len(pairs)
        # (id, place a, place b, established (value, precision) or None)
        self.partnerships: list[tuple[int, int, int, tuple | None]] = []
        for chunk in self.chunks(total):
            partnerships, details = [], []
            for number in chunk:
                partnership, since, source = self.partnership(rng, number, *pairs[number])
                partnerships.append(partnership)
                details.append((since, source))
            self.insert(Partnership, partnerships)
            members, citations = [], []
            for partnership, number, (since, source) in zip(
                partnerships, chunk, details, strict=True
            ):
                a, b = pairs[number]
                self.partnerships.append((partnership.pk, a, b, since))
                for place in (a, b):
                    members.append(
                        PartnershipMember(
                            partnership_id=partnership.pk, place_id=self.place_ids[place]
                        )
                    )
                if source is not None:
                    citations.append(Citation(source_id=source, partnership_id=partnership.pk))
            self.insert(PartnershipMember, members)
            self.insert(Citation, citations)
            self.progress("partnerships", chunk.stop, total)

    def partnership(self, rng: random.Random, number: int, a: int, b: int):
        specs = self.place_specs
        if specs[a].kind not in LOCAL_KINDS and rng.random() < 0.7:
            kind = PartnershipKind.SISTER_STATE
        else:
            kind = weighted(rng, PARTNERSHIP_KINDS)
        since = None
        if rng.random() < 0.92:
            since = partial(rng, random_day(rng, FIRST_YEAR, 20), (55, 25, 20))
        status = weighted(rng, PARTNERSHIP_STATUSES)
        ended = None
        if status == PartnershipStatus.ENDED:
            end_year = (since[0].year if since else LAST_DAY.year) + rng.randint(3, 30)
            if end_year <= LAST_DAY.year:
                ended = (datetime.date(end_year, 1, 1), DatePrecision.YEAR)
            else:
                status = PartnershipStatus.DORMANT
        key = member_key_for(
            [
                PartnershipMember(place_id=self.place_ids[a]),
                PartnershipMember(place_id=self.place_ids[b]),
            ]
        )
        name = f"{specs[a].name}–{specs[b].name}"
        summary = (
            f"{PARTNERSHIP_LABELS[kind]}: {specs[a].name} ({self.countries[specs[a].country].name})"
            f" and {specs[b].name} ({self.countries[specs[b].country].name})."
        )
        partnership = Partnership(
            slug=make_slug(name, number + 1),
            publication_status=PublicationStatus.PUBLISHED,
            published_at=published_moment(rng, since[0] if since else None),
            name=name,
            kind=kind,
            status=status,
            established_on=since[0] if since else None,
            established_on_precision=since[1] if since else "",
            ended_on=ended[0] if ended else None,
            ended_on_precision=ended[1] if ended else "",
            summary=summary,
            member_key=key,
        )
        source = self.source_for(rng, since[0] if since else None)
        return partnership, since, source

    def partnership_pairs(self, rng: random.Random) -> list[tuple[int, int]]:
        """Distinct unordered place pairs, mostly cities in two different countries."""
        wanted = self.sizes.partnerships
        specs = self.place_specs
        pairs: list[tuple[int, int]] = []
        seen: set[tuple[int, int]] = set()
        several_countries = len(self.countries) > 1
        attempts = 0
        while len(pairs) < wanted and attempts < wanted * 20:
            attempts += 1
            if len(self.region_places) >= 2 and rng.random() < 0.1:
                a, b = rng.choice(self.region_places), rng.choice(self.region_places)
            else:
                a, b = self.random_place(rng), self.random_place(rng)
                if specs[a].kind not in LOCAL_KINDS or specs[b].kind not in LOCAL_KINDS:
                    continue
            if a == b or (several_countries and specs[a].country == specs[b].country):
                continue
            pair = (min(a, b), max(a, b))
            if pair not in seen:
                seen.add(pair)
                pairs.append((a, b))
        return pairs

    # Agreements -----------------------------------------------------------------

    def make_agreements(self) -> None:
        rng = self.rng("agreements")
        total = self.sizes.agreements
        through = Agreement.focus_areas.through
        for chunk in self.chunks(total):
            agreements, details = [], []
            for number in chunk:
                agreement, detail = self.agreement(rng, number)
                agreements.append(agreement)
                details.append(detail)
            self.insert(Agreement, agreements)
            parties = [
                AgreementParty(
                    agreement_id=agreement.pk,
                    place_id=self.place_ids[index] if kind == "p" else None,
                    organization_id=self.org_ids[index] if kind == "o" else None,
                    role=role,
                )
                for agreement, detail in zip(agreements, details, strict=True)
                for (kind, index), role in detail.parties
            ]
            self.insert(AgreementParty, parties)
            signatories, focus_rows, citations = [], [], []
            remaining = iter(parties)
            for agreement, detail in zip(agreements, details, strict=True):
                own = [next(remaining) for _ in detail.parties]
                signatories.extend(
                    Signatory(
                        agreement_id=agreement.pk,
                        party_id=own[position].pk,
                        person_id=self.person_ids[person],
                        title=title,
                        title_original=original,
                    )
                    for position, person, title, original in detail.signers
                )
                focus_rows.extend(
                    through(agreement_id=agreement.pk, focusarea_id=area) for area in detail.areas
                )
                if detail.source is not None:
                    citations.append(Citation(source_id=detail.source, agreement_id=agreement.pk))
            self.insert(Signatory, signatories)
            self.insert(through, focus_rows, "agreement focus areas")
            self.insert(Citation, citations)
            self.progress("agreements", chunk.stop, total)

    def party_country(self, ref: tuple[str, int]) -> int:
        kind, index = ref
        return self.place_specs[index].country if kind == "p" else self.org_countries[index]

    def party_label(self, ref: tuple[str, int], language: str = "en") -> str | None:
        """A party's name in English, German or Japanese (None: no such name).

        Places keep their names in German and go into katakana in Japanese, unless
        Japanese; organizations need a native name in the language.
        """
        kind, index = ref
        style_name = self.country_style_name(self.party_country(ref))
        if kind == "p":
            spec = self.place_specs[index]
            if language == "ja":
                return spec.native if style_name == "ja" else katakana(spec.name)
            return spec.name
        if language == "en":
            return self.org_labels[index]
        return (style_name == language and self.org_natives[index]) or None

    def random_party(self, rng: random.Random) -> tuple[str, int]:
        if self.org_ids and (not self.place_ids or rng.random() < 0.45):
            return ("o", rng.randrange(len(self.org_ids)))
        return ("p", self.random_place(rng))

    def other_party(self, rng, taken: list, avoid_country: int | None = None):
        """A party not yet in ``taken``, preferably from another country than ``avoid_country``."""
        for attempt in range(30):
            candidate = self.random_party(rng)
            if candidate in taken:
                continue
            if attempt < 15 and self.party_country(candidate) == avoid_country:
                continue
            return candidate
        everyone = [("p", i) for i in range(len(self.place_ids))]
        everyone += [("o", i) for i in range(len(self.org_ids))]
        return next((c for c in everyone if c not in taken), None)

    def agreement(self, rng: random.Random, number: int):
        kind = weighted(rng, AGREEMENT_KINDS)
        partnership = None
        if kind in PARTNERSHIP_AGREEMENTS and self.partnerships and rng.random() < 0.85:
            partnership = self.partnerships[rng.randrange(len(self.partnerships))]
            refs = [("p", partnership[1]), ("p", partnership[2])]
        else:
            first = self.random_party(rng)
            refs = [first, self.other_party(rng, [first], self.party_country(first))]
        wanted = rng.choices((2, 3, 4), (60, 30, 10))[0]
        while len(refs) < wanted:
            # Often an organization based in one of the parties' places: a chamber, a hub.
            anchor = rng.choice(refs)
            local = self.orgs_of_place.get(anchor[1], ()) if anchor[0] == "p" else ()
            candidate = ("o", rng.choice(local)) if local and rng.random() < 0.6 else None
            if candidate is None or candidate in refs:
                candidate = self.other_party(rng, refs)
            if candidate is None:
                break
            refs.append(candidate)
        parties = [
            (ref, PartyRole.SIGNING_PARTY if position < 2 else rng.choice(EXTRA_ROLES))
            for position, ref in enumerate(refs)
        ]

        # A sister-city agreement is the partnership's founding document.
        signed = None
        if partnership and partnership[3] and kind != A.RENEWAL:
            signed = partnership[3]
        elif rng.random() < 0.98:
            first_year = FIRST_YEAR
            if partnership and partnership[3]:
                first_year = min(LAST_DAY.year, partnership[3][0].year + 5)
            signed = partial(rng, random_day(rng, first_year))
        valid_from, valid_until = self.validity(rng, signed)

        count = min(len(self.focus_areas), rng.choices((1, 2, 3), (50, 35, 15))[0])
        chosen_areas = rng.sample(self.focus_areas, count)
        areas = [area_id for area_id, _name in chosen_areas]
        english, german, japanese = AGREEMENT_TITLES[kind]
        topic = ""
        if kind in TOPICAL_KINDS and chosen_areas and rng.random() < 0.6:
            topic = f" on {in_title(chosen_areas[0][1])}"
        first, second = self.party_label(refs[0]), self.party_label(refs[1])
        title = f"{english}{topic} between {first} and {second}"
        # An agreement with a German or Japanese first party often has its title there.
        title_original, title_language = "", "en"
        language = self.country_style_name(self.party_country(refs[0]))
        if language in ("de", "ja") and rng.random() < 0.6:
            names = [self.party_label(ref, language) for ref in refs[:2]]
            if all(names):
                title_language = language
                if language == "de":
                    title_original = f"{german} zwischen {names[0]} und {names[1]}"
                else:
                    title_original = f"{names[0]}と{names[1]}との{japanese}"

        places = [index for ref_kind, index in refs if ref_kind == "p"]
        places += [
            self.org_places[index]
            for ref_kind, index in refs
            if ref_kind == "o" and self.org_places[index] is not None
        ]
        signed_place, venue = None, ""
        if places and rng.random() < 0.6:
            signed_place = rng.choice(places)
            if rng.random() < 0.3:
                venue = f"{self.place_specs[signed_place].name} City Hall"
        summary = ""
        if chosen_areas:
            topics = " and ".join(in_sentence(name) for _id, name in chosen_areas)
            summary = (
                f"The parties will cooperate on {topics} through delegation visits, "
                "joint projects and exchanges."
            )

        agreement = Agreement(
            slug=make_slug(title, number + 1),
            publication_status=PublicationStatus.PUBLISHED,
            published_at=published_moment(rng, last_day_of(*signed) if signed else None),
            title=title,
            title_original=title_original,
            title_language=title_language,
            kind=kind,
            partnership_id=partnership[0] if partnership else None,
            signed_on=signed[0] if signed else None,
            signed_on_precision=signed[1] if signed else "",
            signed_venue=venue,
            signed_place_id=self.place_ids[signed_place] if signed_place is not None else None,
            signed_remotely=rng.random() < 0.03,
            valid_from=valid_from[0] if valid_from else None,
            valid_from_precision=valid_from[1] if valid_from else "",
            valid_until=valid_until[0] if valid_until else None,
            valid_until_precision=valid_until[1] if valid_until else "",
            summary=summary,
        )
        detail = AgreementDetail(
            parties=parties,
            signers=self.signers(rng, refs),
            areas=areas,
            source=self.source_for(rng, signed[0] if signed else None),
        )
        return agreement, detail

    def validity(self, rng: random.Random, signed):
        """(valid from, valid until), each (value, precision) or None; a third have them."""
        if signed is None or rng.random() >= 0.35:
            return None, None
        valid_from = signed if rng.random() < 0.7 else None
        years = rng.choice((1, 2, 3, 5, 5, 10))
        value, precision = signed
        if rng.random() < 0.5 or precision == DatePrecision.YEAR:
            return valid_from, (datetime.date(value.year + years, 1, 1), DatePrecision.YEAR)
        if precision == DatePrecision.MONTH:
            return valid_from, (datetime.date(value.year + years, value.month, 1), precision)
        anniversary = datetime.date(value.year + years, value.month, min(value.day, 28))
        return valid_from, (anniversary - datetime.timedelta(days=1), precision)

    def signers(self, rng: random.Random, refs) -> list[tuple[int, int, str, str]]:
        """One or two signatories, each for a different signing party, by preference its
        own staff: (party position, person, title, original title)."""
        signers, used = [], set()
        wanted = min(1 if rng.random() < 0.6 else 2, len(self.person_ids), 2)
        for position in range(wanted):
            kind, index = refs[position]
            staff = (self.staff_of_place if kind == "p" else self.staff_of_org).get(index, ())
            chosen = None
            for _ in range(4 if staff else 0):
                entry = rng.choice(staff)
                if entry[0] not in used:
                    chosen = entry
                    break
            for _ in range(0 if chosen else 20):
                person = rng.randrange(len(self.person_ids))
                if person not in used:
                    chosen = (person, "Representative", "")
                    break
            if chosen is not None:
                used.add(chosen[0])
                signers.append((position, *chosen))
        return signers


@dataclass(slots=True)
class AgreementDetail:
    parties: list  # ((kind "p"/"o", index), role)
    signers: list
    areas: list[int]
    source: int | None
