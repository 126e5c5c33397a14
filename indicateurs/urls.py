from django.urls import path

from . import views

app_name = "indicateurs"
urlpatterns = [
    path("", views.tableau_de_bord, name="tableau_de_bord"),
    path("domaines/", views.domaines, name="domaines"),
    path("definitions/", views.definitions, name="definitions"),
    path("objectifs/", views.objectifs, name="objectifs"),
    path("equipe/", views.equipe, name="equipe"),
    path("enquete-dgt/", views.enquete_dgt, name="enquete_dgt"),
    path("certification/", views.certification, name="certification"),
    path("simulateur/", views.simulateur, name="simulateur"),
    path("region/", views.regional, name="regional"),
    path("federation/", views.federation, name="federation"),
    path("recalculer/", views.recalculer, name="recalculer"),
    path("calculs/<int:pk>/", views.calcul, name="calcul"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/liste/", views.liste, name="liste"),
]
