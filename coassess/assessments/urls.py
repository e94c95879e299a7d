from django.urls import path

from coassess.assessments import code_views, views
from coassess.assessments.hosts import decision_pages
from coassess.decisions.urls import patterns

app_name = "assessments"
urlpatterns = [
    path("start/<uuid:referral_id>/", views.start_assessment, name="start_assessment"),
    path("<uuid:assessment_id>/", views.show_assessment, name="show_assessment"),
    path(
        "<uuid:assessment_id>/print/", views.print_assessment, name="print_assessment"
    ),
    path(
        "<uuid:assessment_id>/participants/",
        views.participant_list,
        name="participant_list",
    ),
    path(
        "<uuid:assessment_id>/participants/<uuid:participant_id>/edit/",
        views.update_participant,
        name="update_participant",
    ),
    path(
        "<uuid:assessment_id>/sections/<slug:section>/",
        views.show_section,
        name="show_section",
    ),
    path(
        "<uuid:assessment_id>/entries/<uuid:contribution_id>/edit/",
        views.update_contribution,
        name="update_contribution",
    ),
    path(
        "<uuid:assessment_id>/entries/<uuid:contribution_id>/dispute/",
        views.dispute_contribution,
        name="dispute_contribution",
    ),
    path(
        "<uuid:assessment_id>/disputed/<slug:kind>/<uuid:entry_id>/",
        views.dispute_item,
        name="dispute_item",
    ),
    path(
        "<uuid:assessment_id>/history/<uuid:lineage>/",
        views.show_history,
        name="show_history",
    ),
    path(
        "<uuid:assessment_id>/concerns/<uuid:concern_id>/edit/",
        views.update_concern,
        name="update_concern",
    ),
    path(
        "<uuid:assessment_id>/corroboration/<uuid:corroboration_id>/who-sees/",
        views.who_sees_corroboration,
        name="who_sees_corroboration",
    ),
    path(
        "<uuid:assessment_id>/drafts/keep/",
        views.keep_entry_draft,
        name="keep_entry_draft",
    ),
    path(
        "<uuid:assessment_id>/drafts/discard/",
        views.discard_entry_draft,
        name="discard_entry_draft",
    ),
    path("<uuid:assessment_id>/keep-theirs/", views.keep_theirs, name="keep_theirs"),
    # Access codes for the person and their supporters (people.code_services).
    path(
        "<uuid:assessment_id>/access-codes/",
        code_views.code_list,
        name="code_list",
    ),
    path(
        "<uuid:assessment_id>/access-codes/new/",
        code_views.issue_code,
        name="issue_code",
    ),
    path(
        "<uuid:assessment_id>/access-codes/<uuid:code_id>/extend/",
        code_views.extend_code,
        name="extend_code",
    ),
    path(
        "<uuid:assessment_id>/access-codes/<uuid:code_id>/revoke/",
        code_views.revoke_code,
        name="revoke_code",
    ),
    # The person's copy belongs to the plan now; its earlier addresses still work.
    path(
        "<uuid:assessment_id>/their-copy/",
        views.moved_person_copy,
        name="moved_person_copy",
    ),
    path(
        "<uuid:assessment_id>/their-copy.pdf",
        views.moved_person_copy,
        {"pdf": True},
        name="moved_person_copy_pdf",
    ),
    *patterns(decision_pages, prefix="<uuid:assessment_id>/"),
]
