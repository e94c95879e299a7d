"""Large volumes of fictional people, for benchmarks and trying the app at scale.

`coassess generate --people N` calls `generate_people`. Everyone is invented:
names are drawn from lists of common names of many heritages found in the UK
(English, Scottish, Irish, Welsh, Polish, South Asian, Arabic, West African,
Caribbean, Somali, Chinese, Romanian, Portuguese), paired mostly within a
heritage and sometimes across. NHS numbers are valid test numbers in the 999
range, which is never given to anyone; some people have none, as in real life.

The same seed gives the same people (`plan_people` is a pure function of its
arguments). Dates of birth are drawn against a fixed reference date, not
today, so a seed means the same people on any day.

Rows are written with `bulk_create` in batches, bypassing
`people.services.register_person`: this is setting up test data, not a member
of staff adding a person, so there is no actor to check and nothing to
validate one at a time. For the same reason nothing is written to the access
log: no person's record is being read or changed by anyone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction

from coassess.accounts.models import Team, User
from coassess.people.birth import Birth
from coassess.people.models import Person, birth_columns, name_keys
from coassess.people.nhs_number import check_digit, is_placeholder

# Ages are measured from this date, so a seed gives the same people on any day.
REFERENCE_DATE = dt.date(2025, 1, 1)

# Test NHS numbers start 999. The demo data uses 999 000 0000 to 999 009 9999
# (coassess.demo.data.demo_nhs_number), so synthetic people start above it.
NHS_FIRST_NINE_LOW = 999_010_000
NHS_FIRST_NINE_HIGH = 999_999_999
# About ten in eleven of those are valid: stop handing out numbers well before
# the range runs dry, and give the rest of the people none.
NHS_NUMBER_CAP = 600_000

SHARE_WITH_NHS_NUMBER = 0.85
SHARE_MIXED_HERITAGE = 0.15
SHARE_DOUBLE_BARRELLED = 0.03
SHARE_USING_PREFERRED_NAME = 0.5
SHARE_WITH_COMMUNICATION_NEEDS = 0.12


@dataclass(frozen=True)
class Heritage:
    weight: int
    female: list[str]
    male: list[str]
    neutral: list[str]
    # (form for men and unspecified, form for women): the same unless the
    # language gives family names a gender, as Polish does.
    family: list[tuple[str, str]]
    languages: list[str] = field(default_factory=list)
    share_other_language: float = 0.0
    share_interpreter: float = 0.0


def _names(text: str) -> list[str]:
    """'Ann, Ó Briain, ap Gwilym' -> ['Ann', 'Ó Briain', 'ap Gwilym']."""
    return [name.strip() for name in text.split(",") if name.strip()]


def _families(text: str, gendered: str = "") -> list[tuple[str, str]]:
    """Family names the same for everyone, then 'Kowalski/Kowalska' pairs."""
    pairs = [(name, name) for name in _names(text)]
    for pair in _names(gendered):
        male_form, female_form = pair.split("/")
        pairs.append((male_form, female_form))
    return pairs


HERITAGES: dict[str, Heritage] = {
    "english": Heritage(
        weight=44,
        female=_names("""Emily, Sophie, Charlotte, Hannah, Lucy, Rebecca, Katherine,
            Samantha, Margaret, Susan, Janet, Deborah, Chloe, Megan, Olivia, Jessica,
            Amy, Laura, Gemma, Stacey, Zoë, Elizabeth"""),
        male=_names("""James, Thomas, Oliver, Daniel, Matthew, Christopher, David,
            Michael, Paul, Mark, Stephen, Jack, Harry, George, William, Ryan, Liam,
            Kevin, Gary, Nathan, Benjamin, Anthony"""),
        neutral=_names("Alex, Charlie, Sam, Jordan, Robin, Frankie, Jamie, Ash"),
        family=_families("""Smith, Jones, Taylor, Brown, Wilson, Johnson, Walker,
            Wright, Robinson, Thompson, White, Edwards, Green, Hall, Wood, Harris,
            Clarke, Jackson, Turner, Hill, Moore, Cooper, Ward, Baker, Barnes,
            Fletcher, Holmes, Parker, Marsh, Whitaker, Ellis, Bell, Fairweather,
            Ashworth"""),
    ),
    "scottish_irish": Heritage(
        weight=8,
        female=_names("""Siobhán, Niamh, Aoife, Caitlin, Mhairi, Eilidh, Isla, Róisín,
            Orla, Fiona"""),
        male=_names("""Ciarán, Seán, Pádraig, Eoin, Callum, Hamish, Fraser, Ruairidh,
            Declan, Lachlan"""),
        neutral=_names("Rowan, Morgan, Riley"),
        family=_families(
            """O'Brien, O'Sullivan, Murphy, Kelly, Byrne, MacDonald,
            McLeod, Campbell, Fraser, O'Connor, Doherty, Gallagher, McKenzie, Ross,
            Ó Briain, Stewart""",
            gendered="Mac Amhlaoibh/Nic Amhlaoibh",
        ),
        languages=_names("Irish, Scottish Gaelic"),
        share_other_language=0.03,
    ),
    "welsh": Heritage(
        weight=7,
        female=_names("""Siân, Rhiannon, Ffion, Cerys, Angharad, Gwenllian, Eleri, Nia,
            Bethan, Carys, Lowri, Mali"""),
        male=_names("""Dafydd, Rhys, Gethin, Iwan, Emyr, Huw, Aled, Gruffudd, Owain,
            Llŷr, Tomos, Ieuan"""),
        neutral=_names("Morgan, Glyn, Eirian"),
        family=_families("""Jones, Williams, Davies, Evans, Thomas, Roberts, Lewis,
            Hughes, Morgan, Griffiths, Pritchard, Llewellyn, Bowen, Vaughan,
            ap Gwilym, Prys, Rowlands"""),
        languages=["Welsh"],
        share_other_language=0.3,
        share_interpreter=0.1,
    ),
    "polish": Heritage(
        weight=5,
        female=_names("""Zofia, Małgorzata, Agnieszka, Katarzyna, Aleksandra, Joanna,
            Magdalena, Ewa, Beata"""),
        male=_names("""Tomasz, Łukasz, Piotr, Krzysztof, Paweł, Michał, Wojciech,
            Grzegorz, Jakub"""),
        neutral=[],
        family=_families(
            "Nowak, Wójcik, Woźniak, Kowalczyk, Mazur",
            gendered="""
            Kowalski/Kowalska, Wiśniewski/Wiśniewska, Kamiński/Kamińska,
            Lewandowski/Lewandowska, Zieliński/Zielińska, Szymański/Szymańska,
            Dąbrowski/Dąbrowska""",
        ),
        languages=["Polish"],
        share_other_language=0.4,
        share_interpreter=0.4,
    ),
    "south_asian": Heritage(
        weight=10,
        female=_names("""Priya, Aisha, Anjali, Sana, Nusrat, Harpreet, Simran, Ayesha,
            Shabana, Rukhsana, Deepa, Farzana"""),
        male=_names("""Arjun, Imran, Mohammed, Rajesh, Sanjay, Bilal, Gurpreet, Hamza,
            Vikram, Zain, Mohammad, Rohan"""),
        neutral=_names("Kiran, Sunny"),
        family=_families(
            """Patel, Khan, Ahmed, Hussain, Sharma, Ali, Rahman,
            Chowdhury, Gill, Iqbal, Shah, Mistry, Raman, Uddin, Sandhu""",
            gendered="Singh/Kaur",
        ),
        languages=_names("Urdu, Punjabi, Bengali, Gujarati, Sylheti, Tamil"),
        share_other_language=0.15,
        share_interpreter=0.6,
    ),
    "arabic": Heritage(
        weight=4,
        female=_names("Fatima, Mariam, Noor, Layla, Huda, Amira, Yasmin, Rania"),
        male=_names("Ahmed, Omar, Youssef, Khalid, Tariq, Hassan, Karim, Mustafa"),
        neutral=["Nour"],
        family=_families("""Hassan, Al-Sayed, Haddad, Mansour, Saleh, Ibrahim,
            Abdullah, Al-Masri, Nasser, Khalil, El-Amin, Haidar"""),
        languages=_names("Arabic, Kurdish"),
        share_other_language=0.4,
        share_interpreter=0.6,
    ),
    "west_african_caribbean": Heritage(
        weight=8,
        female=_names("""Chiamaka, Ngozi, Adaeze, Folake, Abena, Ama, Shanice, Tanisha,
            Marcia, Funmilayo, Yewande"""),
        male=_names("""Chinedu, Oluwaseun, Kwame, Kofi, Emeka, Tunde, Delroy, Winston,
            Marlon, Babajide, Leroy"""),
        neutral=_names("Tobi, Ayo, Jules"),
        family=_families("""Okafor, Adeyemi, Mensah, Boateng, Okonkwo, Adebayo, Owusu,
            Campbell, Baptiste, Francis, Grant, Bailey, Oyelaran, Asante, Nwosu"""),
        languages=_names("Yoruba, Igbo, Twi"),
        share_other_language=0.04,
        share_interpreter=0.3,
    ),
    "somali": Heritage(
        weight=2,
        female=_names("Hodan, Amina, Faadumo, Sahra, Ifrah, Hibo"),
        male=_names("Abdi, Mahamed, Liban, Abdirahman, Yasin, Guled"),
        neutral=[],
        family=_families("Farah, Abdi, Warsame, Osman, Jama, Yusuf, Ismail, Egal"),
        languages=["Somali"],
        share_other_language=0.4,
        share_interpreter=0.6,
    ),
    "chinese": Heritage(
        weight=3,
        female=_names("Mei, Xiu Ying, Yan, Li Na, Hui, Ling"),
        male=_names("Wei, Jun, Hao, Ming, Zhi Hao, Kai"),
        neutral=_names("Yu, An"),
        family=_families("Li, Wang, Chen, Zhang, Liu, Wong, Cheung, Lau, Ng, Ho"),
        languages=_names("Cantonese, Mandarin"),
        share_other_language=0.2,
        share_interpreter=0.6,
    ),
    "romanian_portuguese": Heritage(
        weight=3,
        female=_names("Ioana, Andreea, Elena, Mihaela, Inês, Beatriz, Conceição"),
        male=_names("Andrei, Ionuț, Mihai, Ștefan, João, Gonçalo, Tiago"),
        neutral=[],
        family=_families("""Popescu, Ionescu, Popa, Dumitru, Constantin, Stan, Silva,
            Santos, Ferreira, Gonçalves, Rodrigues"""),
        languages=_names("Romanian, Portuguese"),
        share_other_language=0.3,
        share_interpreter=0.5,
    ),
}

# Names people often go by instead (some, not everyone with one of these names).
SHORT_NAMES: dict[str, list[str]] = {
    full: _names(short)
    for full, short in (
        ("Samantha", "Sam"),
        ("Katherine", "Kate, Kathy"),
        ("Elizabeth", "Liz, Beth"),
        ("Rebecca", "Becky"),
        ("Margaret", "Maggie, Peggy"),
        ("Christopher", "Chris"),
        ("Matthew", "Matt"),
        ("Michael", "Mike, Mick"),
        ("William", "Will, Billy"),
        ("Benjamin", "Ben"),
        ("Anthony", "Tony"),
        ("Daniel", "Dan, Danny"),
        ("Nathan", "Nate"),
        ("Gwenllian", "Gwen"),
        ("Rhiannon", "Rhi"),
        ("Gruffudd", "Gruff"),
        ("Małgorzata", "Gosia"),
        ("Aleksandra", "Ola"),
        ("Katarzyna", "Kasia"),
        ("Zofia", "Zosia"),
        ("Krzysztof", "Krzyś"),
        ("Wojciech", "Wojtek"),
        ("Mohammed", "Mo"),
        ("Mohammad", "Mo"),
        ("Oluwaseun", "Seun"),
        ("Babajide", "Jide"),
        ("Funmilayo", "Funmi"),
        ("Abdirahman", "Abdi"),
        ("Chiamaka", "Amaka"),
        ("Pádraig", "Paddy"),
        ("Ruairidh", "Rory"),
    )
}

BSL = "British Sign Language"
# (what helps, the language it implies if any, whether an interpreter is needed)
COMMUNICATION_NEEDS: list[tuple[str, str, bool]] = [
    ("Prefers written information, and time to read it.", "", False),
    ("Hard of hearing. Please face them and speak clearly.", "", False),
    ("Wears hearing aids; a quiet room helps.", "", False),
    ("Autistic. Likes to know what will happen next, step by step.", "", False),
    ("Finds busy, noisy rooms hard. A quiet room helps.", "", False),
    ("Dyslexic: prefers things read aloud and short written notes.", "", False),
    ("Uses British Sign Language. Book a BSL interpreter.", BSL, True),
    ("Has a learning disability. Easy read helps, and time to think.", "", False),
    ("Partially sighted: large print, please.", "", False),
    ("Has a stammer. Give them time; do not finish their sentences.", "", False),
    ("ADHD: shorter conversations with breaks work better.", "", False),
]


@dataclass(frozen=True)
class SyntheticPerson:
    given_name: str
    family_name: str
    preferred_name: str
    pronouns: str
    date_of_birth: dt.date
    nhs_number: str
    preferred_language: str
    interpreter_needed: bool
    communication_needs: str


def _pick_sex(rng: random.Random, heritage: Heritage) -> str:
    options = ["female", "male"] + (["neutral"] if heritage.neutral else [])
    return rng.choices(options, weights=[47, 47, 6][: len(options)])[0]


def _pronouns(rng: random.Random, sex: str) -> str:
    if sex == "neutral":
        options = ["they/them", "they/them", "she/her", "he/him", "he/they", ""]
        return rng.choice(options)
    usual = "she/her" if sex == "female" else "he/him"
    roll = rng.random()
    if roll < 0.80:
        return usual
    if roll < 0.95:
        return ""
    return rng.choice(["they/them", "she/they" if sex == "female" else "he/they"])


def _date_of_birth(rng: random.Random) -> dt.date:
    # Liaison teams see adults of all ages, most often in early and middle adult life,
    # and some 16 and 17 year olds.
    low, high = rng.choices(
        [(16, 17), (18, 44), (45, 69), (70, 98)], weights=[4, 58, 29, 9]
    )[0]
    age_days = rng.randint(low * 365 + 1, (high + 1) * 365 - 1)
    return REFERENCE_DATE - dt.timedelta(days=age_days)


class NhsNumbers:
    """Distinct, valid test NHS numbers, drawn at random from a seeded stream.

    A separate stream from the names, so that skipping a number already in the
    database does not change anything else about the people generated.
    """

    def __init__(self, seed: int, taken: Collection[str] = ()) -> None:
        # Seeded on purpose: the same seed must give the same numbers. Not for secrets.
        self.rng = random.Random(f"coassess-nhs-{seed}")  # noqa: S311
        self.used: set[str] = set(taken)
        self.handed_out = 0

    def next(self) -> str:
        if self.handed_out >= NHS_NUMBER_CAP:
            return ""
        while True:
            first_nine = str(self.rng.randint(NHS_FIRST_NINE_LOW, NHS_FIRST_NINE_HIGH))
            digit = check_digit(first_nine)
            if digit is None:
                continue
            number = first_nine + str(digit)
            # 999 999 9999 passes the check but is a placeholder, never issued.
            if number not in self.used and not is_placeholder(number):
                self.used.add(number)
                self.handed_out += 1
                return number


def plan_people(
    count: int, *, seed: int, taken_nhs_numbers: Collection[str] = ()
) -> Iterator[SyntheticPerson]:
    """`count` fictional people, the same ones for the same seed.

    `taken_nhs_numbers` are skipped (people already in the database).
    """
    rng = random.Random(f"coassess-people-{seed}")  # noqa: S311 (seeded on purpose)
    numbers = NhsNumbers(seed, taken_nhs_numbers)
    names = list(HERITAGES.values())
    weights = [h.weight for h in names]
    for _ in range(count):
        heritage = rng.choices(names, weights=weights)[0]
        sex = _pick_sex(rng, heritage)
        given = rng.choice(getattr(heritage, sex))
        family_from = heritage
        if rng.random() < SHARE_MIXED_HERITAGE:
            family_from = rng.choices(names, weights=weights)[0]
        male_form, female_form = rng.choice(family_from.family)
        family = female_form if sex == "female" else male_form
        if rng.random() < SHARE_DOUBLE_BARRELLED:
            other = rng.choice(rng.choices(names, weights=weights)[0].family)[0]
            if other != family:
                family = f"{family}-{other}"
        preferred = ""
        if given in SHORT_NAMES and rng.random() < SHARE_USING_PREFERRED_NAME:
            preferred = rng.choice(SHORT_NAMES[given])
            if preferred == given:
                preferred = ""
        language, interpreter = "English", False
        if heritage.languages and rng.random() < heritage.share_other_language:
            language = rng.choice(heritage.languages)
            interpreter = rng.random() < heritage.share_interpreter
        needs = ""
        if rng.random() < SHARE_WITH_COMMUNICATION_NEEDS:
            needs, needs_language, needs_interpreter = rng.choice(COMMUNICATION_NEEDS)
            if needs_language:
                language, interpreter = needs_language, needs_interpreter
        born = _date_of_birth(rng)
        has_number = rng.random() < SHARE_WITH_NHS_NUMBER
        yield SyntheticPerson(
            given_name=given,
            family_name=family,
            preferred_name=preferred,
            pronouns=_pronouns(rng, sex),
            date_of_birth=born,
            nhs_number=numbers.next() if has_number else "",
            preferred_language=language,
            interpreter_needed=interpreter,
            communication_needs=needs,
        )


def generate_people(
    *,
    team: Team,
    registered_by: User,
    count: int,
    seed: int,
    batch_size: int = 1000,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Write `count` fictional people registered by `team`; return how many.

    Each batch is one transaction and one INSERT, so an interrupted run keeps
    whole batches. `on_batch` is told how many rows each batch wrote (for a
    progress bar). No access-log events are written: see the module docstring.
    """
    in_test_range = Person.objects.filter(nhs_number__startswith="999")
    taken = set(in_test_range.values_list("nhs_number", flat=True))
    planned = plan_people(count, seed=seed, taken_nhs_numbers=taken)
    written = 0
    while batch := list(islice(planned, batch_size)):
        rows = [
            Person(
                given_name=p.given_name,
                family_name=p.family_name,
                preferred_name=p.preferred_name,
                **name_keys(
                    given_name=p.given_name,
                    family_name=p.family_name,
                    preferred_name=p.preferred_name,
                ),
                pronouns=p.pronouns,
                **birth_columns(Birth.on(p.date_of_birth)),
                nhs_number=p.nhs_number,
                preferred_language=p.preferred_language,
                interpreter_needed=p.interpreter_needed,
                communication_needs=p.communication_needs,
                registered_by_team=team,
                registered_by=registered_by,
            )
            for p in batch
        ]
        with transaction.atomic():
            Person.objects.bulk_create(rows)
        written += len(rows)
        if on_batch is not None:
            on_batch(len(rows))
    return written
