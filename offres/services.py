"""Write operations of billing: numbering, issuing invoices and credit notes, the yearly call,
payments, no-show fees, the self-employed affiliation."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from spsti.effets import differer, differer_en_lot
from webhooks import evenements as webhooks
from webhooks.models import TypeEvenement

from . import rules
from .models import (
    AffiliationIndependant,
    AppelCotisation,
    CompteurFacture,
    DemandeOffre,
    Facture,
    FraisAbsence,
    LigneFacture,
    NatureFacture,
    Paiement,
    StatutAppel,
    StatutDemande,
    StatutFrais,
)

DELAI_PAIEMENT_JOURS = 30
TAILLE_LOT = 500


def parametres_facturation(service) -> dict:
    """The service's billing settings (``Service.parametres["offres"]``) with their defaults."""
    reglages = (service.parametres or {}).get("offres", {})
    return {"delai_paiement": int(reglages.get("delai_paiement", DELAI_PAIEMENT_JOURS)),
            "delai_annulation": reglages.get("delai_annulation", rules.DelaiAnnulation.H72),
            "frais_absence": Decimal(str(reglages.get("frais_absence", "80.00"))),
            "iban": reglages.get("iban", ""), "bic": reglages.get("bic", ""),
            "ics": reglages.get("ics", "")}


def tva_intracommunautaire(siren: str) -> str:
    """French VAT number from a SIREN: FR + key (12 + 3 × (SIREN mod 97)) mod 97 + SIREN."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}" if siren and siren.isdigit() else ""


def identite_vendeur(service) -> dict:
    return {"nom": service.nom, "siren": service.siren, "tva": tva_intracommunautaire(service.siren),
            "adresse": service.adresse, "code_postal": service.code_postal, "ville": service.ville,
            "forme": "Association loi 1901 (service de prévention et de santé au travail interentreprises)",
            "iban": parametres_facturation(service)["iban"]}


def identite_acheteur(adherent) -> dict:
    return {"nom": adherent.raison_sociale, "siren": adherent.siren, "tva": tva_intracommunautaire(adherent.siren),
            "adresse": adherent.adresse, "code_postal": adherent.code_postal, "ville": adherent.ville}


@dataclass(frozen=True)
class Ligne:
    libelle: str
    quantite: Decimal
    prix_unitaire: Decimal
    taux_tva: Decimal
    offre: object = None
    montant_ht: Decimal | None = None  # when the grid gives the amount (minimum, bands)

    @property
    def total_ht(self) -> Decimal:
        return self.montant_ht if self.montant_ht is not None else rules.arrondir(self.quantite * self.prix_unitaire)


def reserver_numeros(service, annee: int, nombre: int) -> list[str]:
    """``nombre`` consecutive numbers for the year: the counter row is locked FOR UPDATE until
    the transaction ends, so two issuers never share or skip a number (CGI art. 242 nonies A)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("La numérotation se fait dans la transaction qui émet les factures.")
    CompteurFacture.objects.get_or_create(tenant=service, annee=annee)
    compteur = CompteurFacture.objects.select_for_update().get(annee=annee)
    debut = compteur.dernier + 1
    compteur.dernier += nombre
    compteur.save(update_fields=["dernier"])
    return [rules.numero_facture(annee, rang) for rang in range(debut, debut + nombre)]


def _construire(*, service, adherent, lignes: list[Ligne], objet: str, par, numero: str, emise_le: date,
                nature=NatureFacture.FACTURE, appel=None, origine=None, motif="") -> tuple[Facture, list[LigneFacture]]:
    ht = sum((ligne.total_ht for ligne in lignes), Decimal("0"))
    tva = sum((rules.montant_tva(ligne.total_ht, ligne.taux_tva) for ligne in lignes), Decimal("0"))
    facture = Facture(
        tenant=service, nature=nature, numero=numero, annee=emise_le.year, adherent=adherent, objet=objet,
        emise_le=emise_le,
        echeance=rules.echeance_paiement(emise_le, parametres_facturation(service)["delai_paiement"]),
        appel=appel, facture_origine=origine, motif=motif, montant_ht=ht, montant_tva=tva, montant_ttc=ht + tva,
        vendeur=identite_vendeur(service), acheteur=identite_acheteur(adherent), emise_par=par)
    return facture, [LigneFacture(tenant=service, facture=facture, offre=ligne.offre, libelle=ligne.libelle,
                                  quantite=ligne.quantite, prix_unitaire=ligne.prix_unitaire,
                                  taux_tva=ligne.taux_tva, montant_ht=ligne.total_ht) for ligne in lignes]


