"""What the employer sees of its workers' follow-up in the portal: convocations and outcome
documents (never the medical part), and its scheduling preferences."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from adherents.portail import adherent_du_portail
from spsti.acces import capacite_requise
from spsti.permissions import Capacite

from .convocations import pdf_convocation
from .models import DocumentSuivi, StatutVisite, Visite
from .views import formulaire_preferences, reponse_document


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def convocation_pdf(request, pk: int, visite_pk: int):
    adherent = adherent_du_portail(request, pk)
    visite = get_object_or_404(Visite.objects.filter(salarie__adherent=adherent, statut=StatutVisite.PLANIFIEE),
                               pk=visite_pk)
    return HttpResponse(pdf_convocation(visite), content_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="convocation-{visite.pk}.pdf"'})


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def document_suivi(request, pk: int, document_pk: int):
    adherent = adherent_du_portail(request, pk)
    return reponse_document(get_object_or_404(DocumentSuivi.objects.filter(visite__salarie__adherent=adherent),
                                              pk=document_pk))


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def preferences(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    return formulaire_preferences(request, adherent, gabarit="portail/formulaire.html", retour=(
        str(adherent), reverse("portail:entreprise", args=[adherent.pk])))
