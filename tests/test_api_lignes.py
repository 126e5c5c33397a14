"""The API's rows are written by ``spsti.contrat_api.SerializerModele`` (columns read straight from
the row, fields derived from the model once, a list's rows read as plain values where no field
needs the model instance) and ``RenduJSON`` (orjson): every list of the API and its first row,
read by each role of the demo, are the same as DRF's own ``ModelSerializer`` and ``JSONRenderer``
write them from model instances."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from adherents.api import AdherentSerializer
from adherents.models import AccesPortail
from cellule_pdp.models import DossierPDP
from spsti.contrat_api import RenduJSON, SerializerModele
from spsti.models import Rattachement
from spsti.permissions import Role
from spsti.tenancy import service_actif, tous_services_actifs
from spsti.urls import routeur
from suivi_individuel.models import StatutVisite, Visite
from tests.connexion import client_du_rattachement

ROLES = ("directeur", "medecin", "assistant.social", "adherent")


def clients_de_la_demo():
    clients = {}
    with tous_services_actifs():
        for role in ROLES:
            rattachement = Rattachement.objects.get(utilisateur__email=f"{role}@provence.demo")
            acces = AccesPortail.objects.filter(rattachement=rattachement).first()
            clients[role] = client_du_rattachement(rattachement, ecriture=False, adherent=acces and acces.adherent)
    return clients


def deux_fois(client, url, monkeypatch):
    """The answer as written by ``SerializerModele`` and ``RenduJSON``, then by DRF's own
    ``ModelSerializer`` and ``JSONRenderer``."""
    rapide = client.get(url)
    with monkeypatch.context() as m:
        m.setattr(SerializerModele, "to_representation", serializers.ModelSerializer.to_representation)
        m.setattr(SerializerModele, "get_fields", serializers.ModelSerializer.get_fields)
        m.setattr(RenduJSON, "render", lambda self, *args, **kwargs: JSONRenderer().render(*args, **kwargs))
        m.setattr(SerializerModele, "lignes_en_valeurs", classmethod(lambda cls, lignes: lignes))  # models
        drf = client.get(url)
    return ((rapide.status_code, rapide["Content-Type"], rapide.json()),
            (drf.status_code, drf["Content-Type"], drf.json()))


def test_chaque_liste_de_l_api_ecrit_les_lignes_comme_drf(db, monkeypatch):
    call_command("donnees_demo", scale=0.02, sans_indicateurs=True, stdout=StringIO())
    avec_lignes = set()
    for role, client in clients_de_la_demo().items():
        for prefixe, _vue, _nom in routeur.registry:
            url = f"/api/v1/{prefixe}/"
            rapide, drf = deux_fois(client, url, monkeypatch)
            assert rapide == drf, (role, url)
            statut, _type, liste = rapide
            if statut != 200 or not isinstance(liste, dict) or not liste.get("results"):
                continue
            avec_lignes.add(url)
            if "id" in (ligne := liste["results"][0]):  # the indicators have a code
                rapide, drf = deux_fois(client, f"{url}{ligne['id']}/", monkeypatch)
                assert rapide == drf, (role, url, ligne["id"])
    # the comparison covers the API: lists of every app, with rows, read by staff and by a member
    assert len(avec_lignes) >= 35, sorted(avec_lignes)
    assert {"/api/v1/adherents/", "/api/v1/echeances/", "/api/v1/dossiers-pdp/", "/api/v1/factures/",
            "/api/v1/fiches-entreprise/", "/api/v1/plans-action/", "/api/v1/portail/salaries/"} <= avec_lignes


def test_le_rendu_json_refuse_une_valeur_inconnue_plutot_que_d_ecrire_null():
    """drf-orjson-renderer writes a value it does not know as ``null``; DRF's encoder raises, and so
    does ``RenduJSON``: nothing is silently dropped. What DRF's encoder knows, it writes the same."""
    donnees = {"le": date(2026, 12, 7), "libelle": gettext_lazy("Échéancier"), "liste": (1, 2)}
    assert RenduJSON().render(donnees) == JSONRenderer().render(donnees) == \
        '{"le":"2026-12-07","libelle":"Échéancier","liste":[1,2]}'.encode()
    with pytest.raises(TypeError, match="object"):
        JSONRenderer().render({"valeur": object()})
    with pytest.raises(TypeError) as refus:  # orjson's error, caused by RenduJSON's
        RenduJSON().render({"valeur": object()})
    assert str(refus.value.__cause__) == "Valeur non sérialisable en JSON : object"