def _annoncer(factures) -> None:
    """The subscribed members' and partners' software hear of the issued invoices (webhooks)."""
    if factures:
        webhooks.evenements(factures[0].tenant, TypeEvenement.FACTURE_EMISE,
                            [(facture.adherent_id, webhooks.facture(facture)) for facture in factures])


@transaction.atomic
def facture_emettre(*, adherent, lignes: list[Ligne], objet: str, par, emise_le: date | None = None) -> Facture:
    """Issues one invoice: numbered, then immutable."""
    if not lignes:
        raise ValidationError("Une facture a au moins une ligne.")
    emise_le = emise_le or timezone.localdate()
    service = adherent.tenant
    (numero,) = reserver_numeros(service, emise_le.year, 1)
    facture, lignes_facture = _construire(service=service, adherent=adherent, lignes=lignes, objet=objet, par=par,
                                          numero=numero, emise_le=emise_le)
    facture.save()
    LigneFacture.objects.bulk_create(lignes_facture)
    envoi_differer(facture)
    _annoncer([facture])
    return facture


def envoi_differer(facture: Facture) -> None:
    """The e-mail of the invoice to the member's billing contact, once (outbox, same transaction)."""
    differer(facture.tenant, "facture_envoyer", {"facture_id": facture.pk}, cle=f"facture:{facture.pk}")


@transaction.atomic
def avoir_emettre(*, facture: Facture, motif: str, par, emise_le: date | None = None) -> Facture:
    """Corrects an issued invoice by a credit note for what is still owed on it (an invoice is
    never changed or deleted once issued)."""
    from .selectors import reste_du

    if facture.nature != NatureFacture.FACTURE:
        raise ValidationError("Un avoir porte sur une facture.")
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez le motif de l'avoir."})
    list(Facture.objects.select_for_update().filter(pk=facture.pk).values_list("pk"))  # one at a time
    if reste_du(facture) <= 0:
        raise ValidationError("Cette facture est déjà soldée ou entièrement annulée par un avoir.")
    emise_le = emise_le or timezone.localdate()
    (numero,) = reserver_numeros(facture.tenant, emise_le.year, 1)
    lignes = [Ligne(libelle=ligne.libelle, quantite=ligne.quantite, prix_unitaire=ligne.prix_unitaire,
                    taux_tva=ligne.taux_tva, offre=ligne.offre, montant_ht=ligne.montant_ht)
              for ligne in facture.lignes.all()]
    avoir, lignes_avoir = _construire(service=facture.tenant, adherent=facture.adherent, lignes=lignes,
                                      objet=f"Avoir sur la facture n° {facture.numero}", par=par, numero=numero,
                                      emise_le=emise_le, nature=NatureFacture.AVOIR, origine=facture, motif=motif)
    avoir.save()
    LigneFacture.objects.bulk_create(lignes_avoir)
    envoi_differer(avoir)
    _annoncer([avoir])
    return avoir


@transaction.atomic
def paiement_enregistrer(*, facture: Facture, montant: Decimal, mode: str, par, date_paiement: date | None = None,
                         reference: str = "") -> Paiement:
    from .selectors import reste_du

    if facture.nature != NatureFacture.FACTURE:
        raise ValidationError("Un paiement s'enregistre sur une facture, pas sur un avoir.")
    list(Facture.objects.select_for_update().filter(pk=facture.pk).values_list("pk"))
    reste = reste_du(facture)
    if montant <= 0 or montant > reste:
        message = f"Le montant doit être positif et au plus le reste dû ({rules.euros(reste)})."
        raise ValidationError({"montant": message})
    paiement = Paiement(tenant=facture.tenant, facture=facture, montant=montant, mode=mode, reference=reference,
                        saisi_par=par, date=date_paiement or timezone.localdate())
    paiement.full_clean()
    paiement.save()
    return paiement


