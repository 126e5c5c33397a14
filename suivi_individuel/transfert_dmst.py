"""Transmission of a worker's medical record (DMST) when the worker changes service.

Law: the DMST « peut être communiqué à un autre médecin du travail dans la continuité de la prise
en charge, sauf refus du travailleur » (code du travail, L4624-8 al. 3). The service now in charge
asks for it; it informs the worker and makes sure the worker does not object; the record is then
sent by secure health messaging (R4624-45-7, décret n° 2022-1434 du 15 novembre 2022). Hence:

- only a physician of the worker's team sends or receives it (``peut(…, "transferer_dmst")``), every
  attempt — granted or refused — written to the medical access log;
- the worker's non-opposition (date, how) is required on both sides and travels in the file;
- the file is JSON following ``docs/dmst-transfert.schema.json`` (checked when written and when
  read), with a PDF for reading; both are stored through the protected storage
  (``spsti.fichiers``); a received record is kept as received and shown « reçu de … » in the DMST.
"""

import json
from decimal import Decimal
from functools import cache

import jsonschema
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from spsti.models import AccesDossierMedical
from spsti.pdf import pdf_depuis_gabarit
from spsti.permissions import peut
from spsti.televersements import FichierRefuse, lire_televersement

from .models import (
    CHAMPS_EXAMEN,
    DossierMedical,
    ModeConsentement,
    SensTransfert,
    TransfertDMST,
)
from .selectors import sections_du_dossier

BASE_LEGALE = "Code du travail, art. L4624-8 al. 3 et R4624-45-7"


@cache
def schema() -> dict:
    with open(settings.BASE_DIR / "docs" / "dmst-transfert.schema.json", encoding="utf-8") as fichier:
        return json.load(fichier)


def acces_transfert(*, rattachement, salarie, origine: str) -> None:
    """The physician of the worker's team, and no one else; the attempt is logged either way."""
    accorde = peut(rattachement, "transferer_dmst", salarie)
    AccesDossierMedical.journaliser(rattachement=rattachement, salarie=salarie, origine=origine, accorde=accorde)
    if not accorde:
        raise PermissionDenied("La transmission du dossier médical est réservée au médecin du travail de l'équipe "
                               "du salarié (L4624-8).")


def _consentement(consentement_le, consentement_mode) -> dict:
    erreurs = {}
    if not consentement_le:
        erreurs["consentement_le"] = ("Indiquez quand le salarié, informé, a dit ne pas s'opposer à la transmission "
                                      "(R4624-45-7).")
    elif consentement_le > timezone.localdate():
        erreurs["consentement_le"] = "Cette date est à venir : recueillez d'abord la non-opposition du salarié."
    if consentement_mode not in ModeConsentement.values:
        erreurs["consentement_mode"] = "Indiquez comment la non-opposition du salarié a été recueillie."
    if erreurs:
        raise ValidationError(erreurs)
    return {"recueilli_le": consentement_le.isoformat(), "mode": consentement_mode}


def _nombre(valeur):
    return float(valeur) if isinstance(valeur, Decimal) else valeur


def contenu_dmst(*, dossier: DossierMedical, par, destinataire: str, consentement: dict) -> dict:
    """The record as the schema describes it (call after ``acces_transfert``)."""
    salarie, sections = dossier.salarie, sections_du_dossier(dossier)
    utilisateur = par.utilisateur
    return {
        "format": "spsti-dmst-transfert", "version": 1, "base_legale": BASE_LEGALE,
        "emis_le": timezone.now().isoformat(),
        "service_emetteur": {"nom": salarie.tenant.nom, "siren": salarie.tenant.siren or ""},
        "medecin": {"nom": utilisateur.last_name, "prenom": utilisateur.first_name, "email": utilisateur.email},
        "service_destinataire": destinataire, "consentement": consentement,
        "travailleur": {"nom": salarie.nom, "nom_naissance": salarie.nom_naissance, "prenom": salarie.prenom,
                        "date_naissance": salarie.date_naissance.isoformat(), "sexe": salarie.sexe,
                        "nir": salarie.nir, "ins": dossier.ins or salarie.ins, "categorie_suivi": salarie.categorie,
                        "motifs_categorie": list(salarie.motifs_categorie)},
        "dossier": {"expositions": dossier.expositions, "informations_sante": dossier.informations_sante,
                    "notes": dossier.notes},
        "emplois": [{"employeur": str(e.adherent), "poste": e.poste, "code_pcs": e.code_pcs,
                     "date_embauche": e.date_embauche.isoformat(),
                     "date_sortie": e.date_sortie.isoformat() if e.date_sortie else None}
                    for e in sections["emplois"]],
        "visites": [{
            "date": v.date.isoformat() if v.date else None, "type": v.type,
            "libelle": str(v.type_service or v.get_type_display()), "statut": v.get_statut_display(),
            "professionnel": v.professionnel.utilisateur.get_full_name() if v.professionnel else "",
            "examen": {champ: _nombre(getattr(v.examen, champ)) for champ in CHAMPS_EXAMEN} if v.examen else None,
            "document": {"nature": v.issue.nature, "libelle": v.issue.get_nature_display(),
                         "emis_le": v.issue.emis_le.isoformat(), "propositions": v.issue.propositions}
            if v.issue else None,
        } for v in sections["visites"]],
        "arrets": [{"nature": a.get_nature_display(), "debut": a.debut.isoformat(), "reprise": a.reprise.isoformat()}
                   for a in sections["arrets"]],
    }


