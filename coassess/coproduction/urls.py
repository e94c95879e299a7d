from django.urls import path

from coassess.coproduction import views

app_name = "coproduction"
urlpatterns = [
    path(
        "assessments/<uuid:assessment_id>/",
        views.show_measures,
        name="show_measures",
    ),
]