# --- the yearly cotisation call ---

def appel_lancer(*, service, annee: int, par) -> AppelCotisation:
    """Creates (or reopens) the call of the year and starts its task after the commit."""
    from .selectors import apercu_appel
    from .tasks import emettre_appel_cotisations

    apercu = apercu_appel(annee)
    if apercu.erreur:
        raise ValidationError(apercu.erreur)
    with transaction.atomic():
        appel, _ = AppelCotisation.objects.get_or_create(tenant=service, annee=annee, defaults={"lance_par": par})
        if appel.statut != StatutAppel.TERMINE:
            appel.statut = StatutAppel.EN_COURS
            appel.save(update_fields=["statut"])
        transaction.on_commit(lambda: emettre_appel_cotisations.delay(service.pk, appel.pk))
    return appel


def appel_emettre(appel: AppelCotisation, *, emise_le: date | None = None, progression=None) -> int:
    """Issues the call's invoices, one per member, in batches of ``TAILLE_LOT`` (each batch one
    transaction, its numbers reserved at once). Members already invoiced by this call are
    skipped, and a unique constraint backs it: run twice, nothing doubles. Each invoice's
    e-mail is recorded in the outbox with its batch. Returns the number of invoices issued by
    this run."""
    from .selectors import apercu_appel

    service = appel.tenant
    apercu = apercu_appel(appel.annee)
    if apercu.erreur:
        raise ValidationError(apercu.erreur)
    grille = apercu.grille
    deja = set(Facture.objects.filter(appel=appel, nature=NatureFacture.FACTURE).values_list("adherent_id", flat=True))
    a_faire = [ligne for ligne in apercu.lignes if ligne.adherent.pk not in deja and ligne.montant_ht > 0]
    AppelCotisation.objects.filter(pk=appel.pk).update(a_emettre=len(apercu.lignes), emises=len(deja))
    emise_le = emise_le or timezone.localdate()
    emises = 0
    for debut in range(0, len(a_faire), TAILLE_LOT):
        lot = a_faire[debut:debut + TAILLE_LOT]
        with transaction.atomic():
            numeros = reserver_numeros(service, emise_le.year, len(lot))
            factures, toutes_lignes = [], []
            for numero, ligne in zip(numeros, lot, strict=True):
                lignes = [Ligne(libelle=f"Cotisation {appel.annee} — offre socle, {ligne.effectif.normalize():f} "
                                        "salarié(s) au 31 janvier (art. L4622-6, D4624-65)",
                                quantite=ligne.effectif, prix_unitaire=grille.prix if grille.mode == "par_salarie"
                                else rules.arrondir(ligne.cotisation_ht / ligne.effectif) if ligne.effectif else 0,
                                taux_tva=grille.taux_tva, offre=grille.offre, montant_ht=ligne.cotisation_ht)]
                if ligne.droit_entree_ht:
                    lignes.append(Ligne(libelle="Droit d'entrée", quantite=Decimal(1),
                                        prix_unitaire=ligne.droit_entree_ht, taux_tva=grille.taux_tva))
                facture, lignes_facture = _construire(
                    service=service, adherent=ligne.adherent, lignes=lignes, par=appel.lance_par, numero=numero,
                    emise_le=emise_le, appel=appel, objet=f"Cotisation {appel.annee} — offre socle")
                factures.append(facture)
                toutes_lignes.append(lignes_facture)
            Facture.objects.bulk_create(factures)
            LigneFacture.objects.bulk_create([ligne for lignes in toutes_lignes for ligne in lignes], batch_size=2000)
            differer_en_lot(service, "facture_envoyer", [({"facture_id": f.pk}, f"facture:{f.pk}") for f in factures])
            _annoncer(factures)
            emises += len(lot)
            AppelCotisation.objects.filter(pk=appel.pk).update(emises=len(deja) + emises)
        if progression:
            progression(len(deja) + emises, len(apercu.lignes))
    AppelCotisation.objects.filter(pk=appel.pk).update(statut=StatutAppel.TERMINE, termine_le=timezone.now())
    return emises


