"""The agenda: booking visits into the professionals' availability, one by one or in bulk for a
member, rescheduling, cancelling and recording attendance. Conflicts are refused: a
professional's bookings are serialised on their membership row, so two secretaries cannot book
the same time."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from spsti.models import Rattachement
from spsti.permissions import Role
from webhooks import evenements as webhooks
from webhooks.models import TypeEvenement

from . import rules
from .delegation import habilitation
from .models import (
    STATUTS_A_VENIR,
    Disponibilite,
    Echeance,
    ModeRealisation,
    ModeVisite,
    PreferencesPlanification,
    StatutVisite,
    TypeVisite,
    TypeVisiteService,
    Visite,
)
from .thesaurus import types_visite_du_service

STATUTS_OCCUPES = (StatutVisite.PLANIFIEE, StatutVisite.REALISEE)


def _heure(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}"


def occupations(professionnel, debut, fin, sauf=None):
    """The professional's booked visits overlapping [debut, fin) (the database does the overlap)."""
    visites = Visite.objects.filter(professionnel=professionnel, statut__in=STATUTS_OCCUPES, debut__lt=fin,
                                    debut__gte=debut - timedelta(hours=4))
    return [v for v in visites.exclude(pk=getattr(sauf, "pk", None)) if v.fin > debut]


