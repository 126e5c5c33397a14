from django.urls import path

from . import views

app_name = "suivi_individuel"
urlpatterns = [
    path("echeancier/", views.echeancier, name="echeancier"),
    path("types-visite/", views.types_visite, name="types_visite"),
    path("types-visite/nouveau/", views.type_visite_editer, name="type_visite_creer"),
    path("types-visite/<int:pk>/", views.type_visite_editer, name="type_visite_modifier"),
    path("salaries/<int:salarie_id>/dossier-medical/", views.dossier_medical, name="dossier_medical"),
]
