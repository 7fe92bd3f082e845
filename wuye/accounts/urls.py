from django.urls import path

from wuye.accounts import account_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_totp, name="login_totp"),
    path("logout/", views.logout_view, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", account_views.password_change, name="password_change"),
    path("users/", account_views.account_list, name="account_list"),
    path("users/new/", account_views.account_create, name="account_create"),
    path("users/export.xlsx", account_views.account_export, name="account_export"),
    path("users/<int:pk>/", account_views.account_detail, name="account_detail"),
]
