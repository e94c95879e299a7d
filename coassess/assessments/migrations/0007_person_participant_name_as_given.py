"""The person's participant row keeps their name as shown: before issue 11, a
preferred name that is a whole name ("Mrs Begum") was glued to the last name
("Mrs Begum Begum") when the assessment started. Each person's row is given
the name `people.models.display_name` makes now. Going back keeps the names."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from coassess.people.models import display_name


def name_as_given(apps: Any, schema_editor: Any) -> None:
    Participant = apps.get_model("assessments", "Participant")
    rows = Participant.objects.filter(kind="person").select_related(
        "assessment__person"
    )
    for row in rows:
        person = row.assessment.person
        name = display_name(
            given_name=person.given_name,
            family_name=person.family_name,
            preferred_name=person.preferred_name,
        )
        if name != row.name:
            Participant.objects.filter(pk=row.pk).update(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_participant_versions_and_assessor"),
        ("people", "0005_person_drop_date_of_birth"),
    ]

    operations = [migrations.RunPython(name_as_given, migrations.RunPython.noop)]
