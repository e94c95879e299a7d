from django.urls import path

from coassess.language import views

app_name = "language"
urlpatterns = [
    path("check/", views.check_wording, name="check_wording"),
    path("choice/", views.record_choice, name="record_choice"),
    path("team-rules/", views.team_rules, name="team_rules"),
]
