from django.urls import path

from . import views, views_cellule

app_name = "cellule_pdp"
urlpatterns = [
    path("", views.file_attente, name="file_attente"),
    path("dossiers/", views.dossiers, name="dossiers"),
    path("dossiers/tableau-de-suivi.xlsx", views.exporter, name="exporter"),
    path("dossiers/<int:pk>/", views.dossier, name="dossier"),
    path("dossiers/<int:pk>/modifier/", views.dossier_modifier, name="dossier_modifier"),
    path("dossiers/<int:pk>/prendre-en-charge/", views.prendre_en_charge, name="prendre_en_charge"),
    path("dossiers/<int:pk>/journal/", views.journal_ajouter, name="journal_ajouter"),
    path("dossiers/<int:pk>/orientations/nouvelle/", views.orientation_ajouter, name="orientation_ajouter"),
    path("dossiers/<int:pk>/mesures/nouvelle/", views.mesure_editer, name="mesure_ajouter"),
    path("dossiers/<int:pk>/mesures/<int:mesure_pk>/", views.mesure_editer, name="mesure_modifier"),
    path("dossiers/<int:pk>/interventions/nouvelle/", views.intervention_ajouter, name="intervention_ajouter"),
    path("dossiers/<int:pk>/documents/nouveau/", views.document_ajouter, name="document_ajouter"),
    path("dossiers/<int:pk>/documents/<int:document_pk>/", views.document_telecharger, name="document"),
    path("dossiers/<int:pk>/consentement/", views.consentement_recueillir, name="consentement_recueillir"),
    path("dossiers/<int:pk>/consentement/<int:consentement_pk>/retirer/", views.consentement_retirer,
         name="consentement_retirer"),
    path("dossiers/<int:pk>/partages/nouveau/", views.partage_ajouter, name="partage_ajouter"),
    path("dossiers/<int:pk>/clore/", views.cloturer, name="cloturer"),
    path("salaries/<int:salarie_id>/signaler/", views.signaler, name="signaler"),
    path("statistiques/", views.statistiques, name="statistiques"),
    path("reunions/", views_cellule.reunions, name="reunions"),
    path("reunions/ordre-du-jour.pdf", views_cellule.ordre_du_jour_pdf, name="ordre_du_jour_pdf"),
    path("reunions/nouvelle/", views_cellule.reunion_creer, name="reunion_creer"),
    path("reunions/<int:pk>/", views_cellule.reunion, name="reunion"),
    path("reperage/", views_cellule.liste_reperage, name="reperage"),
    path("reperage/<int:salarie_id>/signaler/", views_cellule.reperage_signaler, name="reperage_signaler"),
    path("reperage/<int:salarie_id>/ecarter/", views_cellule.reperage_ecarter, name="reperage_ecarter"),
    path("partenaires/", views_cellule.partenaires, name="partenaires"),
    path("partenaires/nouveau/", views_cellule.partenaire_editer, name="partenaire_creer"),
    path("partenaires/<int:pk>/", views_cellule.partenaire_editer, name="partenaire_modifier"),
    path("reglages/", views_cellule.reglages, name="reglages"),
]
