"""The medical-time simulator (seed 002): hours needed next year per team from the due list and
visit durations, under the director's scenario, against the staff's FTE."""

from datetime import date

from django.utils import timezone

from indicateurs.simulateur import Scenario, simuler
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import Echeance

NEUTRE = {"teleconsultation": 0, "gain_teleconsultation": 0, "absence": 0, "cycle_fe": 4, "heures_fe": 0,
          "part_clinique": 100}


def _echeances(monde, type_visite, nombre):
    annee = timezone.localdate().year + 1
    Echeance.tous_services.filter(tenant=monde.service).delete()
    for _ in range(nombre):
        Echeance.objects.create(tenant=monde.service, salarie=monde.salarie, type=type_visite,
                                au_plus_tot=date(annee, 1, 1), au_plus_tard=date(annee, 3, 1), obligatoire=True,
                                base_legale="R4624-28", motif="test")


def _equipe(besoins, monde):
    return next(b for b in besoins if b.equipe == monde.equipe.nom)


def test_les_visites_delegables_se_partagent_et_les_examens_restent_au_medecin(a):
    _echeances(a, "vip_periodique", 6)  # 6 × 20 min = 2 h
    with service_actif(a.service):
        besoin = _equipe(simuler(Scenario(delegation=50, **NEUTRE), timezone.localdate().year + 1), a)
    assert (besoin.heures["medecin"], besoin.heures["infirmier"]) == (1, 1)
    _echeances(a, "examen_aptitude_periodique", 6)
    with service_actif(a.service):
        besoin = _equipe(simuler(Scenario(delegation=100, **NEUTRE), timezone.localdate().year + 1), a)
    assert besoin.heures["medecin"] == 2 and besoin.heures.get("infirmier", 0) == 0
    # the team's physician and nurse, full time all year: 1,607 h each
    assert besoin.capacite["medecin"] == 1607 and besoin.ecart("medecin") == 1605


def test_retirer_un_motif_de_sir_rend_les_examens_delegables(a):
    a.salarie.categorie, a.salarie.motifs_categorie = "SIR", ["aptitude_specifique"]
    a.salarie.save()
    _echeances(a, "examen_aptitude_periodique", 6)
    with service_actif(a.service):
        besoin = _equipe(simuler(Scenario(delegation=100, motifs_sir_retires=["aptitude_specifique"], **NEUTRE),
                                 timezone.localdate().year + 1), a)
    assert besoin.heures.get("medecin", 0) == 0 and besoin.heures["infirmier"] == 2


def test_la_page_du_simulateur_refuse_un_scenario_impossible(a):
    client = a.client(Role.DIRECTEUR)
    assert client.get("/indicateurs/simulateur/").status_code == 200
    page = client.get("/indicateurs/simulateur/", {**NEUTRE, "delegation": "150"}).content.decode()
    assert "Valeur trop grande (maximum 100)." in page
