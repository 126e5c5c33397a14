from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import portail

app_name = "portail"
urlpatterns = [
    path("", portail.accueil, name="accueil"),
    path("connexion/", auth_views.LoginView.as_view(
        template_name="portail/connexion.html", redirect_authenticated_user=True,
        next_page=reverse_lazy("portail:accueil")), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(next_page=reverse_lazy("portail:connexion")),
         name="deconnexion"),
]
