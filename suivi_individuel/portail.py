"""What the employer sees of its workers' follow-up in the portal: convocations and outcome
documents (never the medical part); what it tells the service: its scheduling preferences, its
workers' absences and returns (R4624-31), its requests for a visit (R4624-34)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from adherents.portail import adherent_du_portail, retour_entreprise
from adherents.selectors import salaries_presents
from spsti.acces import capacite_requise
from spsti.permissions import Capacite

from .convocations import pdf_convocation
from .forms import ArretTravailForm, DemandeVisiteForm
from .models import ArretTravail, DocumentSuivi, StatutVisite, TypeVisite, Visite
from .views import formulaire_arret, formulaire_demande, formulaire_preferences, reponse_document


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
    return reponse_document(request, get_object_or_404(DocumentSuivi.objects.filter(visite__salarie__adherent=adherent),
                                              pk=document_pk))


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def preferences(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    return formulaire_preferences(request, adherent, gabarit="portail/formulaire.html",
                                  retour=retour_entreprise(adherent))


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def arret_declarer(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    form = ArretTravailForm(request.POST or None, instance=ArretTravail(), service=request.service,
                            salaries=salaries_presents(adherent))
    return formulaire_arret(request, form, titre="Déclarer un arrêt de travail et la date de reprise",
                            retour=retour_entreprise(adherent), gabarit="portail/formulaire.html")


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def visite_demander(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    form = DemandeVisiteForm(request.POST or None, salaries=salaries_presents(adherent),
                             types=(TypeVisite.DEMANDE_EMPLOYEUR,))
    return formulaire_demande(request, form, titre="Demander une visite pour un salarié",
                              retour=retour_entreprise(adherent), gabarit="portail/formulaire.html")
