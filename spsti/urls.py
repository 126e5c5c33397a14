from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from adherents import api_portail
from adherents.api import (
    AdherentsViewSet,
    CodesNAFViewSet,
    ContactsViewSet,
    DeclarationsViewSet,
    EmploisViewSet,
    EtablissementsViewSet,
    SalariesViewSet,
)
from cellule_pdp.api import DossiersViewSet, SignalementsViewSet
from duerp.api import DocumentsDUERPViewSet, InscriptionsViewSet, PlansViewSet, RelaisViewSet, SessionsViewSet
from fiche_entreprise.api import (
    ActionsViewSet,
    EcheancesPreventionViewSet,
    FichesEntrepriseViewSet,
    MesuragesViewSet,
    TypesActionViewSet,
)
from indicateurs.api import IndicateursViewSet
from offres.api import (
    DemandesOffreViewSet,
    FacturesViewSet,
    GrillesViewSet,
    OffresViewSet,
    PaiementsViewSet,
    SouscriptionsViewSet,
)
from suivi_individuel.api import (
    ArretsTravailViewSet,
    DemandesVisiteViewSet,
    DisponibilitesViewSet,
    DocumentsSuiviViewSet,
    DossierMedicalViewSet,
    EcheancesViewSet,
    ProtocolesViewSet,
    TypesVisiteViewSet,
    VisitesViewSet,
)

from . import api, api_thesaurus, exploitation, organisation, views

routeur = DefaultRouter()
routeur.APIRootView = api.RacineAPI
routeur.register("services", api.ServicesViewSet, basename="service")
routeur.register("centres", api.CentresViewSet, basename="centre")
routeur.register("equipes", api.EquipesViewSet, basename="equipe")
routeur.register("personnel", api.PersonnelViewSet, basename="personnel")
routeur.register("alertes", api.AlertesViewSet, basename="alerte")
routeur.register("journal-acces-medical", api.JournalAccesViewSet, basename="journal-acces")
routeur.register("dossiers-medicaux", DossierMedicalViewSet, basename="dossier-medical")
routeur.register("adherents", AdherentsViewSet, basename="adherent")
routeur.register("etablissements", EtablissementsViewSet, basename="etablissement")
routeur.register("contacts", ContactsViewSet, basename="contact")
routeur.register("salaries", SalariesViewSet, basename="salarie")
routeur.register("emplois", EmploisViewSet, basename="emploi")
routeur.register("declarations", DeclarationsViewSet, basename="declaration")
routeur.register("portail/salaries", api_portail.SalariesPortailViewSet, basename="portail-salarie")
routeur.register("portail/embauches", api_portail.EmbauchesViewSet, basename="portail-embauche")
routeur.register("portail/sorties", api_portail.SortiesViewSet, basename="portail-sortie")
routeur.register("portail/propositions-categorie", api_portail.PropositionsPortailViewSet,
                 basename="portail-proposition")
routeur.register("codes-naf", CodesNAFViewSet, basename="code-naf")
routeur.register("echeances", EcheancesViewSet, basename="echeance")
routeur.register("types-visite", TypesVisiteViewSet, basename="type-visite")
routeur.register("disponibilites", DisponibilitesViewSet, basename="disponibilite")
routeur.register("visites", VisitesViewSet, basename="visite")
routeur.register("documents-suivi", DocumentsSuiviViewSet, basename="document-suivi")
routeur.register("arrets-travail", ArretsTravailViewSet, basename="arret-travail")
routeur.register("demandes-visite", DemandesVisiteViewSet, basename="demande-visite")
routeur.register("signalements-pdp", SignalementsViewSet, basename="signalement-pdp")
routeur.register("dossiers-pdp", DossiersViewSet, basename="dossier-pdp")
routeur.register("indicateurs", IndicateursViewSet, basename="indicateur")
routeur.register("fiches-entreprise", FichesEntrepriseViewSet, basename="fiche-entreprise")
routeur.register("actions-milieu-travail", ActionsViewSet, basename="action-milieu-travail")
routeur.register("mesurages", MesuragesViewSet, basename="mesurage")
routeur.register("echeances-prevention", EcheancesPreventionViewSet, basename="echeance-prevention")
routeur.register("types-action", TypesActionViewSet, basename="type-action")
routeur.register("sessions-collectives", SessionsViewSet, basename="session-collective")
routeur.register("inscriptions", InscriptionsViewSet, basename="inscription")
routeur.register("plans-action", PlansViewSet, basename="plan-action")
routeur.register("documents-duerp", DocumentsDUERPViewSet, basename="document-duerp")
routeur.register("offres", OffresViewSet, basename="offre")
routeur.register("grilles-tarifaires", GrillesViewSet, basename="grille-tarifaire")
routeur.register("souscriptions", SouscriptionsViewSet, basename="souscription")
routeur.register("demandes-offre", DemandesOffreViewSet, basename="demande-offre")
routeur.register("factures", FacturesViewSet, basename="facture")
routeur.register("paiements", PaiementsViewSet, basename="paiement")
routeur.register("protocoles-delegation", ProtocolesViewSet, basename="protocole-delegation")
routeur.register("relais-prevention", RelaisViewSet, basename="relais-prevention")
routeur.register("thesaurus", api_thesaurus.ThesaurusViewSet, basename="thesaurus")

