"""Issue 13, point 1: the date each category and each reason starts and ends, per employment,
set by the worker form and the workforce declaration, shown on the worker page and the API, used
by the schedule (R4624-24: the aptitude exam from the start of the SIR reason; L4624-2-1: the
post-exposure visit from its end). Data in through the pages, the due list out through
``/api/v1/echeances/``."""

from datetime import date

import pytest
import tablib
from django.utils import timezone

from adherents import declarations
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import Visite
from tests.adherents.test_declarations import ENTETES
from tests.factories import SalarieFactory

from .test_regles_bout_en_bout import dues, emploi


def changer_de_categorie(a, salarie, categorie, motifs, le=""):
    reponse = a.client(Role.SERVICE_ADHERENT).post(f"/adherents/salaries/{salarie.pk}/modifier/", {
        "nom": salarie.nom, "prenom": salarie.prenom, "date_naissance": salarie.date_naissance.isoformat(),
        "sexe": salarie.sexe, "categorie": categorie, "motifs_categorie": motifs, "date_changement": le})
    assert reponse.status_code == 302, reponse.context["form"].errors


def periodes(a, salarie) -> list[dict]:
    (ligne,) = a.client(Role.SERVICE_ADHERENT).get("/api/v1/emplois/", {"salarie": salarie.pk}).json()["results"]
    return ligne["periodes"]


@pytest.mark.parametrize(("cas", "depart", "arrivee", "le", "type_visite", "au_plus_tard", "article"), [
    ("R4624-24 : devenu SIR (amiante) le 1er septembre 2026, examen d'aptitude avant cette affectation",
     ("SI", []), ("SIR", ["amiante"]), "2026-09-01", "examen_aptitude_embauche", "2026-09-01", "R4624-24"),
    ("R4624-18 : travail de nuit à partir du 1er septembre 2026, VIP avant cette affectation",
     ("SI", []), ("SIA", ["travail_nuit"]), "2026-09-01", "vip_initiale", "2026-09-01", "R4624-18"),
    ("L4624-2-1 : fin de l'exposition à l'amiante le 15 octobre 2026, visite post-exposition dans le délai",
     ("SIR", ["amiante"]), ("SI", []), "2026-10-15", "post_exposition", "2026-11-14", "L4624-2-1, R4624-28-1"),
])
def test_la_date_du_changement_fait_courir_le_suivi(a, cas, depart, arrivee, le, type_visite, au_plus_tard, article):
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie=depart[0], motifs_categorie=depart[1])
    premiere = "examen_aptitude_embauche" if depart[0] == "SIR" else "vip_initiale"
    Visite.objects.create(tenant=a.service, salarie=salarie, type=premiere, date=date(2021, 9, 1))
    changer_de_categorie(a, salarie, *arrivee, le=le)
    echeance = dues(a, salarie).get(type_visite)
    assert echeance is not None, cas
    assert (echeance["au_plus_tard"], echeance["base_legale"]) == (au_plus_tard, article), cas


def test_debut_et_fin_de_chaque_motif_par_emploi_montres(a):
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    changer_de_categorie(a, salarie, "SIR", ["amiante", "plomb"], "2026-09-01")
    changer_de_categorie(a, salarie, "SIR", ["plomb"], "2027-03-31")
    assert sorted((p["categorie"], p["motif"], p["debut"], p["fin"]) for p in periodes(a, salarie)) == [
        ("SI", "", "2021-09-01", "2026-09-01"), ("SIR", "", "2026-09-01", None),
        ("SIR", "amiante", "2026-09-01", "2027-03-31"), ("SIR", "plomb", "2026-09-01", None)]
    page = a.client(Role.SERVICE_ADHERENT).get(f"/adherents/salaries/{salarie.pk}/").content.decode()
    assert "SIR — amiante (R4624-23 I 1°) : du 01/09/2026 au 31/03/2027" in page
    assert "SIR — plomb (R4624-23 I 2°) : du 01/09/2026" in page


def test_sans_date_le_changement_est_du_jour_et_jamais_avant_l_embauche(a):
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    changer_de_categorie(a, salarie, "SIA", ["handicap"], "2019-01-01")  # before the hiring: from the hiring
    changer_de_categorie(a, salarie, "SIR", ["cmr"])
    aujourd_hui = timezone.localdate().isoformat()
    assert ("SIR", "cmr", aujourd_hui, None) in [(p["categorie"], p["motif"], p["debut"], p["fin"])
                                                 for p in periodes(a, salarie)]
    assert ("SIA", "handicap", "2021-09-01", aujourd_hui) in [(p["categorie"], p["motif"], p["debut"], p["fin"])
                                                             for p in periodes(a, salarie)]


def test_la_declaration_d_effectifs_date_le_changement(a):
    """A member's declaration moving a worker into SIR: the exam is due from that day (R4624-24),
    not late since the hiring."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    fichier = tablib.Dataset(headers=ENTETES.split(";"))
    fichier.append([salarie.nom, salarie.prenom, f"{salarie.date_naissance:%d/%m/%Y}", salarie.sexe, "", "Maçon",
                    "", "01/09/2021", "", "SIR", "cmr"])
    with service_actif(a.service):
        analyse = declarations.analyser(a.adherent, fichier)
        assert analyse.valide, analyse.erreurs
        declarations.appliquer(adherent=a.adherent, analyse=analyse, par=a.membres[Role.ADHERENT].utilisateur,
                               annee=2026)
        assert emploi(salarie).periodes.filter(categorie="SIR", motif="cmr", debut=timezone.localdate()).exists()
    aptitude = dues(a, salarie)["examen_aptitude_embauche"]
    assert (aptitude["au_plus_tard"], aptitude["base_legale"]) == (timezone.localdate().isoformat(), "R4624-24")
