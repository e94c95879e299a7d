"""The person's and supporters' own view, under /my/. Every view is for a
viewer signed in with an access code (`people.viewer.viewer_page`), except
signing in."""

from django.urls import URLPattern, path

from coassess.portal import signin, views
from coassess.portal.writing import urls as writing

app_name = "portal"

urlpatterns: list[URLPattern] = [
    path("", signin.sign_in, name="sign_in"),
    path("signed-out/", signin.signed_out, name="signed_out"),
    path("sign-out/", signin.sign_out, name="sign_out"),
    path("record/", views.home, name="home"),
    *writing.urlpatterns,
]
