"""The medical record (DMST) as a record (issue 16, point 5): its sections filled from the
visits, exposures, absences, documents and conclusions; the past visits listed with their
outcome; each read logged in the medical access log."""

from django_scopes import scopes_disabled

from adherents.models import Salarie
from spsti.models import AccesDossierMedical
from spsti.permissions import Role
from suivi_individuel.models import ArretTravail

from .outils import enregistrer, visite_du_jour


def test_le_dossier_se_remplit_de_ce_que_le_service_sait_et_chaque_lecture_est_journalisee(a):
    with scopes_disabled():
        Salarie.objects.filter(pk=a.salarie.pk).update(categorie="SIR", motifs_categorie=["cmr"])
        ArretTravail.objects.create(tenant=a.service, salarie=a.salarie, nature="accident_du_travail",
                                    debut="2026-09-01", reprise="2026-10-15")
    visite = visite_du_jour(a, Role.MEDECIN, type_legal="examen_aptitude_periodique")
    assert enregistrer(a, Role.MEDECIN, visite, nature="avis_aptitude").status_code == 302
    url = f"/suivi/salaries/{a.salarie.pk}/dossier-medical/"
    with scopes_disabled():
        avant = AccesDossierMedical.objects.filter(salarie=a.salarie, origine=url).count()
    page = a.client(Role.MEDECIN).get(url).content.decode()
    assert "Maçon" in page and str(a.adherent) in page  # employment
    assert "agents cancérogènes" in page, page[page.find("s-expositions"):][:1500]  # the follow-up reasons
    assert "Accident du travail du 01/09/2026 au 15/10/2026" in page
    assert f'href="/suivi/visites/{visite.pk}/"' in page and "Avis d&#x27;aptitude" in page
    assert "Revoir dans un an" in page  # the visit's conclusions
    assert page.count("—") < 10
    with scopes_disabled():
        assert AccesDossierMedical.objects.filter(salarie=a.salarie, origine=url).count() == avant + 1
