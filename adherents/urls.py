from django.urls import path

from . import views

app_name = "adherents"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("export.csv", views.exporter, {"format_export": "csv"}, name="exporter_csv"),
    path("export.xlsx", views.exporter, {"format_export": "xlsx"}, name="exporter_xlsx"),
    path("nouveau/", views.adherent_editer, name="creer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.adherent_editer, name="modifier"),
    path("<int:adherent_pk>/etablissements/nouveau/", views.etablissement_editer, name="etablissement_creer"),
    path("<int:adherent_pk>/etablissements/<int:pk>/", views.etablissement_editer, name="etablissement_modifier"),
    path("<int:adherent_pk>/contacts/nouveau/", views.contact_editer, name="contact_creer"),
    path("<int:adherent_pk>/contacts/<int:pk>/", views.contact_editer, name="contact_modifier"),
    path("<int:adherent_pk>/trajectoire/<int:pk>/", views.etape_realiser, name="etape_realiser"),
    path("<int:adherent_pk>/salaries/nouveau/", views.salarie_creer, name="salarie_creer"),
    path("salaries/recherche/", views.salaries_recherche, name="salaries_recherche"),
    path("salaries/<int:pk>/", views.salarie, name="salarie"),
    path("salaries/<int:pk>/modifier/", views.salarie_modifier, name="salarie_modifier"),
    path("salaries/<int:salarie_pk>/emplois/nouveau/", views.emploi_editer, name="emploi_creer"),
    path("salaries/<int:salarie_pk>/emplois/<int:pk>/", views.emploi_editer, name="emploi_modifier"),
    path("<int:adherent_pk>/messages/<int:pk>/", views.message_traiter, name="message_traiter"),
    path("declarations/<int:pk>/fichier/", views.declaration_fichier, name="declaration_fichier"),
    path("propositions/", views.propositions, name="propositions"),
    path("propositions/<int:pk>/", views.proposition_decision, name="proposition"),
    path("demandes/", views.demandes, name="demandes"),
    path("demandes/<int:pk>/", views.demande, name="demande"),
    path("trajectoire/", views.etapes_trajectoire, name="etapes_trajectoire"),
    path("trajectoire/nouvelle/", views.etape_trajectoire_editer, name="etape_trajectoire_creer"),
    path("trajectoire/<int:pk>/", views.etape_trajectoire_editer, name="etape_trajectoire_modifier"),
]
