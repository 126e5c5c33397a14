"""Read queries of the offers and billing: headcount at the reference date, the yearly call's
preview, balances, and accounting's to-do."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce

from adherents import effectifs
from adherents.models import Adherent, StatutAdherent

from . import rules
from .models import (
    AffiliationIndependant,
    AppelCotisation,
    ChargesSocle,
    DemandeOffre,
    Facture,
    FraisAbsence,
    GrilleTarifaire,
    LigneFacture,
    NatureFacture,
    Paiement,
    StatutDemande,
    StatutFrais,
    TypeOffre,
    cout_moyen_national,
)

CODE_COTISATION = "cotisation"
ZERO = Decimal("0")


def emplois_au(reference: date) -> list[rules.EmploiAuJour]:
    """The employments open at the reference date (the one workforce count, ``adherents.effectifs``),
    of members not struck off before that date."""
    lignes = (effectifs.emplois_ouverts(reference)
              .exclude(adherent__statut=StatutAdherent.PROSPECT)
              .exclude(adherent__date_radiation__lt=reference)
              .values_list("salarie_id", "adherent_id", "salarie__categorie"))
    return [rules.EmploiAuJour(salarie_id=s, adherent_id=a, categorie=c)
            for s, a, c in lignes.iterator(chunk_size=5000)]


def grille_cotisation(annee: int) -> GrilleTarifaire | None:
    return (GrilleTarifaire.objects.filter(annee=annee, offre__type=TypeOffre.SOCLE, offre__code=CODE_COTISATION)
            .select_related("offre").first())


@dataclass
class LigneAppel:
    adherent: Adherent
    effectifs: dict[str, Decimal]
    cotisation_ht: Decimal
    droit_entree_ht: Decimal

    @property
    def effectif(self) -> Decimal:
        return sum(self.effectifs.values(), ZERO)

    @property
    def montant_ht(self) -> Decimal:
        return self.cotisation_ht + self.droit_entree_ht


@dataclass
class ApercuAppel:
    annee: int
    grille: GrilleTarifaire | None
    lignes: list[LigneAppel] = field(default_factory=list)
    erreur: str | None = None

    @property
    def total_ht(self) -> Decimal:
        return sum((ligne.montant_ht for ligne in self.lignes), ZERO)

    @property
    def total_effectif(self) -> Decimal:
        return sum((ligne.effectif for ligne in self.lignes), ZERO)

    @property
    def total_tva(self) -> Decimal:
        return sum((rules.montant_tva(ligne.montant_ht, self.grille.taux_tva) for ligne in self.lignes), ZERO)


def apercu_appel(annee: int) -> ApercuAppel:
    """The yearly call as it would be issued: headcount at 31 January (D4624-65), each worker
    counting as one (L4622-6), split between employers, the socle grid of the year applied,
    the entry fee for members who joined after the previous call's reference date."""
    grille = grille_cotisation(annee)
    if grille is None:
        return ApercuAppel(annee, None, erreur=f"Aucune grille de cotisation n'est saisie pour {annee}.")
    if grille.date_approbation_ag is None:
        return ApercuAppel(annee, grille, erreur=f"La grille de cotisation {annee} n'est pas encore approuvée "
                                                 "par l'assemblée générale (art. L4622-6).")
    effectifs = rules.effectifs_factures(emplois_au(rules.date_reference_effectif(annee)))
    adherents = (Adherent.objects.filter(pk__in=effectifs)
                 .only("pk", "tenant_id", "raison_sociale", "date_adhesion", "siren", "adresse", "code_postal", "ville")
                 .order_by("raison_sociale"))
    tarif, precedent = grille.tarif, rules.date_reference_effectif(annee - 1)
    lignes = []
    for adherent in adherents.iterator(chunk_size=5000):
        nouveau = adherent.date_adhesion > precedent  # not in the previous call: entry fee
        lignes.append(LigneAppel(adherent=adherent, effectifs=effectifs[adherent.pk],
                                 cotisation_ht=rules.montant_tarif(tarif, effectifs=effectifs[adherent.pk]),
                                 droit_entree_ht=grille.droit_entree if nouveau else ZERO))
    return ApercuAppel(annee, grille, lignes)


