from django.urls import path

from coassess.assessments import decision_views, views

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
        "<uuid:assessment_id>/history/<uuid:lineage>/",
        views.show_history,
        name="show_history",
    ),
    path(
        "<uuid:assessment_id>/concerns/<uuid:concern_id>/edit/",
        views.update_concern,
        name="update_concern",
    ),
    path("<uuid:assessment_id>/keep-theirs/", views.keep_theirs, name="keep_theirs"),
    path(
        "<uuid:assessment_id>/decisions/",
        decision_views.decision_list,
        name="decision_list",
    ),
    path(
        "<uuid:assessment_id>/decisions/add/",
        decision_views.add_decision,
        name="add_decision",
    ),
    path(
        "<uuid:assessment_id>/decisions/<uuid:decision_id>/",
        decision_views.show_decision,
        name="show_decision",
    ),
    path(
        "<uuid:assessment_id>/decisions/<uuid:decision_id>/options/add/",
        decision_views.add_option,
        name="add_option",
    ),
    path(
        "<uuid:assessment_id>/decisions/<uuid:decision_id>/options/<uuid:option_id>/edit/",
        decision_views.update_option,
        name="update_option",
    ),
    path(
        "<uuid:assessment_id>/decisions/<uuid:decision_id>/positions/",
        decision_views.give_positions,
        name="give_positions",
    ),
    path(
        "<uuid:assessment_id>/decisions/<uuid:decision_id>/outcome/",
        decision_views.record_outcome,
        name="record_outcome",
    ),
]
