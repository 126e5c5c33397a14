"""Immutable rows are immutable in the database (spsti/immuable.py): raw SQL run by the
application's role can neither change nor delete a DUERP version (kept 40 years, L4121-3-1), a
visit's outcome document, a validated FE (R4624-46 to R4624-48; a draft still changes), a PDP
file's journal, document or sharing record; only a maintenance session passes."""

from datetime import date

import pytest
from django.db import InternalError, ProgrammingError, connection, transaction

from cellule_pdp.models import DocumentPDP, EntreeJournal
from duerp.models import DocumentDUERP
from fiche_entreprise.models import FicheEntreprise, StatutFiche
from spsti.immuable import ROLE_MAINTENANCE, maintenance
from spsti.permissions import Role
from spsti.securite_lignes import accorder_au_role
from spsti.tenancy import service_actif
from suivi_individuel.models import DocumentSuivi, TransfertDMST, Visite
from tests.cellule_pdp.outils import un_dossier
from tests.test_securite_lignes import ROLE, role_applicatif  # noqa: F401 (the fixture)

REFUS = (InternalError, ProgrammingError)


@pytest.fixture
def lignes(a):
    """One row of each immutable table of service A (written by the ORM, as the owner)."""
    m = a.membres
    with service_actif(a.service):
        duerp = DocumentDUERP.objects.create(tenant=a.service, adherent=a.adherent, version=1, fichier="duerp/x.pdf",
                                             mis_a_jour_le=date(2026, 1, 10), depose_par=m[Role.ADHERENT].utilisateur)
        document = DocumentSuivi.objects.create(tenant=a.service, visite=Visite.objects.first(),
                                                nature="attestation_suivi", emis_par=m[Role.MEDECIN], pdf="s/x.pdf")
        commun = {"tenant": a.service, "adherent": a.adherent, "redigee_par": m[Role.ASSISTANT_PREVENTION]}
        validee = FicheEntreprise.objects.create(**commun, version=1, statut=StatutFiche.VALIDEE,
                                                 validee_le="2026-06-01T10:00Z", validee_par=m[Role.MEDECIN])
        brouillon = FicheEntreprise.objects.create(**commun, version=2, precedente=validee)
        dossier = un_dossier(a)
        journal = EntreeJournal.objects.filter(dossier=dossier).first()
        document_pdp = DocumentPDP.objects.create(tenant=a.service, dossier=dossier, libelle="Étude", fichier="p/x")
        transfert = TransfertDMST.objects.create(tenant=a.service, salarie=a.salarie, sens="emis", autre_service="X",
                                                 consentement_le=date(2026, 1, 5), consentement_mode="ecrit",
                                                 fichier="dmst/x.json", par=m[Role.MEDECIN])
    return {"duerp_documentduerp": duerp.pk, "suivi_individuel_documentsuivi": document.pk,
            "validee": validee.pk, "brouillon": brouillon.pk, "cellule_pdp_entreejournal": journal.pk,
            "cellule_pdp_documentpdp": document_pdp.pk, "suivi_individuel_transfertdmst": transfert.pk}


@pytest.fixture
def lignes_sous_role(lignes, request):
    """The rows written first, then the rest of the test as the application's role."""
    request.getfixturevalue("role_applicatif")
    return lignes


def executer(sql, params):
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute(sql, params)
        return curseur.rowcount


TABLES = {"duerp_documentduerp": "commentaire = 'réécrit'", "suivi_individuel_documentsuivi": "propositions = 'x'",
          "cellule_pdp_entreejournal": "texte = 'réécrit'", "suivi_individuel_transfertdmst": "autre_service = 'Y'"}


@pytest.mark.parametrize("table", list(TABLES))
@pytest.mark.parametrize("operation", ["UPDATE", "DELETE"])
def test_le_role_applicatif_ne_modifie_ni_ne_supprime_en_sql_brut(a, lignes_sous_role, table, operation):
    sql = (f"UPDATE {table} SET {TABLES[table]} WHERE id = %s" if operation == "UPDATE"
           else f"DELETE FROM {table} WHERE id = %s")
    with service_actif(a.service), pytest.raises(REFUS, match="Ligne inaltérable"):
        executer(sql, [lignes_sous_role[table]])


def test_une_fiche_validee_est_figee_un_brouillon_se_modifie(a, lignes_sous_role):
    sql = "UPDATE fiche_entreprise_ficheentreprise SET priorite_1 = 'réécrite' WHERE id = %s"
    with service_actif(a.service):
        with pytest.raises(REFUS, match="ne se modifie pas"):
            executer(sql, [lignes_sous_role["validee"]])
        assert executer(sql, [lignes_sous_role["brouillon"]]) == 1
        with pytest.raises(REFUS, match="ne se supprime pas"):
            executer("DELETE FROM fiche_entreprise_ficheentreprise WHERE id = %s", [lignes_sous_role["brouillon"]])


def test_un_document_pdp_se_renomme_mais_ne_se_supprime_pas(a, lignes_sous_role):
    with service_actif(a.service):
        assert executer("UPDATE cellule_pdp_documentpdp SET libelle = 'Étude v2' WHERE id = %s",
                        [lignes_sous_role["cellule_pdp_documentpdp"]]) == 1
        with pytest.raises(REFUS, match="ne se supprime pas"):
            executer("DELETE FROM cellule_pdp_documentpdp WHERE id = %s", [lignes_sous_role["cellule_pdp_documentpdp"]])


def test_la_mise_a_jour_en_masse_de_l_orm_est_refusee_par_la_base(a, lignes_sous_role):
    with service_actif(a.service), pytest.raises(REFUS, match="Ligne inaltérable"), transaction.atomic():
        DocumentSuivi.objects.filter(pk=lignes_sous_role["suivi_individuel_documentsuivi"])._raw_delete(connection.alias)


def test_le_reglage_seul_ne_suffit_pas_au_role_applicatif(a, lignes_sous_role):
    with service_actif(a.service), maintenance(), pytest.raises(REFUS, match="Ligne inaltérable"):
        executer("DELETE FROM duerp_documentduerp WHERE id = %s", [lignes_sous_role["duerp_documentduerp"]])


def test_une_session_de_maintenance_passe(a, lignes, db):
    accorder_au_role(ROLE)
    with connection.cursor() as curseur:
        curseur.execute(f"GRANT {ROLE_MAINTENANCE} TO {ROLE}")
        curseur.execute(f"SET LOCAL ROLE {ROLE}")
    try:
        with service_actif(a.service):
            with pytest.raises(REFUS):
                executer("UPDATE duerp_documentduerp SET commentaire = 'corrigé' WHERE id = %s",
                         [lignes["duerp_documentduerp"]])  # a member, without the setting: refused
            with maintenance():
                assert executer("UPDATE duerp_documentduerp SET commentaire = 'corrigé' WHERE id = %s",
                                [lignes["duerp_documentduerp"]]) == 1
    finally:
        with connection.cursor() as curseur:
            curseur.execute("RESET ROLE")
            curseur.execute(f"REVOKE {ROLE_MAINTENANCE} FROM {ROLE}")
