from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("", views.abonnements, name="abonnements"),
    path("<int:pk>/", views.abonnement, name="abonnement"),
    path("livraisons/<int:pk>/rejouer/", views.livraison_rejouer, name="rejouer"),
]
