"""The prevention due list from the data: each member's FE and primary-action deadlines, kept up to
date when an FE is validated, an action recorded, the service stricter; shown per team and
referent; alerts from the daily sweep."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from fiche_entreprise.models import DossierPrevention, EcheancePrevention, FicheEntreprise, StatutFiche, TypeAction
from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tasks import balayer_alertes_service
from tests.factories import AdherentFactory

from .outils import PRIORITES, entree, une_action


def echeances(adherent) -> dict[str, date]:
    with scopes_disabled():
        return {e.type: e.au_plus_tard for e in EcheancePrevention.objects.filter(adherent=adherent)}


def fiche_validee_le(monde, jour, adherent=None):
    """An FE validated (and frozen) on ``jour``."""
    return FicheEntreprise.objects.create(
        tenant=monde.service, adherent=adherent or monde.adherent, version=1, statut=StatutFiche.VALIDEE,
        redigee_par=monde.membres[Role.ASSISTANT_PREVENTION], validee_par=monde.membres[Role.MEDECIN],
        validee_le=timezone.make_aware(datetime.combine(jour, datetime.min.time().replace(hour=11))), **PRIORITES)


def test_adhesion_le_10_mai_2025_sans_fiche_due_le_10_mai_2026(a):
    adherent = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre,
                               date_adhesion=date(2025, 5, 10))
    assert echeances(adherent)["fiche"] == date(2026, 5, 10)  # R4624-47
    reponse = a.client(Role.IPRP).get("/api/v1/echeances-prevention/", {"type": "fiche"}).json()
    assert {"adherent": adherent.pk, "echeance": "fiche", "au_plus_tard": "2026-05-10", "derniere": None,
            "base_legale": "R4624-47"}.items() <= next(
        e for e in reponse["results"] if e["adherent"] == adherent.pk).items()


def test_fiche_validee_le_15_janvier_2022_a_mettre_a_jour_le_15_janvier_2026(a):
    fiche_validee_le(a, date(2022, 1, 15))
    assert echeances(a.adherent)["fiche"] == date(2026, 1, 15)


def test_sans_action_primaire_depuis_le_1er_juin_2022_alerte_le_2_juin_2026(a):
    a.service.parametres = {"alerte_jours": 0}
    a.service.save()
    conseil = entree(a, TypeAction, "conseil")  # not a primary action: it changes nothing
    une_action(a, date=date(2022, 6, 1))
    une_action(a, date=date(2024, 3, 1), type=conseil)
    assert echeances(a.adherent)["action_primaire"] == date(2026, 6, 1)

    def alertes_ouvertes():
        with scopes_disabled():
            return list(Alerte.objects.filter(tenant=a.service, source="action_primaire_a_faire",
                                              resolue_le__isnull=True))

    balayer_alertes_service.delay(a.service.pk, "2026-05-31")
    assert alertes_ouvertes() == []
    balayer_alertes_service.delay(a.service.pk, "2026-06-02")
    (alerte,) = alertes_ouvertes()
    assert (alerte.objet, alerte.role, alerte.equipe) == (a.adherent, Role.IPRP, a.equipe)
    assert "action de prévention primaire au plus tard le 01/06/2026" in alerte.libelle
    une_action(a, date=date(2026, 6, 2))  # a primary action done: the alert closes at the next sweep
    balayer_alertes_service.delay(a.service.pk, "2026-06-03")
    assert alertes_ouvertes() == []


def test_un_service_plus_exigeant_raccourcit_les_echeances(a):
    fiche_validee_le(a, date(2022, 1, 15))
    a.service.parametres = {"periodicite_fiche_mois": 36, "periodicite_action_primaire_mois": 24}
    a.service.save()
    from fiche_entreprise.tasks import recalculer_echeances_service

    recalculer_echeances_service.delay(a.service.pk)
    assert echeances(a.adherent) == {"fiche": date(2025, 1, 15), "action_primaire": date(2022, 1, 15)}


def test_le_type_d_action_decide_de_la_prevention_primaire(a, django_capture_on_commit_callbacks):
    """The director unticks « prévention primaire » on a type: the members' deadlines move."""
    une_action(a, date=date(2025, 2, 3))
    assert echeances(a.adherent)["action_primaire"] == date(2029, 2, 3)
    etude = entree(a, TypeAction, "etude_poste")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = a.client(Role.DIRECTEUR).post(f"/organisation/thesaurus/types-action/{etude.pk}/", {
            "libelle": etude.libelle, "ordre": etude.ordre, "actif": "on"})
    assert reponse.status_code == 302
    assert echeances(a.adherent)["action_primaire"] == date(2024, 1, 15)  # 4 years after the adhesion (2020)


