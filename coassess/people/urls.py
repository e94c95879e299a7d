from django.urls import path

from coassess.people import sharing_views, views

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
    path(
        "<uuid:person_id>/supporters/<uuid:supporter_id>/sharing/",
        sharing_views.show_sharing,
        name="show_sharing",
    ),
    path(
        "<uuid:person_id>/supporters/<uuid:supporter_id>/sharing/<slug:category>/",
        sharing_views.update_sharing,
        name="update_sharing",
    ),
    path(
        "<uuid:person_id>/supporters/<uuid:supporter_id>/share-without-consent/",
        sharing_views.record_disclosure,
        name="record_disclosure",
    ),
    path(
        "<uuid:person_id>/supporters/<uuid:supporter_id>/hold/",
        sharing_views.place_hold,
        name="place_hold",
    ),
    path(
        "<uuid:person_id>/supporters/<uuid:supporter_id>/holds/<uuid:hold_id>/lift/",
        sharing_views.lift_hold,
        name="lift_hold",
    ),
    path("safeguarding-holds/", sharing_views.hold_list, name="hold_list"),
    path(
        "safeguarding-holds/<uuid:hold_id>/review/",
        sharing_views.review_hold,
        name="review_hold",
    ),
]
