"""The workforce import at scale and under concurrency: a constant number of queries whatever
the file's length, bulk writes with history, namesakes never merged silently, and one
declaration of a member applied at a time (two uploads at once: no duplicate worker)."""

import threading
from datetime import date

import pytest
import tablib
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from adherents import declarations
from adherents.models import Adherent, DeclarationEffectifs, Emploi, Salarie
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import Echeance

from .test_declarations import ENTETES, confirmer, deposer


def fichier(lignes: int, debut: int = 0) -> tablib.Dataset:
    donnees = tablib.Dataset(headers=ENTETES.split(";"))
    for i in range(debut, debut + lignes):
        donnees.append([f"Nom{i:05}", "Prénom", f"{1 + i % 28:02}/{1 + i % 12:02}/{1960 + i % 40}", "FM"[i % 2], "",
                        "Agent", "", "01/01/2020", "", ("SI", "SIA", "SIR")[i % 3],
                        ("", "travail_nuit", "cmr")[i % 3]])
    return donnees


def appliquer(a, donnees):
    with service_actif(a.service):
        analyse = declarations.analyser(a.adherent, donnees)
        assert analyse.valide, analyse.erreurs
        return declarations.appliquer(adherent=a.adherent, analyse=analyse, par=a.membres[Role.ADHERENT].utilisateur,
                                      annee=2026)


def test_l_analyse_coute_le_meme_nombre_de_requetes_quelle_que_soit_la_longueur(a):
    with service_actif(a.service):
        appliquer(a, fichier(30))
        comptes = []
        for longueur in (10, 60):
            with CaptureQueriesContext(connection) as requetes:
                declarations.analyser(a.adherent, fichier(longueur))
            comptes.append(len(requetes))
    assert comptes[0] == comptes[1] <= 4


def test_l_application_ecrit_en_masse_avec_l_historique_et_recalcule_une_fois(a):
    with service_actif(a.service):
        # both past the 100 rows from which bulk creation copies (below, one INSERT: fewer queries)
        with CaptureQueriesContext(connection) as petites:
            appliquer(a, fichier(100))
        with CaptureQueriesContext(connection) as grandes:
            appliquer(a, fichier(400, debut=1000))
        assert len(grandes) == len(petites)
        assert Salarie.objects.filter(nom__startswith="Nom").count() == 500
        assert Salarie.history.filter(nom__startswith="Nom", history_type="+").count() == 500
        assert Emploi.history.filter(history_type="+", salarie__nom__startswith="Nom").count() == 500
        assert Echeance.objects.filter(salarie__nom__startswith="Nom").values("salarie").distinct().count() == 500
        # a re-import changes nothing; an update and a leaver are written with their history
        modifie = fichier(20)
        modifie[0] = (*modifie[0][:8], "30/06/2026", *modifie[0][9:])
        modifie[1] = (*modifie[1][:9], "SIR", "cmr")
        appliquer(a, modifie)
        assert Emploi.objects.get(salarie__nom="Nom00000").date_sortie == date(2026, 6, 30)
        assert Salarie.objects.get(nom="Nom00001").categorie == "SIR"
        assert Salarie.history.filter(nom="Nom00001", history_type="~").count() == 1
        assert not Echeance.objects.filter(salarie__nom="Nom00000").exists()  # left: nothing due


def test_des_homonymes_sans_nir_ne_sont_jamais_confondus(a):
    with service_actif(a.service):
        for _ in range(2):
            jumeau = Salarie.objects.create(tenant=a.service, adherent=a.adherent, nom="Nom00000", prenom="Prénom",
                                            date_naissance=date(1960, 1, 1), sexe="F")
            Emploi.objects.create(tenant=a.service, salarie=jumeau, adherent=a.adherent, date_embauche=date(2020, 1, 1))
        analyse = declarations.analyser(a.adherent, fichier(1))
        assert (2, "nir", "2 salariés de l'adhérent portent ce nom, ce prénom et cette date de naissance : indiquez "
                          "le NIR pour désigner le bon.") in analyse.erreurs


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' data (NAF codes)
def test_deux_depots_simultanes_d_une_declaration_ne_creent_aucun_doublon(a):
    """Both at once, without NIR: the second waits for the first and then changes nothing (or is
    refused in French); never a worker twice."""
    donnees, barriere, issues = fichier(40), threading.Barrier(2), []

    def deposer_en_parallele():
        try:
            with service_actif(a.service):
                analyse = declarations.analyser(a.adherent, donnees)
                barriere.wait()
                declarations.appliquer(adherent=a.adherent, analyse=analyse, annee=2026,
                                       par=a.membres[Role.ADHERENT].utilisateur)
            issues.append("appliquée")
        except declarations.DeclarationEnCours as exc:
            issues.append(str(exc))
        finally:
            connection.close()

    fils = [threading.Thread(target=deposer_en_parallele) for _ in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert "appliquée" in issues and len(issues) == 2
    with scopes_disabled():
        assert Salarie.objects.filter(nom__startswith="Nom").count() == 40
        assert Emploi.objects.filter(salarie__nom__startswith="Nom").count() == 40
        totaux = list(DeclarationEffectifs.objects.values_list("totaux", flat=True))
    assert sorted(t["creation"] for t in totaux) == ([0, 40] if len(totaux) == 2 else [40])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migrations' data (NAF codes)
def test_une_declaration_en_cours_refuse_l_autre_en_francais(a, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(declarations, "ATTENTE_VERROU", "200ms")
    client = a.client(Role.ADHERENT)
    deposer(client, a.adherent, "\n".join([ENTETES, *[";".join(map(str, ligne)) for ligne in fichier(3)]]))
    verrou_pris, liberer = threading.Event(), threading.Event()

    def autre_declaration():
        with scopes_disabled(), transaction.atomic():
            Adherent.objects.select_for_update().filter(pk=a.adherent.pk).exists()
            verrou_pris.set()
            liberer.wait(10)
        connection.close()

    autre = threading.Thread(target=autre_declaration)
    autre.start()
    verrou_pris.wait(10)
    try:
        page = confirmer(client, a.adherent).content.decode()
    finally:
        liberer.set()
        autre.join()
    assert "Une autre déclaration de cet adhérent est en cours d&#x27;application" in page
    with scopes_disabled():
        assert not Salarie.objects.filter(nom__startswith="Nom").exists()