def cout_moyen(annee: int) -> dict:
    """The service's own average cost against the national band (D4622-27-4): charges of the
    socle of ``annee - 1`` ÷ workers invoiced by the call of ``annee - 1``."""
    precedente = annee - 1
    charges = ChargesSocle.objects.filter(annee=precedente).values_list("montant", flat=True).first()
    factures = (LigneFacture.objects.filter(facture__appel__annee=precedente, facture__nature=NatureFacture.FACTURE,
                                            offre__code=CODE_COTISATION)
                .aggregate(n=Coalesce(Sum("quantite"), ZERO))["n"])
    national = cout_moyen_national(annee)
    bande = rules.bande_cotisation(national) if national else None
    return {"annee": annee, "charges": charges, "salaries": factures, "national": national, "bande": bande,
            "cout": rules.cout_moyen_service(charges, factures) if charges is not None else None}


def reste_du(facture) -> Decimal:
    return Facture.tous_services.avec_reste().values_list("reste", flat=True).get(pk=facture.pk)


def solde_adherent(adherent) -> Decimal:
    """What the member owes: invoices − credit notes − payments."""
    lignes = Facture.objects.filter(adherent=adherent).values("nature").annotate(s=Sum("montant_ttc"))
    montants = {ligne["nature"]: ligne["s"] for ligne in lignes}
    payes = Paiement.objects.filter(facture__adherent=adherent).aggregate(s=Coalesce(Sum("montant"), ZERO))["s"]
    return montants.get(NatureFacture.FACTURE, ZERO) - montants.get(NatureFacture.AVOIR, ZERO) - payes


def factures_echues(aujourd_hui: date):
    """Invoices past their due date with something still owed (a queryset, oldest first)."""
    return (Facture.objects.avec_reste().filter(nature=NatureFacture.FACTURE, echeance__lt=aujourd_hui, reste__gt=0)
            .select_related("adherent").order_by("echeance", "numero"))


def impaye(adherent, aujourd_hui: date) -> bool:
    """The unpaid flag on a member's record (never blocks a worker's legal visit)."""
    return factures_echues(aujourd_hui).filter(adherent=adherent).exists()


@dataclass
class TravailComptable:
    appels_a_emettre: list[int]
    factures_echues: int
    frais_a_decider: list[FraisAbsence]
    demandes_a_facturer: list[DemandeOffre]
    paiements_a_rapprocher: list[Facture]
    affiliations_a_facturer: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return (len(self.appels_a_emettre) + self.factures_echues + len(self.frais_a_decider)
                + len(self.demandes_a_facturer) + len(self.affiliations_a_facturer))


def travail_comptable(rattachement, aujourd_hui: date | None = None) -> TravailComptable:
    """Accounting's to-do (for the home page): calls to issue, overdue invoices, no-show fees to
    decide, delivered requests and self-employed affiliations to invoice."""
    from django.utils import timezone

    aujourd_hui = aujourd_hui or timezone.localdate()
    emis = set(AppelCotisation.objects.values_list("annee", flat=True))
    approuvees = (GrilleTarifaire.objects.filter(offre__code=CODE_COTISATION, date_approbation_ag__isnull=False,
                                                 annee__lte=aujourd_hui.year + 1)
                  .values_list("annee", flat=True))
    return TravailComptable(
        appels_a_emettre=sorted(set(approuvees) - emis),
        factures_echues=factures_echues(aujourd_hui).count(),
        frais_a_decider=list(FraisAbsence.objects.filter(statut=StatutFrais.PROPOSES).select_related("adherent")),
        demandes_a_facturer=list(DemandeOffre.objects.filter(statut=StatutDemande.REALISEE)
                                 .select_related("adherent", "offre")),
        paiements_a_rapprocher=[],
        affiliations_a_facturer=list(AffiliationIndependant.objects.filter(facture__isnull=True)
                                     .select_related("adherent").order_by("debut")),
    )