# --- reminders ---

def relances_differer(service, aujourd_hui: date) -> int:
    """Records the reminder due on each overdue invoice: the latest step reached
    (``rules.ETAPES_RELANCE``), each step once per invoice (idempotency key). Returns how many
    reminders this run recorded."""
    from spsti.models import EffetDiffere

    from .selectors import factures_echues

    deja = set(EffetDiffere.objects.filter(genre="relance_envoyer").values_list("cle", flat=True))
    nouvelles = 0
    for facture in factures_echues(aujourd_hui):
        rang = rules.etape_relance(facture.echeance, aujourd_hui)
        cle = f"relance:{facture.pk}:{rang}"
        if rang and cle not in deja:
            with transaction.atomic():
                differer(service, "relance_envoyer", {"facture_id": facture.pk, "rang": rang}, cle=cle)
            nouvelles += 1
    return nouvelles


def relances_envoyees(facture: Facture) -> list[dict]:
    """The reminders recorded for an invoice: step, title, when, whether sent."""
    from spsti.models import EffetDiffere, StatutEffet

    lignes = EffetDiffere.objects.filter(genre="relance_envoyer", cle__startswith=f"relance:{facture.pk}:")
    return [{"rang": ligne.donnees["rang"], "titre": rules.ETAPES_RELANCE[ligne.donnees["rang"] - 1][1],
             "le": ligne.cree_le, "envoyee": ligne.statut == StatutEffet.FAIT}
            for ligne in lignes.order_by("cree_le")]


# --- no-show fees and complementary services ---

def frais_absence_proposer(service, aujourd_hui: date, jours: int = 90) -> int:
    """Proposes a no-show fee for each missed visit of the last ``jours`` days not cancelled in
    time (service setting: 48 h, 72 h or 3 working days). An excused absence counts as cancelled
    when its status changed (visit history). Running it twice proposes nothing more."""
    from django.db.models import Min

    from suivi_individuel.models import StatutVisite, Visite

    reglages = parametres_facturation(service)
    deja = FraisAbsence.objects.values("visite_id")
    visites = list(Visite.objects.filter(statut__in=[StatutVisite.ABSENTE, StatutVisite.EXCUSEE], debut__isnull=False,
                                         debut__date__lt=aujourd_hui,
                                         debut__date__gte=aujourd_hui - timedelta(days=jours))
                   .exclude(pk__in=deja).select_related("salarie"))
    annulees = dict(Visite.history.filter(id__in=[v.pk for v in visites], statut=StatutVisite.EXCUSEE)
                    .values("id").annotate(le=Min("history_date")).values_list("id", "le"))
    nouveaux = [FraisAbsence(tenant=service, visite=v, adherent_id=v.salarie.adherent_id,
                             montant=reglages["frais_absence"])
                for v in visites
                if rules.frais_absence_dus(v.debut, None if v.statut == StatutVisite.ABSENTE else annulees.get(v.pk),
                                           reglages["delai_annulation"])]
    FraisAbsence.objects.bulk_create(nouveaux, ignore_conflicts=True)
    return len(nouveaux)


def frais_absence_decider(*, frais: FraisAbsence, confirmer: bool, motif: str, par) -> FraisAbsence:
    """Accounting confirms a proposed no-show fee (invoiced at once) or waives it with a reason."""
    if frais.statut != StatutFrais.PROPOSES:
        raise ValidationError("Ces frais ont déjà été décidés.")
    if not confirmer and not motif.strip():
        raise ValidationError({"motif": "Indiquez pourquoi les frais sont abandonnés."})
    with transaction.atomic():
        frais.decide_par, frais.decide_le = par, timezone.now()
        if confirmer:
            visite = frais.visite
            jour = visite.debut.date() if visite.debut else visite.date
            frais.facture = facture_emettre(adherent=frais.adherent, par=par, objet="Frais de rendez-vous non honoré",
                                            lignes=[Ligne(libelle=f"Rendez-vous du {jour:%d/%m/%Y} non honoré et non "
                                                                  "annulé dans le délai prévu",
                                                          quantite=Decimal(1), prix_unitaire=frais.montant,
                                                          taux_tva=Decimal("20.00"))])
            frais.statut = StatutFrais.CONFIRMES
        else:
            frais.statut, frais.motif = StatutFrais.RENONCES, motif
        frais.save()
    return frais


