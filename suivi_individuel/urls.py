from django.urls import path

from . import views

app_name = "suivi_individuel"
urlpatterns = [
    path("echeancier/", views.echeancier, name="echeancier"),
    path("salaries/<int:salarie_id>/dossier-medical/", views.dossier_medical, name="dossier_medical"),
]