def test_la_liste_par_equipe_et_par_referent(a):
    AdherentFactory(tenant=a.service, equipe=a.autre_equipe, centre=a.equipe.centre,
                            raison_sociale="Boulangerie Ménard")
    suivi = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre,
                            raison_sociale="Garage Fabre", date_adhesion=timezone.localdate() - timedelta(days=30))
    DossierPrevention.objects.create(tenant=a.service, adherent=suivi, referent=a.membres[Role.ASSISTANT_PREVENTION])
    client = a.client(Role.ASSISTANT_PREVENTION)
    page = client.get("/prevention/").content.decode()  # my team, due or late
    assert a.adherent.raison_sociale in page and "Boulangerie Ménard" not in page
    assert "Garage Fabre" not in page  # due in eleven months: not yet in the window
    assert "en retard" in page
    tout = client.get("/prevention/", {"equipe": "", "etat": ""}).content.decode()
    assert "Boulangerie Ménard" in tout and "Garage Fabre" in tout
    mes_adherents = client.get("/prevention/", {"equipe": "", "etat": "",
                                                "referent": a.membres[Role.ASSISTANT_PREVENTION].pk}).content.decode()
    assert "Garage Fabre" in mes_adherents and "Boulangerie Ménard" not in mes_adherents
    assert a.adherent.raison_sociale not in mes_adherents
    a_jour = client.get("/prevention/", {"equipe": "", "etat": "a_jour"}).content.decode()
    assert "Garage Fabre" in a_jour and "Boulangerie Ménard" not in a_jour


def test_la_fiche_en_retard_alerte_les_assistants_prevention_de_l_equipe(a):
    balayer_alertes_service.delay(a.service.pk)
    texte = f"{a.adherent.raison_sociale} : fiche d&#x27;entreprise au plus tard le 15/01/2021 (R4624-47)"
    assert texte in a.client(Role.ASSISTANT_PREVENTION).get("/alertes/").content.decode()
    assert texte not in a.client(Role.SERVICE_ADHERENT).get("/alertes/").content.decode()
    fiche_validee_le(a, timezone.localdate())
    balayer_alertes_service.delay(a.service.pk)
    assert texte not in a.client(Role.ASSISTANT_PREVENTION).get("/alertes/").content.decode()


def test_fiche_par_etablissement_des_qu_un_etablissement_a_la_sienne(a):
    """R4624-46: an FE for each company or establishment. Once an establishment has its own FE,
    each establishment has its FE deadline (the member-wide FE, else the adhesion, for the
    others); a service may keep one per member."""
    from adherents.models import Etablissement

    adherent = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre,
                               date_adhesion=date(2020, 3, 2))
    with scopes_disabled():
        Etablissement.objects.filter(adherent=adherent).delete()
    usine = Etablissement.objects.create(tenant=a.service, adherent=adherent, siret=f"{adherent.siren}00011",
                                         siege=True, nom="Usine")
    depot = Etablissement.objects.create(tenant=a.service, adherent=adherent, siret=f"{adherent.siren}00029",
                                         nom="Dépôt")
    fiche_validee_le(a, date(2023, 6, 1), adherent=adherent)  # for the whole member
    FicheEntreprise.objects.create(
        tenant=a.service, adherent=adherent, etablissement=usine, version=2, statut=StatutFiche.VALIDEE,
        redigee_par=a.membres[Role.ASSISTANT_PREVENTION], validee_par=a.membres[Role.MEDECIN],
        validee_le=timezone.make_aware(datetime(2025, 2, 3, 11)), **PRIORITES)
    reponse = a.client(Role.IPRP).get("/api/v1/echeances-prevention/", {"type": "fiche", "page_size": 500}).json()
    par_etablissement = {e["etablissement"]: e["au_plus_tard"] for e in reponse["results"]
                         if e["adherent"] == adherent.pk}
    assert par_etablissement == {usine.pk: "2029-02-03", depot.pk: "2027-06-01"}
    a.service.parametres = {**(a.service.parametres or {}), "fe_par_etablissement": False}
    a.service.save()
    from fiche_entreprise.echeances import recalculer
    from spsti.tenancy import service_actif

    with service_actif(a.service):
        recalculer(a.service, [adherent])
    with scopes_disabled():
        assert list(EcheancePrevention.objects.filter(adherent=adherent, type="fiche").values_list(
            "etablissement", "au_plus_tard")) == [(None, date(2029, 2, 3))]
