from django.urls import path

from . import views

app_name = "comptes"
urlpatterns = [
    path("comptes/profil/", views.profil, name="profil"),
    path("comptes/profil/jetons/<int:pk>/revoquer/", views.jeton_revoquer_mien, name="jeton_revoquer"),
    path("comptes/profil/sessions/<int:pk>/fermer/", views.session_revoquer, name="session_revoquer"),
    path("organisation/securite/", views.securite_personnel, name="securite_personnel"),
    path("organisation/securite/jetons/<int:pk>/revoquer/", views.jeton_revoquer_personnel,
         name="jeton_revoquer_personnel"),
]
