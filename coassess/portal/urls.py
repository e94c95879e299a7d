"""The person's and supporters' own view, under /my/. Every view is for a
viewer signed in with an access code (`people.viewer.viewer_page`), except
signing in."""

from django.urls import URLPattern, path

from coassess.portal import offers, sharing, signin, views
from coassess.portal.writing import urls as writing

app_name = "portal"
assert offers.OFFERS  # the read pages' links to the writing pages

urlpatterns: list[URLPattern] = [
    path("", signin.sign_in, name="sign_in"),
    path("signed-out/", signin.signed_out, name="signed_out"),
    path("sign-out/", signin.sign_out, name="sign_out"),
    path("record/", views.home, name="home"),
    *writing.urlpatterns,
    path("record/<uuid:assessment_id>/", views.show_record, name="show_record"),
    path("record/<uuid:assessment_id>/plan/", views.show_copy, name="show_copy"),
    path("record/<uuid:assessment_id>/plan.pdf", views.copy_pdf, name="copy_pdf"),
    path("who-has-looked/", views.who_looked, name="who_looked"),
    path("who-can-see/", sharing.sharing, name="sharing"),
    path(
        "who-can-see/<uuid:supporter_id>/<slug:category>/",
        sharing.choose,
        name="choose_sharing",
    ),
    path(
        "record/entries/<uuid:lineage>/private/",
        sharing.keep_private,
        name="keep_private",
    ),
]
