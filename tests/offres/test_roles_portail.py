"""The portal roles of a company (point 7): the billing contact sees the invoices and the
balance; the declaration role does not; member services set the role on the member's account."""

import pytest

from adherents.models import AccesPortail, RolePortail
from spsti.permissions import Role, peut
from spsti.tenancy import service_actif

from .outils import une_facture


def _role(monde, role):
    with service_actif(monde.service):
        AccesPortail.objects.filter(rattachement=monde.membres[Role.ADHERENT]).update(role=role)


@pytest.mark.parametrize(("role", "voit"), [
    (RolePortail.COMPLET, True),
    (RolePortail.FACTURATION, True),
    (RolePortail.DECLARATION, False),
])
def test_les_factures_du_portail_selon_le_role_de_l_utilisateur(a, role, voit):
    facture = une_facture(a)
    _role(a, role)
    employeur = a.client(Role.ADHERENT)
    page = employeur.get(f"/portail/entreprises/{a.adherent.pk}/offres/")
    assert page.status_code == 200
    contenu = page.content.decode()
    assert (facture.numero in contenu) is voit
    assert ('id="solde"' in contenu) is voit
    assert ("réservés à son contact facturation" in contenu) is not voit
    pdf = employeur.get(f"/portail/entreprises/{a.adherent.pk}/offres/factures/{facture.pk}/pdf/")
    assert pdf.status_code == (200 if voit else 403)
    with service_actif(a.service):
        assert peut(a.membres[Role.ADHERENT], "voir_factures_portail", a.adherent) is voit


def test_la_politique_ne_donne_les_factures_qu_aux_entreprises_du_compte(a, b):
    with service_actif(a.service):
        assert peut(a.membres[Role.ADHERENT], "voir_factures_portail", a.adherent)
        assert not peut(a.membres[Role.ADHERENT], "voir_factures_portail", b.adherent)
        assert not peut(a.membres[Role.COMPTABLE], "voir_factures_portail", a.adherent)


def test_le_service_adherent_fixe_le_role_sur_le_portail_et_pas_la_comptabilite(a):
    with service_actif(a.service):
        acces = AccesPortail.objects.get(rattachement=a.membres[Role.ADHERENT])
    url = f"/offres/adherents/{a.adherent.pk}/"
    assert "Accès au portail" in a.client(Role.SERVICE_ADHERENT).get(url).content.decode()
    assert a.client(Role.COMPTABLE).post(url, {"acces": acces.pk, "role": "declaration"}).status_code == 403
    assert a.client(Role.SERVICE_ADHERENT).post(url, {"acces": acces.pk, "role": "inconnu"}).status_code == 404
    reponse = a.client(Role.SERVICE_ADHERENT).post(url, {"acces": acces.pk, "role": "facturation"}, follow=True)
    assert "contact facturation" in reponse.content.decode()
    with service_actif(a.service):
        acces.refresh_from_db()
        assert acces.role == RolePortail.FACTURATION
