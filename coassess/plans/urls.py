from django.urls import path

from coassess.plans import views

app_name = "plans"
urlpatterns = [
    path("<uuid:assessment_id>/", views.show_plan, name="show_plan"),
    path("<uuid:assessment_id>/start/", views.start_plan, name="start_plan"),
    path("<uuid:assessment_id>/actions/add/", views.add_action, name="add_action"),
    path(
        "<uuid:assessment_id>/positions/", views.give_positions, name="give_positions"
    ),
    path(
        "<uuid:assessment_id>/rationale/",
        views.update_rationale,
        name="update_rationale",
    ),
    path(
        "<uuid:assessment_id>/crisis-plan/",
        views.update_contingency,
        name="update_contingency",
    ),
    path("<uuid:assessment_id>/contacts/add/", views.add_contact, name="add_contact"),
    path("<uuid:assessment_id>/confirm/", views.confirm_plan, name="confirm_plan"),
    path("<uuid:assessment_id>/sign/", views.sign_plan, name="sign_plan"),
    path("<uuid:assessment_id>/addenda/add/", views.add_addendum, name="add_addendum"),
    path("<uuid:assessment_id>/signed/", views.signed_version, name="signed_version"),
    path("<uuid:assessment_id>/their-copy/", views.person_copy, name="person_copy"),
    path(
        "<uuid:assessment_id>/their-copy.pdf",
        views.person_copy_pdf,
        name="person_copy_pdf",
    ),
]
