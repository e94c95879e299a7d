"""Step 2 of 3: every date of birth recorded so far was a whole date; copy it
into the year, month and day, and key every name with the new folding.

The folding is copied here as it was when this was written, so this migration
means the same thing whatever people.models later becomes.
"""

import datetime as dt
import unicodedata
from typing import Any

from django.apps.registry import Apps
from django.db import migrations

_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
)


def _key(name: str) -> str:
    kept: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFKD", name.casefold()):
        kind = unicodedata.category(ch)
        if kind in ("Mn", "Mc", "Me"):
            if base and (ord(base) < 0x0530 or 0x1E00 <= ord(base) < 0x1F00):
                continue
        elif kind[0] in "PZC" or kind == "Sk" or 0x02B0 <= ord(ch) < 0x0300:
            continue
        else:
            base = ch
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_FOLD)


def fill(apps: Apps, schema_editor: Any) -> None:
    Person = apps.get_model("people", "Person")
    for person in Person.objects.all().iterator():
        born: dt.date = person.date_of_birth
        person.birth_year, person.birth_month, person.birth_day = (
            born.year,
            born.month,
            born.day,
        )
        person.born_from = person.born_to = born
        person.given_name_key = _key(person.given_name)
        person.family_name_key = _key(person.family_name)
        person.preferred_name_key = _key(person.preferred_name)
        person.save(
            update_fields=[
                "birth_year",
                "birth_month",
                "birth_day",
                "born_from",
                "born_to",
                "given_name_key",
                "family_name_key",
                "preferred_name_key",
            ]
        )


def unfill(apps: Apps, schema_editor: Any) -> None:
    Person = apps.get_model("people", "Person")
    for person in Person.objects.all().iterator():
        if person.birth_day is None:
            raise RuntimeError(
                "Cannot go back: someone is recorded without a whole date of birth."
            )
        person.date_of_birth = dt.date(
            person.birth_year, person.birth_month, person.birth_day
        )
        person.save(update_fields=["date_of_birth"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_birth_and_name_keys"),
    ]

    operations = [migrations.RunPython(fill, unfill)]