comptes = [
    path("connexion/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path("mot-de-passe/oubli/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/oubli/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("mot-de-passe/nouveau/fait/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]

urlpatterns = [
    # first: the API answers most requests (software syncing lists), and the resolver tries the routes in order
    path("api/v1/", include(routeur.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
    path("", views.racine, name="racine"),
    path("comptes/", include(comptes)),
    path("", include("comptes.urls")),  # issue 11: profile, tokens, second factor, staff security
    path("oidc/", include("mozilla_django_oidc.urls")),  # issue 11: Pro Santé Connect
    path("webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),  # issue 11: passkeys
    path("accueil/", views.accueil, name="accueil"),
    path("changer-service/", views.changer_service, name="changer_service"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/service/", organisation.service_modifier, name="service_modifier"),
    path("organisation/centres/nouveau/", organisation.centre_editer, name="centre_creer"),
    path("organisation/centres/<int:pk>/", organisation.centre_editer, name="centre_modifier"),
    path("organisation/equipes/nouvelle/", organisation.equipe_editer, name="equipe_creer"),
    path("organisation/equipes/<int:pk>/", organisation.equipe_editer, name="equipe_modifier"),
    path("organisation/personnel/nouveau/", organisation.personnel_inviter, name="personnel_inviter"),
    path("organisation/personnel/<int:pk>/", organisation.personnel_modifier, name="personnel_modifier"),
    path("organisation/thesaurus/", organisation.thesaurus_liste, name="thesaurus_liste"),
    path("organisation/thesaurus/<slug:cle>/", organisation.thesaurus_entrees, name="thesaurus_entrees"),
    path("organisation/thesaurus/<slug:cle>/nouvelle/", organisation.thesaurus_editer, name="thesaurus_creer"),
    path("organisation/thesaurus/<slug:cle>/<int:pk>/", organisation.thesaurus_editer, name="thesaurus_modifier"),
    path("alertes/", views.alertes, name="alertes"),
    path("alertes/<int:pk>/reporter/", views.alerte_reporter, name="alerte_reporter"),
    path("historique/<str:modele>/<int:pk>/", views.historique, name="historique"),
    path("journal-acces-medical/", views.journal_acces, name="journal_acces"),
    path("taches-planifiees/", exploitation.taches_planifiees, name="taches_planifiees"),
    path("sante/", exploitation.sante, name="sante"),
    path("adherents/", include("adherents.urls")),
    path("suivi/", include("suivi_individuel.urls")),
    path("pdp/", include("cellule_pdp.urls")),
    path("prevention/", include("fiche_entreprise.urls")),
    path("duerp/", include("duerp.urls")),
    path("indicateurs/", include("indicateurs.urls")),
    path("portail/", include("adherents.urls_portail")),
    path("offres/", include("offres.urls")),
    path("organisation/webhooks/", include("webhooks.urls")),
    path("portail/entreprises/<int:pk>/offres/", include("offres.urls_portail")),
    path("admin/", admin.site.urls),
]

# Stored files are served only by their views (``spsti.fichiers.servir_fichier``); under /media/ only the
# services' logos are public, in every settings module.
urlpatterns += [re_path(r"^media/logos/(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT / "logos"})]
handler404 = "spsti.api.introuvable"
