from django.urls import path

from wuye.messaging import views

app_name = "messaging"
urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
]
