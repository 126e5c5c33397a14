"""The subscriptions' pages: the director's (partner systems, and every member's subscription,
under Organisation) and a member's (its own company's, in the portal). One set of views, given
the subscriptions the caller may see."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from adherents.portail import adherent_du_portail
from spsti.acces import capacite_requise
from spsti.forms import traiter_formulaire
from spsti.permissions import Capacite

from .effets import rejouer
from .forms import AbonnementForm
from .models import Abonnement, Livraison, TypeEvenement

CLE_SECRET = "webhook_secret_a_montrer"


def _liste(request, abonnements, *, adherent, layout, gabarit_formulaire, urls):
    form = AbonnementForm(request.POST or None, service=request.service, adherent=adherent, auteur=request.user)
    objet, page = traiter_formulaire(request, form, "Nouvel abonnement", "Abonnement « {objet.nom} » créé.",
                                     retour=("Webhooks", urls["liste"]), gabarit=gabarit_formulaire)
    if objet is not None:
        request.session[CLE_SECRET] = {"id": objet.pk, "secret": objet.secret}
        return redirect(urls["detail"](objet.pk))
    if request.method == "POST":
        return page
    return render(request, "webhooks/abonnements.html", {
        "layout": layout, "adherent": adherent, "form": form, "urls": urls, "types": TypeEvenement.choices,
        "abonnements": abonnements.select_related("adherent").order_by("nom", "pk")})


def _detail(request, abonnement, *, layout, urls):
    a_montrer = request.session.pop(CLE_SECRET, None)
    secret = a_montrer["secret"] if a_montrer and a_montrer["id"] == abonnement.pk else None
    livraisons = Livraison.objects.filter(abonnement=abonnement).prefetch_related("essais").order_by("-creee_le", "-pk")
    return render(request, "webhooks/abonnement.html", {
        "layout": layout, "abonnement": abonnement, "secret": secret, "urls": urls,
        "page": Paginator(livraisons, 25).get_page(request.GET.get("page"))})


def _rejouer(request, livraison, url_retour):
    if rejouer(livraison):
        messages.success(request, "Nouvel envoi programmé : son résultat s'affiche dans l'historique des tentatives.")
    else:
        messages.error(request, "Cet envoi est encore en cours de tentatives : rejouez-le une fois livré ou abandonné.")
    return redirect(url_retour)


# --- the director's pages (Organisation → Webhooks) ---

def _urls_service():
    return {"liste": reverse("webhooks:abonnements"),
            "detail": lambda pk: reverse("webhooks:abonnement", args=[pk]),
            "rejouer": "webhooks:rejouer", "portail": False}


@capacite_requise(Capacite.GERER_ORGANISATION)
def abonnements(request):
    return _liste(request, Abonnement.objects.all(), adherent=None, layout="spsti/layout.html",
                  gabarit_formulaire="spsti/formulaire.html", urls=_urls_service())


@capacite_requise(Capacite.GERER_ORGANISATION)
def abonnement(request, pk: int):
    abonnement = get_object_or_404(Abonnement.objects.select_related("adherent"), pk=pk)
    return _detail(request, abonnement, layout="spsti/layout.html", urls=_urls_service())


@require_POST
@capacite_requise(Capacite.GERER_ORGANISATION)
def livraison_rejouer(request, pk: int):
    livraison = get_object_or_404(Livraison.objects.all(), pk=pk)
    return _rejouer(request, livraison, reverse("webhooks:abonnement", args=[livraison.abonnement_id]))


# --- a member's pages (portal → its company → Webhooks): its own subscriptions only ---

def _urls_portail(adherent):
    return {"liste": reverse("portail:webhooks", args=[adherent.pk]),
            "detail": lambda pk: reverse("portail:webhook", args=[adherent.pk, pk]),
            "rejouer": "portail:webhook_rejouer", "portail": True, "adherent": adherent.pk}


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def portail_abonnements(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    return _liste(request, Abonnement.objects.filter(adherent=adherent), adherent=adherent,
                  layout="portail/layout.html", gabarit_formulaire="portail/formulaire.html",
                  urls=_urls_portail(adherent))


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def portail_abonnement(request, pk: int, abonnement_pk: int):
    adherent = adherent_du_portail(request, pk)
    abonnement = get_object_or_404(Abonnement.objects.filter(adherent=adherent), pk=abonnement_pk)
    return _detail(request, abonnement, layout="portail/layout.html", urls=_urls_portail(adherent))


@require_POST
@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def portail_livraison_rejouer(request, pk: int, livraison_pk: int):
    adherent = adherent_du_portail(request, pk)
    livraison = get_object_or_404(Livraison.objects.filter(abonnement__adherent=adherent), pk=livraison_pk)
    return _rejouer(request, livraison, reverse("portail:webhook", args=[adherent.pk, livraison.abonnement_id]))
