from django.urls import path

from . import views

app_name = "suivi_individuel"
urlpatterns = [
    path("echeancier/", views.echeancier, name="echeancier"),
    path("agenda/", views.agenda_semaine, name="agenda"),
    path("disponibilites/nouvelle/", views.disponibilite_creer, name="disponibilite_creer"),
    path("visites/", views.visites_liste, name="visites"),
    path("visites/<int:pk>/", views.visite_detail, name="visite"),
    path("visites/<int:pk>/reporter/", views.visite_reporter, name="visite_reporter"),
    path("visites/<int:pk>/annuler/", views.visite_annuler, name="visite_annuler"),
    path("visites/<int:pk>/absence/", views.visite_absence, name="visite_absence"),
    path("visites/<int:pk>/enregistrer/", views.visite_enregistrer, name="visite_enregistrer"),
    path("visites/<int:pk>/orienter/", views.visite_orienter, name="visite_orienter"),
    path("visites/<int:pk>/orienter-pdp/", views.visite_orienter_pdp, name="visite_orienter_pdp"),
    path("visites/<int:pk>/convocation.pdf", views.convocation_pdf, name="convocation_pdf"),
    path("documents/<int:pk>/", views.document_pdf, name="document_pdf"),
    path("salaries/<int:salarie_id>/convoquer/", views.convoquer, name="convoquer"),
    path("salaries/<int:salarie_id>/arrets/nouveau/", views.arret_editer, name="arret_creer"),
    path("salaries/<int:salarie_id>/arrets/<int:pk>/", views.arret_editer, name="arret_modifier"),
    path("salaries/<int:salarie_id>/demande/", views.visite_demander, name="visite_demander"),
    path("adherents/<int:adherent_id>/planifier/", views.planifier_adherent, name="planifier_adherent"),
    path("adherents/<int:adherent_id>/preferences/", views.preferences_adherent, name="preferences_adherent"),
    path("protocoles/", views.protocoles, name="protocoles"),
    path("protocoles/nouveau/", views.protocole_editer, name="protocole_creer"),
    path("protocoles/<int:pk>/", views.protocole_editer, name="protocole_modifier"),
    path("protocoles/<int:pk>/signer/", views.protocole_signer, name="protocole_signer"),
    path("protocoles/<int:pk>/valider-cmt/", views.protocole_valider_cmt, name="protocole_valider_cmt"),
    path("types-visite/", views.types_visite, name="types_visite"),
    path("types-visite/nouveau/", views.type_visite_editer, name="type_visite_creer"),
    path("types-visite/<int:pk>/", views.type_visite_editer, name="type_visite_modifier"),
    path("salaries/<int:salarie_id>/dossier-medical/", views.dossier_medical, name="dossier_medical"),
    path("salaries/<int:salarie_id>/dossier-medical/transmettre/", views.dmst_transmettre, name="dmst_transmettre"),
    path("salaries/<int:salarie_id>/dossier-medical/recevoir/", views.dmst_recevoir, name="dmst_recevoir"),
    path("transmissions-dmst/<int:pk>/<str:format>/", views.dmst_fichier, name="dmst_fichier"),
    path("reglages/", views.reglages, name="reglages"),
]
