from django.urls import path

from . import portail

app_name = "offres_portail"
urlpatterns = [
    path("", portail.offres, name="offres"),
    path("demander/", portail.demander, name="demander"),
    path("factures/<int:facture_pk>/pdf/", portail.facture_pdf, name="facture_pdf"),
    path("affiliation/renouveler/", portail.renouveler, name="renouveler"),
    path("questionnaire-epuisement/", portail.questionnaire, name="questionnaire"),
]
