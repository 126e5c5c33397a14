"""Convocations: the letter (PDF) and its e-mail to the worker and the employer's contacts."""

from django.core.mail import EmailMessage
from django.utils import timezone

from adherents.models import Contact, RoleContact
from spsti.pdf import pdf_depuis_gabarit

from .models import Visite

DESTINATAIRES_EMPLOYEUR = (RoleContact.EMPLOYEUR, RoleContact.RH)


def pdf_convocation(visite: Visite) -> bytes:
    return pdf_depuis_gabarit("suivi_individuel/pdf/convocation.html", {
        "visite": visite, "service": visite.tenant, "debut": timezone.localtime(visite.debut),
        "aujourd_hui": timezone.localdate()})


def convocation_envoyer(visite: Visite) -> list[str]:
    """E-mails the letter to the worker (when their address is known) and to the employer's
    contacts; returns the addresses written to."""
    adresses = [visite.salarie.email] if visite.salarie.email else []
    adresses += [c.email for c in Contact.objects.filter(adherent_id=visite.salarie.adherent_id,
                                                         role__in=DESTINATAIRES_EMPLOYEUR).exclude(email="")]
    debut = timezone.localtime(visite.debut)
    courriel = EmailMessage(
        subject=f"Convocation : {visite.type_service or visite.get_type_display()} le {debut:%d/%m/%Y à %H:%M}",
        body=(f"Bonjour,\n\n{visite.salarie.prenom} {visite.salarie.nom} est convoqué·e le {debut:%d/%m/%Y à %H:%M} "
              f"par {visite.professionnel.utilisateur.get_full_name()} ({visite.get_mode_display().lower()}).\n"
              "Vous trouverez la convocation en pièce jointe ; elle est aussi sur votre portail adhérent.\n\n"
              f"{visite.tenant.nom}"),
        to=adresses)
    courriel.attach(f"convocation-{visite.pk}.pdf", pdf_convocation(visite), "application/pdf")
    if adresses:
        courriel.send()
    Visite.objects.filter(pk=visite.pk).update(convoquee_le=timezone.now())
    return adresses
