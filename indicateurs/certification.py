"""The certification evidence pack (L4622-9-3, décret 2022-1031, arrêté of 27 July 2023): per
area of the reference framework, the figures and lists the product holds for a chosen period,
as tables (a PDF dossier, and a ZIP of one XLSX per table)."""

import io
import zipfile
from statistics import median

from django.conf import settings
from django.db.models import Count, Min, Q

from spsti.exports import neutraliser
from spsti.models import AccesDossierMedical
from spsti.securite_lignes import tables_du_service

from .registre import INDICATEURS, Periode

DOMAINES = [
    ("qualite_socle", "1. Qualité de l'offre socle", "Certification — Qualité de l'offre socle"),
    ("organisation", "2. Organisation et procédures", "Certification — Organisation et procédures"),
    ("finances", "3. Gestion financière et tarification", "Certification — Gestion financière et tarification"),
    ("rgpd", "4. Protection des données personnelles (RGPD)", "Certification — Protection des données"),
    ("securite", "5. Interopérabilité et sécurité informatique", "Certification — Sécurité informatique"),
]


def _indicateurs(reference: str, periode: Periode):
    """The indicators citing this certification area, computed over the period."""
    lignes = []
    for indicateur in sorted(INDICATEURS.values(), key=lambda i: (i.domaine, i.libelle)):
        if reference not in indicateur.references:
            continue
        valeur = indicateur.valeur(periode)
        lignes.append([indicateur.domaine, indicateur.libelle, valeur.numerateur, valeur.denominateur,
                       valeur.pourcentage, indicateur.definition_lue])
    return ("Indicateurs", ["Domaine", "Indicateur", "Numérateur", "Dénominateur", "%", "Définition"], lignes)


def _delais_demande_visite(periode: Periode):
    from suivi_individuel.models import StatutVisite, Visite

    delais = [(date - demandee.date()).days for demandee, date in Visite.objects.filter(
        statut=StatutVisite.REALISEE, date__range=(periode.debut, periode.fin), demandee_le__isnull=False,
    ).values_list("demandee_le", "date")]
    return ("Délai de la demande à la visite", ["Visites à la demande réalisées", "Délai médian (jours)",
                                                "Délai maximal (jours)"],
            [[len(delais), median(delais) if delais else None, max(delais) if delais else None]])


def _delais_signalement_pdp(periode: Periode):
    from cellule_pdp.models import DossierPDP

    delais = [(ouvert - premier).days for ouvert, premier in DossierPDP.objects.filter(
        ouvert_le__range=(periode.debut, periode.fin)).annotate(
        premier=Min("signalements__recu_le")).values_list("ouvert_le", "premier") if premier]
    return ("Délai du signalement au dossier PDP", ["Dossiers ouverts", "Délai médian (jours)"],
            [[len(delais), median(delais) if delais else None]])


def _journal_medical(periode: Periode):
    lignes = (AccesDossierMedical.objects.filter(horodatage__date__range=(periode.debut, periode.fin))
              .values("role").annotate(accordes=Count("pk", filter=Q(accorde=True)),
                                       refuses=Count("pk", filter=Q(accorde=False))).order_by("role"))
    from spsti.permissions import Role

    return ("Journal des accès aux dossiers médicaux", ["Rôle", "Accès accordés", "Accès refusés"],
            [[Role(ligne["role"]).label, ligne["accordes"], ligne["refuses"]] for ligne in lignes])


def _securite():
    reglages = [
        ["Cloisonnement des services", "Portée par service sur chaque requête ; sécurité par ligne PostgreSQL "
                                       f"sur {len(tables_du_service())} tables"],
        ["Règles de mot de passe", f"{len(settings.AUTH_PASSWORD_VALIDATORS)} règles actives"],
        ["Cookie de session sécurisé", "oui" if getattr(settings, "SESSION_COOKIE_SECURE", False) else "non"],
        ["Durée de session (secondes)", str(getattr(settings, "SESSION_COOKIE_AGE", ""))],
        ["Journalisation des lectures de dossiers médicaux", "oui (chaque lecture, accordée ou refusée)"],
        ["Historique des modifications", "oui (qui, quand, quoi, sur chaque modèle métier)"],
    ]
    return ("Réglages de sécurité", ["Mesure", "État"], reglages)


def dossier(periode: Periode) -> list[tuple[str, str, list]]:
    """(key, title, tables) per area; a table is (name, headers, rows)."""
    contenu = {
        "qualite_socle": [_delais_demande_visite(periode), _delais_signalement_pdp(periode)],
        "rgpd": [_journal_medical(periode),
                 ("Registre des traitements", ["Traitement", "État"],
                  [["Registre des activités de traitement (article 30 RGPD)",
                    "tenu hors du produit : à joindre par le délégué à la protection des données"]])],
        "securite": [_securite()],
        "finances": [("Offre et grille tarifaire", ["Pièce", "État"],
                      [["Offre socle, offres complémentaires et grille tarifaire publiées",
                        "à joindre (module des offres et de la facturation)"]])],
    }
    return [(cle, titre, [_indicateurs(reference, periode)] + contenu.get(cle, []))
            for cle, titre, reference in DOMAINES]


def zip_xlsx(periode: Periode) -> bytes:
    import tablib

    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        for cle, _, tables in dossier(periode):
            for rang, (nom, entetes, lignes) in enumerate(tables, start=1):
                donnees = neutraliser(tablib.Dataset(*[["" if v is None else v for v in ligne] for ligne in lignes],
                                                     headers=entetes, title=nom[:31]))
                archive.writestr(f"{cle}/{rang:02d}-{nom[:40].replace('/', '-')}.xlsx", donnees.export("xlsx"))
    return tampon.getvalue()
