from django.urls import path

from coassess.accesslog import views

app_name = "accesslog"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("break-glass/", views.grant_list, name="grant_list"),
    path(
        "break-glass/<uuid:grant_id>/review/", views.review_grant, name="review_grant"
    ),
]
