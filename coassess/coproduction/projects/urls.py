"""Project pages, under /co-production/projects/ (namespace
coproduction:projects), with the engine's decision pages behind the project's
policy."""

from django.urls import path

from coassess.coproduction.projects import views
from coassess.coproduction.projects.hosts import decision_pages
from coassess.decisions.urls import patterns

app_name = "projects"
ONE = "<uuid:project_id>/"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("add/", views.add_project, name="add_project"),
    path(ONE, views.show_project, name="show_project"),
    path(f"{ONE}members/add/", views.add_member, name="add_member"),
    path(
        f"{ONE}members/<uuid:member_id>/left/",
        views.member_left,
        name="member_left",
    ),
    path(f"{ONE}meetings/add/", views.add_meeting, name="add_meeting"),
    path(f"{ONE}time/add/", views.log_contribution, name="log_contribution"),
    path(
        f"{ONE}time/<uuid:entry_id>/correct/",
        views.correct_contribution,
        name="correct_contribution",
    ),
    path(
        f"{ONE}members/<uuid:member_id>/statement.pdf",
        views.statement_pdf,
        name="statement_pdf",
    ),
    path(f"{ONE}reflect/", views.reflect_on_project, name="reflect_on_project"),
    *patterns(decision_pages, prefix=ONE),
]
