from django.urls import include, path

from coassess.coproduction import views

app_name = "coproduction"
urlpatterns = [
    path(
        "assessments/<uuid:assessment_id>/",
        views.show_measures,
        name="show_measures",
    ),
    path(
        "assessments/<uuid:assessment_id>/reflect/",
        views.reflect_on_assessment,
        name="reflect_on_assessment",
    ),
    path("reflections/", views.reflection_summary, name="reflection_summary"),
    path("questions/", views.instrument_list, name="instrument_list"),
    path("questions/ladder/", views.choose_ladder, name="choose_ladder"),
    path(
        "questions/<str:instrument>/", views.revise_instrument, name="revise_instrument"
    ),
    path("self-assessments/", views.self_assessment_list, name="self_assessment_list"),
    path(
        "self-assessments/new/", views.add_self_assessment, name="add_self_assessment"
    ),
    path(
        "self-assessments/<uuid:self_assessment_id>/",
        views.show_self_assessment,
        name="show_self_assessment",
    ),
    path("projects/", include("coassess.coproduction.projects.urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "dashboard/assessments/",
        views.assessments_behind,
        name="assessments_behind",
    ),
]
urlpatterns += [
    path("export/", views.export_page, name="export_page"),
    path("export/coproduction-measures.csv", views.export_csv, name="export_csv"),
    path("export/datapackage.json", views.export_descriptor, name="export_descriptor"),
]
