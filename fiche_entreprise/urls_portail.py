"""The member portal's prevention pages (included under /portail/entreprises/<pk>/, in the
portal's namespace)."""

from django.urls import path

from duerp import portail as duerp

from . import portail

urlpatterns = [
    path("prevention/", portail.prevention, name="prevention"),
    path("fiches/<int:fiche_pk>/pdf/", portail.fiche_pdf, name="fiche_pdf"),
    path("visites-prevention/<int:action_pk>/", portail.visite_repondre, name="visite_prevention"),
    path("sessions/<int:session_pk>/inscription/", duerp.session_inscrire, name="session_inscrire"),
    path("duerp/deposer/", duerp.duerp_deposer, name="duerp_deposer"),
    path("duerp/<int:document_pk>/", duerp.duerp_fichier, name="duerp_fichier"),
    path("relais/<int:relais_pk>/contrat/", duerp.relais_contrat, name="relais_contrat"),
]
