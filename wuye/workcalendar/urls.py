from django.urls import path

from wuye.workcalendar import views

app_name = "workcalendar"

urlpatterns = [
    path("", views.current_year, name="index"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/correct/", views.day_correct, name="correct"),
    path("<int:year>/import/", views.year_import, name="import"),
    path("<int:year>/confirm/", views.year_confirm, name="confirm"),
    path("<int:year>/seed/", views.year_seed, name="seed"),
    path("<int:year>/template.csv", views.year_template, name="template"),
]
