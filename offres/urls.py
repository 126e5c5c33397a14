from django.urls import path

from . import views

app_name = "offres"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/nouvelle/", views.offre_editer, name="offre_creer"),
    path("catalogue/<int:pk>/", views.offre_editer, name="offre_modifier"),
    path("grilles/nouvelle/", views.grille_editer, name="grille_creer"),
    path("grilles/<int:pk>/", views.grille_editer, name="grille_modifier"),
    path("appels/<int:annee>/", views.appel, name="appel"),
    path("appels/<int:annee>/progression/", views.appel_progression, name="appel_progression"),
    path("factures/", views.factures, name="factures"),
    path("factures/<int:pk>/", views.facture, name="facture"),
    path("factures/<int:pk>/pdf/", views.facture_pdf, name="facture_pdf"),
    path("factures/<int:pk>/paiement/", views.paiement, name="paiement"),
    path("factures/<int:pk>/avoir/", views.avoir, name="avoir"),
    path("factures/<int:pk>/relance/<int:rang>/", views.relance_pdf, name="relance_pdf"),
    path("frais-absence/", views.frais_absence, name="frais_absence"),
    path("frais-absence/<int:pk>/", views.frais_decider, name="frais_decider"),
    path("demandes/", views.demandes, name="demandes"),
    path("demandes/<int:pk>/", views.demande, name="demande"),
    path("demandes/<int:pk>/facturer/", views.demande_facturer, name="demande_facturer"),
    path("adherents/<int:pk>/", views.compte_adherent, name="compte_adherent"),
    path("affiliations/<int:pk>/facturer/", views.affiliation_facturer, name="affiliation_facturer"),
    path("journal.csv", views.journal, {"format_export": "csv"}, name="journal_csv"),
    path("journal.xlsx", views.journal, {"format_export": "xlsx"}, name="journal_xlsx"),
    path("sepa/", views.sepa, name="sepa"),
    path("public/<int:service_id>/", views.publiques, name="publiques"),
    path("public/<int:service_id>/independant/", views.independant_adherer, name="independant_adherer"),
    path("questionnaires-epuisement/", views.questionnaires, name="questionnaires"),
    path("questionnaires-epuisement/<int:pk>/", views.questionnaire, name="questionnaire"),
]
