"""Demo data: three services, every role with a known login, deterministic, scalable."""

from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django_scopes import scopes_disabled

from adherents.models import Adherent, Salarie
from spsti.management.commands.donnees_demo import COMPTES_DEMO, FEDERATION, MOT_DE_PASSE, SERVICES
from spsti.models import Rattachement, Service
from spsti.permissions import Role


def charger(scale):
    call_command("donnees_demo", scale=scale, sans_indicateurs=True, stdout=StringIO())  # the data, not its snapshots
    with scopes_disabled():
        return (sorted(Service.objects.values_list("nom", "siren")),
                sorted(Adherent.objects.values_list("raison_sociale", "siren", "effectif", "code_naf")),
                Salarie.objects.count())


def test_deterministe_et_a_l_echelle(db):
    with transaction.atomic():
        premier = charger(0.1)
        transaction.set_rollback(True)
    second = charger(0.1)
    assert premier == second
    services, adherents, salaries = second
    assert len(services) == 3 and len(adherents) == 60 and salaries == 600


def test_chaque_role_a_un_compte_de_demo_qui_se_connecte(db):
    call_command("donnees_demo", scale=0.02, sans_indicateurs=True, stdout=StringIO())
    with scopes_disabled():
        roles = set(Rattachement.objects.filter(utilisateur__email__endswith="@provence.demo")
                    .values_list("role", flat=True))
        assert roles == set(Role)
        assert Rattachement.objects.filter(utilisateur__email="medecin.multi@demo.fr").count() == len(SERVICES)
    for identifiant, _, _, _ in COMPTES_DEMO:
        assert Client().login(username=f"{identifiant}@bourgogne.demo", password=MOT_DE_PASSE)


def test_un_second_chargement_ne_duplique_rien(db):
    call_command("donnees_demo", scale=0.02, sans_indicateurs=True, stdout=StringIO())
    call_command("donnees_demo", scale=0.02, sans_indicateurs=True, stdout=StringIO())
    assert Service.objects.count() == len(SERVICES) == 3


def test_les_comptes_medicaux_de_la_demo_ont_un_second_facteur_et_code_otp_l_affiche(db):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    sortie = StringIO()
    call_command("donnees_demo", scale=0.02, sans_indicateurs=True, stdout=sortie)
    assert "code_otp" in sortie.getvalue()
    for identifiant in ("directeur", "medecin", "infirmier"):
        assert TOTPDevice.objects.filter(user__email=f"{identifiant}@provence.demo", confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user__email="iprp@provence.demo").exists()
    code = StringIO()
    call_command("code_otp", "medecin@provence.demo", stdout=code)
    appareil = TOTPDevice.objects.get(user__email="medecin@provence.demo")
    assert code.getvalue().strip() == f"{totp(appareil.bin_key):06d}"
    client = Client()
    client.post("/comptes/connexion/", {"username": "medecin@provence.demo", "password": MOT_DE_PASSE})
    reponse = client.post("/comptes/double-facteur/", {"code": code.getvalue().strip(), "next": "/accueil/"})
    assert reponse.status_code == 302 and client.get("/accueil/").status_code == 200


def test_la_federation_de_la_demo_voit_les_agregats_anonymes_des_trois_services(db):
    """All three demo services take part in the regional view (three at least: with two, each
    would read the other's value from the total), so its aggregates show from the start."""
    sortie = StringIO()
    call_command("donnees_demo", scale=0.05, stdout=sortie)
    assert FEDERATION[0] in sortie.getvalue()
    client = Client()
    assert client.login(username=FEDERATION[0], password=MOT_DE_PASSE)
    reponse = client.get("/", follow=True)
    page = reponse.content.decode()
    assert reponse.redirect_chain[-1][0] == "/indicateurs/federation/" and "3 services participent" in page
    valeurs = reponse.context["lignes"]
    assert any(ligne.valeur is not None for ligne in valeurs), "aucun agrégat affiché"
    taux = next(ligne for ligne in valeurs if ligne.taux and ligne.valeur is not None)
    assert f"{taux.valeur:g}".replace(".", ",") + " %" in page  # a rate reads as one
    assert all(nom not in page for nom, _ in Service.objects.values_list("nom", "siren"))


def test_un_seul_service_peut_etre_charge_pour_mesurer_un_tres_grand_service(db):
    sortie = StringIO()
    call_command("donnees_demo", scale=0.02, sans_indicateurs=True, services=["provence"], stdout=sortie)
    with scopes_disabled():
        assert list(Service.objects.values_list("nom", flat=True)) == ["Santé Travail Provence"]
    assert "@provence.demo" in sortie.getvalue() and "@bourgogne.demo" not in sortie.getvalue()


def test_les_statistiques_du_planificateur_comptent_les_alertes_ouvertes_apres_le_chargement(db):
    """The alerts are opened by the sweep after the data's commit: the planner's statistics must
    be taken after it too (on a database without autovacuum, the alerts page at 1M workers was
    planned on a table believed empty: 285 ms instead of 42)."""
    from django.db import connection

    from spsti.models import Alerte

    call_command("donnees_demo", scale=0.05, sans_indicateurs=True, services=["provence"], stdout=StringIO())
    with scopes_disabled():
        ouvertes = Alerte.objects.count()
    with connection.cursor() as curseur:
        curseur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Alerte._meta.db_table])
        estimees = curseur.fetchone()[0]
    assert ouvertes > 20 and estimees == ouvertes