def verifier(contenu) -> None:
    """The file follows the published schema (French message, the path of the first fault)."""
    validateur = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    erreur = jsonschema.exceptions.best_match(validateur.iter_errors(contenu))
    if erreur is not None:
        chemin = "/".join(str(p) for p in erreur.absolute_path) or "racine"
        raise ValidationError({"fichier": f"Ce fichier ne suit pas le format de transmission du DMST "
                                          f"(docs/dmst-transfert.schema.json) : erreur en « {chemin} »."})


@transaction.atomic
def dmst_transmettre(*, salarie, par, destinataire: str, consentement_le, consentement_mode: str) -> TransfertDMST:
    """The physician sends the record to the service now in charge: JSON and PDF, stored."""
    dossier, _ = DossierMedical.objects.get_or_create(tenant=salarie.tenant, salarie=salarie)
    if not destinataire.strip():
        raise ValidationError({"destinataire": "Indiquez le service de santé au travail qui demande le dossier."})
    contenu = contenu_dmst(dossier=dossier, par=par, destinataire=destinataire.strip(),
                           consentement=_consentement(consentement_le, consentement_mode))
    verifier(contenu)
    transfert = TransfertDMST(tenant=salarie.tenant, salarie=salarie, sens=SensTransfert.EMIS, par=par,
                              autre_service=destinataire.strip(), consentement_le=consentement_le,
                              consentement_mode=consentement_mode)
    nom = f"dmst-{salarie.nom}-{timezone.localdate():%Y%m%d}".lower().replace(" ", "-")
    transfert.fichier.save(f"{nom}.json", ContentFile(json.dumps(contenu, ensure_ascii=False, indent=2).encode()),
                           save=False)
    pdf = pdf_depuis_gabarit("suivi_individuel/pdf/dmst_transfert.html", {
        "service": salarie.tenant, "dmst": contenu, "mode_consentement": ModeConsentement(consentement_mode).label,
        "categorie": salarie.get_categorie_display(), "motifs": salarie.get_motifs_categorie_display()})
    transfert.pdf.save(f"{nom}.pdf", ContentFile(pdf), save=False)
    transfert.save()
    return transfert


def _meme_personne(travailleur: dict, salarie) -> bool:
    if travailleur.get("nir") and salarie.nir:
        return travailleur["nir"] == salarie.nir
    return (travailleur.get("date_naissance") == salarie.date_naissance.isoformat()
            and travailleur.get("nom", "").casefold() in {salarie.nom.casefold(), salarie.nom_naissance.casefold()}
            and travailleur.get("prenom", "").casefold() == salarie.prenom.casefold())


@transaction.atomic
def dmst_recevoir(*, salarie, par, fichier, consentement_le, consentement_mode: str) -> TransfertDMST:
    """The receiving service's physician adds a transmitted record to the worker's DMST."""
    _consentement(consentement_le, consentement_mode)
    try:
        contenu = json.loads(lire_televersement(fichier).decode("utf-8"))
    except FichierRefuse as refus:
        raise ValidationError({"fichier": str(refus)}) from refus
    except ValueError as erreur:  # not UTF-8, not JSON
        raise ValidationError({"fichier": "Ce fichier n'est pas un fichier JSON de transmission du DMST."}) from erreur
    if isinstance(contenu, dict) and not contenu.get("consentement"):
        raise ValidationError({"fichier": "Ce dossier ne porte pas la non-opposition du salarié à sa transmission "
                                          "(R4624-45-7) : il ne peut pas être reçu."})
    verifier(contenu)
    if not _meme_personne(contenu["travailleur"], salarie):
        t = contenu["travailleur"]
        raise ValidationError({"fichier": f"Ce dossier concerne {t['prenom']} {t['nom']}, né·e le "
                                          f"{t['date_naissance']} : pas ce salarié."})
    fichier.seek(0)
    transfert = TransfertDMST(tenant=salarie.tenant, salarie=salarie, sens=SensTransfert.RECU, par=par,
                              autre_service=contenu["service_emetteur"]["nom"], consentement_le=consentement_le,
                              consentement_mode=consentement_mode, contenu=contenu)
    transfert.fichier.save(f"dmst-recu-{timezone.localdate():%Y%m%d}.json", fichier, save=False)
    transfert.save()
    return transfert
