from django.urls import path

from coassess.people import views

app_name = "people"
urlpatterns = [
    path("", views.find_person, name="find_person"),
    path("add/", views.add_person, name="add_person"),
    path("<uuid:person_id>/", views.show_person, name="show_person"),
    path("<uuid:person_id>/edit/", views.update_person, name="update_person"),
    path("<uuid:person_id>/supporters/add/", views.add_supporter, name="add_supporter"),
    path(
        "<uuid:person_id>/supporters/<uuid:supporter_id>/edit/",
        views.update_supporter,
        name="update_supporter",
    ),
    path("<uuid:person_id>/break-glass/", views.break_glass, name="break_glass"),
]
