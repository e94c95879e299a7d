from django.urls import path

from coassess.core import views

app_name = "core"
urlpatterns = [
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("health/", views.health, name="health"),
]
