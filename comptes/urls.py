from django.urls import path

from . import views, vues_double_facteur

app_name = "comptes"
urlpatterns = [
    path("comptes/profil/", views.profil, name="profil"),
    path("comptes/profil/jetons/<int:pk>/revoquer/", views.jeton_revoquer_mien, name="jeton_revoquer"),
    path("comptes/profil/sessions/<int:pk>/fermer/", views.session_revoquer, name="session_revoquer"),
    path("comptes/double-facteur/", vues_double_facteur.verifier, name="double_facteur"),
    path("comptes/double-facteur/enrolement/", vues_double_facteur.enrolement, name="double_facteur_enrolement"),
    path("comptes/double-facteur/codes-secours/", vues_double_facteur.codes_secours, name="codes_secours"),
    path("comptes/double-facteur/desactiver/", vues_double_facteur.desactiver, name="double_facteur_desactiver"),
    path("organisation/securite/personnel/<int:pk>/double-facteur/reinitialiser/",
         vues_double_facteur.reinitialiser_personnel, name="double_facteur_reinitialiser"),
    path("organisation/securite/personnel/<int:pk>/debloquer/", views.deverrouiller_personnel, name="deverrouiller"),
    path("organisation/securite/", views.securite_personnel, name="securite_personnel"),
    path("organisation/securite/jetons/<int:pk>/revoquer/", views.jeton_revoquer_personnel,
         name="jeton_revoquer_personnel"),
]
