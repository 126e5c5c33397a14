"""The medical-time simulator (seed 002, « simulateur de ressources humaines nécessaires »):
the hours of physicians, nurses and prevention staff a team needs next year for its due visits
and its company files, under the director's scenario, against its staff's full-time
equivalents. Pure arithmetic over two grouped queries (the due list by team and visit type,
members by team) and the staff's FTE."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Case, Count, Q, Value, When

from adherents.models import Adherent, CategorieSuivi, MotifCategorie, StatutAdherent
from spsti.models import Equipe, Rattachement
from spsti.permissions import Role
from suivi_individuel.models import Echeance, TypeVisite, TypeVisiteService
from suivi_individuel.rules import RESERVEES_AU_MEDECIN

# A full-time year (35 h × 52 weeks − leave and public holidays: the usual 1,607 hours).
HEURES_PAR_ETP = 1607
DUREE_PAR_DEFAUT = 20  # minutes, when the service set no duration for a visit type
EXAMENS_SIR = {TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, TypeVisite.EXAMEN_APTITUDE_PERIODIQUE,
               TypeVisite.INTERMEDIAIRE_SIR}
MOTIFS_SIR = [m for m in MotifCategorie if m.label.startswith("SIR")]


@dataclass
class Scenario:
    delegation: float = 50.0  # % of the delegable visits done by nurses
    teleconsultation: float = 30.0  # % of the visits done remotely
    gain_teleconsultation: float = 10.0  # % of a visit's time saved when remote
    absence: float = 10.0  # % of booked slots lost to no-shows
    cycle_fe: float = 4.0  # years between two company files (FE) of a member
    heures_fe: float = 3.5  # prevention hours per FE
    part_clinique: float = 70.0  # % of a professional's time available for visits / company files
    motifs_sir_retires: list[str] = field(default_factory=list)  # SIR reasons no longer in force


@dataclass
class Besoin:
    equipe: str
    heures: dict = field(default_factory=dict)  # role key → hours needed
    capacite: dict = field(default_factory=dict)  # role key → hours available

    def ecart(self, cle):
        return round(self.capacite.get(cle, 0) - self.heures.get(cle, 0))


ROLES = [("medecin", "Médecins"), ("infirmier", "Infirmiers"), ("prevention", "Prévention (IPRP, ASST)")]


def _etp_par_equipe(annee: int) -> dict[tuple[int, str], float]:
    debut, fin = date(annee, 1, 1), date(annee, 12, 31)
    jours = (fin - debut).days + 1
    resultat: dict[tuple[int, str], float] = {}
    cle_role = {Role.MEDECIN: "medecin", Role.INFIRMIER: "infirmier", Role.IPRP: "prevention",
                Role.ASSISTANT_PREVENTION: "prevention"}
    for equipe, role, quotite, de, a in (Rattachement.objects.filter(actif=True, role__in=list(cle_role),
                                                                       equipe__isnull=False)
                                         .values_list("equipe", "role", "quotite", "date_debut", "date_fin")):
        de, a = max(de or debut, debut), min(a or fin, fin)
        if a < de:
            continue
        cle = (equipe, cle_role[role])
        resultat[cle] = resultat.get(cle, 0) + float(quotite) * ((a - de).days + 1) / jours
    return resultat


def simuler(scenario: Scenario, annee: int) -> list[Besoin]:
    durees = dict(TypeVisiteService.objects.exclude(type_legal="").values_list("type_legal", "duree_minutes"))
    retires = Q(salarie__categorie=CategorieSuivi.SIR) & Q(
        salarie__motifs_categorie__contained_by=list(scenario.motifs_sir_retires))
    echeances = (Echeance.objects.filter(obligatoire=True, au_plus_tard__year=annee)
                 .annotate(retire=Case(When(retires, then=Value(True)), default=Value(False),
                                       output_field=BooleanField()) if scenario.motifs_sir_retires
                           else Value(False, output_field=BooleanField()))
                 .values("salarie__adherent__equipe", "type", "retire").annotate(n=Count("pk")))
    gain = scenario.teleconsultation / 100 * scenario.gain_teleconsultation / 100
    facteur = (1 + scenario.absence / 100) * (1 - gain)
    besoins: dict[int | None, Besoin] = {}
    noms = dict(Equipe.objects.values_list("pk", "nom"))
    for ligne in echeances:
        equipe = ligne["salarie__adherent__equipe"]
        besoin = besoins.setdefault(equipe, Besoin(noms.get(equipe, "Sans équipe")))
        type_visite = TypeVisite(ligne["type"])
        if ligne["retire"] and type_visite in EXAMENS_SIR:
            type_visite = TypeVisite.VIP_PERIODIQUE  # the worker returns to the individual follow-up
        heures = ligne["n"] * durees.get(type_visite.value, DUREE_PAR_DEFAUT) / 60 * facteur
        if type_visite in RESERVEES_AU_MEDECIN or type_visite in EXAMENS_SIR:
            besoin.heures["medecin"] = besoin.heures.get("medecin", 0) + heures
        else:
            part = scenario.delegation / 100
            besoin.heures["medecin"] = besoin.heures.get("medecin", 0) + heures * (1 - part)
            besoin.heures["infirmier"] = besoin.heures.get("infirmier", 0) + heures * part
    for equipe, n in (Adherent.objects.filter(statut=StatutAdherent.ACTIF).values("equipe")
                      .annotate(n=Count("pk")).values_list("equipe", "n")):
        besoin = besoins.setdefault(equipe, Besoin(noms.get(equipe, "Sans équipe")))
        besoin.heures["prevention"] = n / max(scenario.cycle_fe, 0.5) * scenario.heures_fe
    for (equipe, cle), etp in _etp_par_equipe(annee).items():
        besoin = besoins.setdefault(equipe, Besoin(noms.get(equipe, "Sans équipe")))
        besoin.capacite[cle] = besoin.capacite.get(cle, 0) + etp * HEURES_PAR_ETP * scenario.part_clinique / 100
    for besoin in besoins.values():
        besoin.heures = {c: round(h) for c, h in besoin.heures.items()}
        besoin.capacite = {c: round(h) for c, h in besoin.capacite.items()}
    return sorted(besoins.values(), key=lambda b: b.equipe)