def test_les_champs_derives_une_fois_sont_ceux_du_service_actif(a, b):
    """The fields derived from the model once per serializer and scope: a relation limited by
    ``limit_choices_to`` (the member's physician) offers the active service's physicians,
    whichever service asked first; each serializer gets fields of its own."""
    for monde in (a, b, a):
        with service_actif(monde.service):
            premier, second = AdherentSerializer(), AdherentSerializer()
            medecins = set(premier.fields["medecin"].get_queryset())
            assert medecins == set(Rattachement.objects.filter(role=Role.MEDECIN)) and len(medecins) >= 1
            assert premier.fields["siren"] is not second.fields["siren"]
            assert second.fields["medecin"].parent is second


class IntervenantsSerializer(SerializerModele):
    class Meta:
        model = DossierPDP
        fields = ["id", "intervenants"]


def test_une_relation_vers_plusieurs_derivee_une_fois_garde_son_propre_enfant(a):
    """A to-many relation holds a child field: each serializer gets its own, bound to its own
    relation, and it still offers the active service's rows."""
    with service_actif(a.service):
        premier, second = IntervenantsSerializer(), IntervenantsSerializer()
        for serializer in (premier, second):
            relation = serializer.fields["intervenants"]
            assert relation.child_relation.parent is relation and relation.parent is serializer
        assert premier.fields["intervenants"].child_relation is not second.fields["intervenants"].child_relation
        assert set(second.fields["intervenants"].child_relation.get_queryset()) == set(Rattachement.objects.all())


def test_une_liste_dont_les_champs_lisent_des_colonnes_est_lue_en_valeurs(a, monkeypatch):
    """The members', the workers' and the due list (its booked visit an annotation) are read as
    plain values: no model instance built, only the columns written (the due list's "to book"
    subquery, which only the pages show, is not computed, though it still filters). A serializer
    with a field that needs the instance (a relation to many) keeps model instances."""
    construits, premier_appel = [], Model.from_db.__func__

    def from_db(cls, *args):
        construits.append(cls.__name__)
        return premier_appel(cls, *args)

    monkeypatch.setattr(Model, "from_db", classmethod(from_db))
    client = a.client(Role.MEDECIN)
    with CaptureQueriesContext(connection) as requetes:
        echeances = client.get("/api/v1/echeances/", {"a_planifier": "true"}).json()["results"]
    assert echeances and {e["salarie"] for e in echeances} == {a.salarie.pk}
    page = next(sql for sql in (q["sql"] for q in requetes.captured_queries)
                if sql.startswith("SELECT") and 'FROM "suivi_individuel_echeance"' in sql and "ORDER BY" in sql)
    assert page.count("EXISTS") == 1 and page.index("EXISTS") > page.index(" WHERE ")  # a filter, not a column
    assert client.get("/api/v1/salaries/").json()["results"][0]["id"] == a.salarie.pk
    assert "Echeance" not in construits and "Salarie" not in construits
    assert client.get("/api/v1/adherents/").json()["results"][0]["id"] == a.adherent.pk
    assert "Adherent" not in construits
    with service_actif(a.service):
        lignes = DossierPDP.objects.all()
        assert IntervenantsSerializer.lignes_en_valeurs(lignes) is lignes
    debut = timezone.now() + timedelta(days=3)
    prevue = Visite.objects.create(tenant=a.service, salarie=a.salarie, type=echeances[0]["type"],
                                   statut=StatutVisite.PLANIFIEE, debut=debut, date=debut.date(),
                                   professionnel=a.membres[Role.MEDECIN])
    assert echeances[0]["id"] not in {e["id"] for e in client.get("/api/v1/echeances/", {"a_planifier": "true"})
                                      .json()["results"]}
    reservee = next(e for e in client.get("/api/v1/echeances/").json()["results"] if e["id"] == echeances[0]["id"])
    assert reservee["convoquee_pour"] == prevue.debut.astimezone(timezone.get_current_timezone()).isoformat()
