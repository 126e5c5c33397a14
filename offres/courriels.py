"""The e-mails of billing: an issued invoice (or credit note) and each reminder step go to the
member's billing contact with the PDF attached. Sent by the outbox handlers (``offres.effets``),
never in the request."""

from django.core.mail import EmailMessage

from adherents.models import AccesPortail, Contact, RoleContact, RolePortail

from . import documents, rules
from .models import Facture, NatureFacture


def destinataires_facturation(adherent) -> list[str]:
    """Who receives the invoices: the billing contacts and the portal users holding the billing
    role; failing them, the employer's contacts."""
    adresses = list(Contact.objects.filter(adherent=adherent, role=RoleContact.FACTURATION).exclude(email="")
                    .values_list("email", flat=True))
    adresses += AccesPortail.objects.filter(adherent=adherent, role=RolePortail.FACTURATION).values_list(
        "rattachement__utilisateur__email", flat=True)
    if not adresses:
        adresses = list(Contact.objects.filter(adherent=adherent, role=RoleContact.EMPLOYEUR).exclude(email="")
                        .values_list("email", flat=True))
    return sorted({adresse.lower() for adresse in adresses})


def _envoyer(facture: Facture, sujet: str, texte: str, pieces: list[tuple[str, bytes]]) -> list[str]:
    destinataires = destinataires_facturation(facture.adherent)
    if not destinataires:
        return []
    courriel = EmailMessage(subject=sujet, body=texte, to=destinataires)
    for nom, contenu in pieces:
        courriel.attach(nom, contenu, "application/pdf")
    courriel.send()
    return destinataires


def facture_envoyer(facture: Facture) -> list[str]:
    service = facture.tenant
    nature = facture.get_nature_display().lower()
    texte = (f"Bonjour,\n\nVeuillez trouver ci-joint notre {nature} n° {facture.numero} du "
             f"{facture.emise_le:%d/%m/%Y} : {facture.objet}, {rules.euros(facture.montant_ttc)} TTC.\n")
    if facture.nature == NatureFacture.FACTURE:
        texte += f"À régler au plus tard le {facture.echeance:%d/%m/%Y}, en rappelant la référence {facture.numero}.\n"
    texte += ("\nLe PDF est une facture électronique Factur-X : votre logiciel comptable en lit les données. "
              f"Vous la retrouvez aussi dans votre espace adhérent.\n\nLe service comptable, {service}\n")
    return _envoyer(facture, f"{service} : {nature} n° {facture.numero}", texte,
                    [(documents.nom_fichier(facture), documents.facture_facturx(facture))])


def relance_envoyer(facture: Facture, rang: int, reste) -> list[str]:
    service = facture.tenant
    _, titre = rules.ETAPES_RELANCE[rang - 1]
    texte = (f"Bonjour,\n\nSauf erreur de notre part, la facture n° {facture.numero} du {facture.emise_le:%d/%m/%Y}, "
             f"échue le {facture.echeance:%d/%m/%Y}, reste due pour {rules.euros(reste)}. Vous trouverez ci-joint "
             f"notre courrier et la facture.\n\nSi votre paiement est parti entre-temps, ne tenez pas compte de ce "
             f"message.\n\nLe service comptable, {service}\n")
    return _envoyer(facture, f"{service} : {titre.lower()} — facture n° {facture.numero}", texte, [
        (f"relance-{rang}-{facture.numero}.pdf", documents.lettre_relance_pdf(facture, rang, reste)),
        (documents.nom_fichier(facture), documents.facture_facturx(facture))])
