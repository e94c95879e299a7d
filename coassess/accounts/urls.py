from django.urls import path

from coassess.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.enter_code, name="enter_code"),
    path("sign-in/set-up/", views.set_up_code, name="set_up_code"),
    path("sign-in/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/password/", views.change_password, name="change_password"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/add/", views.add_staff, name="add_staff"),
    path("staff/changes/", views.account_changes, name="account_changes"),
    path("staff/sign-in/", views.team_sign_in, name="team_sign_in"),
    path("staff/<uuid:user_id>/reset-code/", views.reset_code, name="reset_code"),
    path("staff/<uuid:user_id>/unlock/", views.unlock_member, name="unlock_member"),
    path("staff/<uuid:user_id>/", views.update_staff, name="update_staff"),
]
