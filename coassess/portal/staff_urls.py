"""The portal's one staff page, under /assessments/ beside the assessment's
own (`config.urls`), behind the assessment's policy:

    portal_staff:mark_private  (assessment_id, lineage)  keep an entry from
                                                         every supporter, for
                                                         the person
"""

from django.urls import URLPattern, path

from coassess.portal import staff

app_name = "portal_staff"

urlpatterns: list[URLPattern] = [
    path(
        "<uuid:assessment_id>/entries/<uuid:lineage>/private/",
        staff.mark_private,
        name="mark_private",
    ),
]