def demande_facturer(*, demande: DemandeOffre, par) -> Facture:
    """Invoices a delivered complementary service from its quote (or the grid of the year)."""
    if demande.statut != StatutDemande.REALISEE:
        raise ValidationError("Seule une prestation réalisée se facture.")
    grille = demande.offre.grilles.filter(annee=(demande.realisee_le or timezone.localdate()).year).first()
    taux = grille.taux_tva if grille else Decimal("20.00")
    if demande.montant_devis is not None:
        montant = demande.montant_devis
    elif grille:
        montant = rules.montant_tarif(grille.tarif, quantite=demande.quantite)
    else:
        raise ValidationError("Ni devis ni grille de l'année pour cette offre : indiquez un montant.")
    with transaction.atomic():
        facture = facture_emettre(adherent=demande.adherent, par=par, objet=demande.offre.nom,
                                  lignes=[Ligne(libelle=demande.offre.nom, quantite=demande.quantite,
                                                prix_unitaire=rules.arrondir(montant / demande.quantite),
                                                taux_tva=taux, offre=demande.offre, montant_ht=montant)])
        demande.facture, demande.statut = facture, StatutDemande.FACTUREE
        demande.save()
    return facture


def affiliation_renouveler(*, affiliation: AffiliationIndependant,
                           aujourd_hui: date | None = None) -> AffiliationIndependant:
    """The explicit renewal of a self-employed affiliation (no tacit renewal, D4622-27-3): the
    next year starts the day after the current one ends, or ``aujourd_hui`` when the renewal
    comes after the end (the lapsed weeks are not covered)."""
    if hasattr(affiliation, "renouvellement"):
        raise ValidationError("Cette affiliation a déjà été renouvelée.")
    debut = affiliation.fin + timedelta(days=1)
    if aujourd_hui and aujourd_hui > debut:
        debut = aujourd_hui
    return AffiliationIndependant.objects.create(tenant=affiliation.tenant, adherent=affiliation.adherent,
                                                 debut=debut, fin=rules.fin_affiliation(debut), renouvelle=affiliation)


def affiliation_facturer(*, affiliation: AffiliationIndependant, par) -> Facture:
    """Invoices a self-employed affiliation from the specific offer's grid of its first year."""
    from .catalogue import CODE_INDEPENDANT
    from .models import GrilleTarifaire

    grille = (GrilleTarifaire.objects.filter(offre__code=CODE_INDEPENDANT, annee=affiliation.debut.year)
              .select_related("offre").first())
    if grille is None:
        raise ValidationError(f"Aucune grille {affiliation.debut.year} de l'offre travailleurs indépendants : "
                              "saisissez-la dans le catalogue.")
    with transaction.atomic():  # checked under the row lock: two clicks issue one invoice
        affiliation = AffiliationIndependant.objects.select_for_update().get(pk=affiliation.pk)
        if affiliation.facture_id:
            raise ValidationError("Cette affiliation est déjà facturée.")
        affiliation.facture = facture_emettre(
            adherent=affiliation.adherent, par=par, objet=grille.offre.nom,
            lignes=[Ligne(libelle=f"{grille.offre.nom} — affiliation du {affiliation.debut:%d/%m/%Y} au "
                                  f"{affiliation.fin:%d/%m/%Y} (art. D4622-27-1)", quantite=Decimal(1),
                          prix_unitaire=grille.prix, taux_tva=grille.taux_tva, offre=grille.offre,
                          montant_ht=rules.montant_tarif(grille.tarif))])
        affiliation.save(update_fields=["facture"])
    return affiliation.facture


def affiliation_creer(*, adherent, debut: date) -> AffiliationIndependant:
    return AffiliationIndependant.objects.create(tenant=adherent.tenant, adherent=adherent, debut=debut,
                                                 fin=rules.fin_affiliation(debut))