def creneaux_libres(disponibilite: Disponibilite, duree_minutes: int, occupees=None) -> list[datetime]:
    """The start times free in an availability range for a visit of that length (``occupees``:
    the professional's booked visits around it, when the caller already has them)."""
    duree = timedelta(minutes=duree_minutes)
    if occupees is None:
        occupees = occupations(disponibilite.professionnel, disponibilite.debut, disponibilite.fin)
    prises = sorted((v.debut, v.fin) for v in occupees)
    libres, moment, maintenant = [], disponibilite.debut, timezone.now()
    if moment <= maintenant:  # a range already begun: its next start on the range's own grid, to come
        moment += duree * ((maintenant - moment) // duree + 1)
    while moment + duree <= disponibilite.fin:
        conflit = next(((d, f) for d, f in prises if d < moment + duree and f > moment), None)
        if conflit is None:
            libres.append(moment)
            moment += duree
        else:
            moment = conflit[1]
    return libres


def _verifier_creneau(visite: Visite, type_service: TypeVisiteService, debut: datetime, mode: str) -> Disponibilite:
    if not type_service.actif:
        raise ValidationError({"type_service": "Ce type de visite n'est plus proposé par le service."})
    if type_service.mode not in (ModeVisite.LES_DEUX, mode):
        maniere = "en téléconsultation" if mode == ModeRealisation.TELECONSULTATION else "sur site"
        raise ValidationError({"mode": f"« {type_service} » n'est pas proposé {maniere}."})
    fin = debut + timedelta(minutes=type_service.duree_minutes)
    professionnel = visite.professionnel
    disponibilite = (Disponibilite.objects.filter(professionnel=professionnel, mode=mode, debut__lte=debut,
                                                  fin__gte=fin).select_related("centre").first())
    if disponibilite is None:
        raise ValidationError({"debut": f"Le {_heure(debut)}, {professionnel.utilisateur} n'a pas de plage de "
                                        f"disponibilité {ModeRealisation(mode).label.lower()} pour une visite de "
                                        f"{type_service.duree_minutes} minutes."})
    for autre in occupations(professionnel, debut, fin, sauf=visite):
        raise ValidationError({"debut": f"{professionnel.utilisateur} a déjà une visite le {_heure(autre.debut)} "
                                        f"({autre.duree_minutes} min) : ce créneau n'est pas libre."})
    salarie_occupe = (Visite.objects.filter(salarie=visite.salarie, statut=StatutVisite.PLANIFIEE, debut__lt=fin)
                      .exclude(pk=visite.pk))
    for autre in salarie_occupe:
        if autre.fin > debut:
            raise ValidationError({"debut": f"{visite.salarie} est déjà convoqué·e le {_heure(autre.debut)}."})
    return disponibilite


@dataclass
class Creneau:
    debut: datetime
    professionnel: Rattachement
    mode: str
    centre: object
    apres_echeance: bool = False

    @property
    def valeur(self) -> str:
        return f"{self.professionnel.pk}|{timezone.localtime(self.debut):%Y-%m-%dT%H:%M}|{self.mode}"


def creneaux_proposes(*, salarie, type_service: TypeVisiteService, au_plus_tard=None, limite: int = 12,
                      par_plage: int = 3) -> list[Creneau]:
    """The free times, for this visit type, of the worker's team professionals allowed to perform
    it (physicians; nurses under a protocol in force, R4623-14), earliest first: those before the
    deadline come first. At most ``par_plage`` per availability range, for choice."""
    maintenant = timezone.now()
    horizon = maintenant + timedelta(days=45)
    if au_plus_tard:
        horizon = max(horizon, timezone.make_aware(datetime.combine(au_plus_tard, datetime.max.time())))
    habilites = []
    for professionnel in (Rattachement.objects.filter(equipe_id=salarie.equipe_id, actif=True,
                                                      role__in=[Role.MEDECIN, Role.INFIRMIER])
                          .select_related("utilisateur")):
        try:
            habilitation(professionnel, salarie, type_service.type_legal, timezone.localdate())
        except ValidationError:
            continue
        habilites.append(professionnel)
    plages = (Disponibilite.objects.filter(Q(adherent__isnull=True) | Q(adherent_id=salarie.adherent_id),
                                           professionnel__in=habilites, fin__gt=maintenant, debut__lt=horizon)
              .select_related("professionnel__utilisateur", "centre").order_by("debut"))
    creneaux = []
    for plage in plages[:40]:
        if type_service.mode not in (ModeVisite.LES_DEUX, plage.mode):
            continue
        for moment in creneaux_libres(plage, type_service.duree_minutes)[:par_plage]:
            creneaux.append(Creneau(moment, plage.professionnel, plage.mode, plage.centre,
                                    bool(au_plus_tard) and timezone.localtime(moment).date() > au_plus_tard))
        if len(creneaux) >= limite:
            break
    return sorted(creneaux, key=lambda c: c.debut)[:limite]


@transaction.atomic
def visite_planifier(*, salarie, type_service: TypeVisiteService, professionnel, debut: datetime,
                     mode: str = ModeRealisation.SUR_SITE, visite: Visite | None = None, motif: str = "",
                     avec_mi_carriere: bool | None = None) -> Visite:
    """Books (or moves, when ``visite`` is given) a visit, combined with the mid-career visit when
    asked (L4624-2-2: the professional must be one who may perform it); sends the convocation
    after commit."""
    Rattachement.objects.select_for_update().get(pk=professionnel.pk)  # one booking at a time per professional
    visite = visite or Visite(tenant=salarie.tenant, salarie=salarie)
    deplacee = visite.pk is not None and visite.statut == StatutVisite.PLANIFIEE
    if visite.pk and visite.statut not in STATUTS_A_VENIR:
        raise ValidationError("Seule une visite à venir se reporte : pour une visite réalisée, annulée ou manquée, "
                              "créez une nouvelle convocation.")
    if visite.pk and visite.statut == StatutVisite.PLANIFIEE and not motif.strip():
        raise ValidationError({"motif": "Indiquez le motif du report."})
    if debut <= timezone.now():
        raise ValidationError({"debut": f"Le {_heure(debut)} est déjà passé : choisissez une heure à venir."})
    visite.professionnel, visite.type_service = professionnel, type_service
    visite.type = type_service.type_legal
    visite.protocole = habilitation(professionnel, salarie, visite.type, debut.date())
    if avec_mi_carriere is not None:  # a rescheduling keeps it unless told
        visite.avec_mi_carriere = avec_mi_carriere
    if visite.avec_mi_carriere:
        _verifier_mi_carriere_combinee(visite, professionnel, debut.date())
    visite.disponibilite = _verifier_creneau(visite, type_service, debut, mode)
    visite.statut, visite.debut, visite.date, visite.mode = StatutVisite.PLANIFIEE, debut, debut.date(), mode
    visite.duree_minutes, visite.motif_changement = type_service.duree_minutes, motif.strip()
    visite.save()
    _convoquer_apres_validation(visite)
    type_evenement = TypeEvenement.CONVOCATION_DEPLACEE if deplacee else TypeEvenement.CONVOCATION_CREEE
    webhooks.evenement(visite.tenant, type_evenement, adherent_id=salarie.adherent_id,
                       donnees=webhooks.convocation(visite))
    return visite


def _verifier_mi_carriere_combinee(visite, professionnel, jour) -> None:
    """L4624-2-2: the mid-career visit is held together with another one only while it is due,
    at most two years before its year, by a professional who may perform it."""
    due = Echeance.objects.filter(salarie=visite.salarie, type=TypeVisite.MI_CARRIERE).first()
    if visite.type == TypeVisite.MI_CARRIERE or due is None:
        raise ValidationError({"avec_mi_carriere": "Aucune visite de mi-carrière n'est à combiner avec celle-ci."})
    if not rules.mi_carriere_combinable(due.au_plus_tot, jour):
        raise ValidationError({"avec_mi_carriere": (
            f"La visite de mi-carrière, due en {due.au_plus_tot.year}, ne se combine qu'avec une visite tenue au "
            f"plus tôt deux ans avant, à partir du 01/01/{due.au_plus_tot.year - 2} (L4624-2-2).")})
    habilitation(professionnel, visite.salarie, TypeVisite.MI_CARRIERE, jour)


def _convoquer_apres_validation(visite):
    """The convocation is recorded with the booking (outbox), sent once committed."""
    from spsti.effets import differer

    debut = visite.debut.isoformat()
    differer(visite.tenant, "convocation_envoyer", {"visite_id": visite.pk, "debut": debut},
             cle=f"convocation:{visite.pk}:{debut}")


@transaction.atomic
def visite_annuler(*, visite: Visite, motif: str) -> Visite:
    if visite.statut not in STATUTS_A_VENIR:
        raise ValidationError("Seule une visite à venir peut être annulée.")
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez le motif de l'annulation."})
    visite.statut, visite.motif_changement = StatutVisite.ANNULEE, motif.strip()
    visite.save()
    return visite


@transaction.atomic
def visite_noter_absence(*, visite: Visite, excusee: bool, motif: str = "") -> Visite:
    """Attendance: the worker did not come, excused or not (a no-show is a counted cost)."""
    if visite.statut != StatutVisite.PLANIFIEE:
        raise ValidationError("Seule une visite planifiée peut être notée comme manquée.")
    if visite.debut > timezone.now():
        raise ValidationError("La visite n'a pas encore eu lieu.")
    visite.statut = StatutVisite.EXCUSEE if excusee else StatutVisite.ABSENTE
    visite.motif_changement = motif.strip()
    visite.save()
    return visite


@dataclass
class BilanPlanification:
    planifiees: list[Visite] = field(default_factory=list)
    non_planifiees: list[tuple[Echeance, str]] = field(default_factory=list)


def _dans_les_preferences(moment: datetime, duree: int, preferences) -> bool:
    if preferences is None:
        return True
    local = timezone.localtime(moment)
    fin = (local + timedelta(minutes=duree)).time()
    return ((not preferences.jours or local.weekday() in preferences.jours)
            and (preferences.heure_min is None or local.time() >= preferences.heure_min)
            and (preferences.heure_max is None or fin <= preferences.heure_max))


def planifier_adherent(*, adherent, du, au) -> BilanPlanification:
    """Books the member's workers whose mandatory visit falls due by ``au`` (late ones first)
    into the first free times of its team's professionals between ``du`` and ``au``: nurses
    under protocol first where the law lets them, then physicians; within the member's stated
    preferences (days, hours, sessions in the company)."""
    bilan = BilanPlanification()
    deja = set(Visite.objects.filter(salarie__adherent=adherent, statut__in=STATUTS_A_VENIR)
               .values_list("salarie_id", "type"))
    echeances = [e for e in Echeance.objects.filter(salarie__adherent=adherent, obligatoire=True, au_plus_tot__lte=au)
                 .select_related("salarie__adherent").order_by("au_plus_tard", "salarie__nom")
                 if (e.salarie_id, e.type) not in deja]
    types = {t.type_legal: t for t in types_visite_du_service(adherent.tenant) if t.actif and t.type_legal}
    professionnels = sorted(Rattachement.objects.filter(equipe_id=adherent.equipe_id, actif=True,
                                                        role__in=[Role.INFIRMIER, Role.MEDECIN])
                            .select_related("utilisateur"), key=lambda r: r.role != Role.INFIRMIER)
    preferences = PreferencesPlanification.objects.filter(adherent=adherent).first()
    lieux = Q(adherent=adherent)
    if not (preferences and preferences.sessions_sur_site):
        lieux |= Q(adherent__isnull=True)
    debut = max(timezone.now(), timezone.make_aware(datetime.combine(du, datetime.min.time())))
    plages = list(Disponibilite.objects.filter(lieux, professionnel__in=professionnels, fin__gt=debut,
                                               debut__lt=timezone.make_aware(datetime.combine(au, datetime.max.time())))
                  .select_related("professionnel__utilisateur").order_by("debut"))
    for echeance in echeances:
        raison = _planifier_echeance(echeance, types.get(echeance.type), professionnels, plages, preferences, bilan)
        if raison:
            bilan.non_planifiees.append((echeance, raison))
    return bilan


def _planifier_echeance(echeance, type_service, professionnels, plages, preferences, bilan) -> str:
    """Books one due visit; returns why it could not be, or an empty string."""
    if type_service is None:
        return "type de visite absent ou inactif dans le thésaurus"
    for professionnel in professionnels:
        try:
            habilitation(professionnel, echeance.salarie, echeance.type, timezone.localdate())
        except ValidationError:
            continue
        for plage in (p for p in plages if p.professionnel_id == professionnel.pk):
            if type_service.mode not in (ModeVisite.LES_DEUX, plage.mode):
                continue
            for moment in creneaux_libres(plage, type_service.duree_minutes):
                if not _dans_les_preferences(moment, type_service.duree_minutes, preferences):
                    continue
                try:
                    visite = visite_planifier(salarie=echeance.salarie, type_service=type_service,
                                              professionnel=professionnel, debut=moment, mode=plage.mode)
                    visite.echeance = echeance  # shown with its deadline and article
                    bilan.planifiees.append(visite)
                    return ""
                except ValidationError:
                    continue  # protocol not in force that day, or the time was just taken
    return "aucun créneau libre d'un professionnel habilité dans la période et les préférences de l'adhérent"
