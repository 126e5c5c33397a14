from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from cellule_pdp import portail as pdp
from suivi_individuel import portail as suivi
from webhooks import views as webhooks

from . import portail

app_name = "portail"
urlpatterns = [
    path("", portail.accueil, name="accueil"),
    path("connexion/", auth_views.LoginView.as_view(
        template_name="portail/connexion.html", redirect_authenticated_user=True,
        next_page=reverse_lazy("portail:accueil")), name="connexion"),
    path("entreprises/<int:pk>/", portail.entreprise, name="entreprise"),
    path("entreprises/<int:pk>/contacts/nouveau/", portail.contact_editer, name="contact_creer"),
    path("entreprises/<int:pk>/contacts/<int:contact_pk>/", portail.contact_editer, name="contact_modifier"),
    path("entreprises/<int:pk>/message/", portail.message_envoyer, name="message"),
    path("entreprises/<int:pk>/salaries/<int:salarie_pk>/categorie/", portail.categorie_proposer,
         name="categorie_proposer"),
    path("entreprises/<int:pk>/declarations/<int:declaration_pk>/", portail.declaration_fichier,
         name="declaration_fichier"),
    path("entreprises/<int:pk>/effectifs.csv", portail.effectifs_exporter, name="effectifs_exporter"),
    path("entreprises/<int:pk>/effectifs/formulaire/", portail.effectifs_formulaire, name="effectifs_formulaire"),
    path("entreprises/<int:pk>/effectifs/deposer/", portail.effectifs_deposer, name="effectifs_deposer"),
    path("entreprises/<int:pk>/convocations/<int:visite_pk>.pdf", suivi.convocation_pdf, name="convocation_pdf"),
    path("entreprises/<int:pk>/documents-suivi/<int:document_pk>/", suivi.document_suivi, name="document_suivi"),
    path("entreprises/<int:pk>/preferences/", suivi.preferences, name="preferences"),
    path("entreprises/<int:pk>/arrets/nouveau/", suivi.arret_declarer, name="arret_declarer"),
    path("entreprises/<int:pk>/visites/demander/", suivi.visite_demander, name="visite_demander"),
    path("entreprises/<int:pk>/maintien-en-emploi/signaler/", pdp.signaler, name="pdp_signaler"),
    path("entreprises/<int:pk>/webhooks/", webhooks.portail_abonnements, name="webhooks"),
    path("entreprises/<int:pk>/webhooks/<int:abonnement_pk>/", webhooks.portail_abonnement, name="webhook"),
    path("entreprises/<int:pk>/webhooks/livraisons/<int:livraison_pk>/rejouer/", webhooks.portail_livraison_rejouer,
         name="webhook_rejouer"),
    path("entreprises/<int:pk>/", include("fiche_entreprise.urls_portail")),
    path("adhesion/<int:service_id>/", portail.adhesion, name="adhesion"),
    path("adhesion/<int:service_id>/envoyee/", portail.adhesion_envoyee, name="adhesion_envoyee"),
    path("activation/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="portail/activation.html", success_url=reverse_lazy("portail:activation_faite")),
        name="activation"),
    path("activation/faite/", auth_views.PasswordResetCompleteView.as_view(
        template_name="portail/activation_faite.html"), name="activation_faite"),
    path("deconnexion/", auth_views.LogoutView.as_view(next_page=reverse_lazy("portail:connexion")),
         name="deconnexion"),
]
