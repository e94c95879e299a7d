from django.urls import path

from coassess.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.choose_person, name="choose_person"),
    path("new/<uuid:person_id>/", views.add_referral, name="add_referral"),
    path("<uuid:referral_id>/close/", views.close_referral, name="close_referral"),
]
