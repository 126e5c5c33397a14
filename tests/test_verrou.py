"""Optimistic locking (spsti/verrou.py): two staff editing the same record; the second saver is
told who changed what, nothing is saved, and saving again overwrites knowingly."""

from django_scopes import scopes_disabled

from adherents.models import Adherent
from spsti.permissions import Role


def donnees_adherent(adherent, **changements):
    valeurs = {"siren": adherent.siren, "raison_sociale": adherent.raison_sociale, "enseigne": adherent.enseigne,
               "code_naf": adherent.code_naf_id or "", "adresse": adherent.adresse, "code_postal": adherent.code_postal,
               "ville": adherent.ville, "statut": adherent.statut, "date_adhesion": adherent.date_adhesion.isoformat(),
               "centre": adherent.centre_id or "", "equipe": adherent.equipe_id or "",
               "medecin": adherent.medecin_id or "", "revision_lue": adherent.revision}
    valeurs.update(changements)
    return valeurs


def test_deux_enregistrements_du_meme_adherent_le_second_est_prevenu(a):
    url = f"/adherents/{a.adherent.pk}/modifier/"
    directeur, service_adherent = a.client(Role.DIRECTEUR), a.client(Role.SERVICE_ADHERENT)
    assert f'name="revision_lue" value="{a.adherent.revision}"' in directeur.get(url).content.decode()
    lu = Adherent.tous_services.get(pk=a.adherent.pk)  # both opened the form at this revision

    premier = service_adherent.post(url, donnees_adherent(lu, ville="Carpentras"))
    assert premier.status_code == 302
    second = directeur.post(url, donnees_adherent(lu, raison_sociale="Conserverie du Ventoux"))
    page = second.content.decode()
    assert second.status_code == 200 and "Rien n&#x27;a été enregistré" in page
    assert "« Ville » : " in page and "→ Carpentras" in page
    with scopes_disabled():
        actuel = Adherent.objects.get(pk=a.adherent.pk)
    assert actuel.ville == "Carpentras" and actuel.raison_sociale == lu.raison_sociale  # nothing overwritten
    assert f'name="revision_lue" value="{actuel.revision}"' in page  # the form now carries the new revision

    confirme = directeur.post(url, donnees_adherent(lu, raison_sociale="Conserverie du Ventoux",
                                                    revision_lue=actuel.revision))
    assert confirme.status_code == 302  # the second saver decided: overwrite
    with scopes_disabled():
        assert Adherent.objects.get(pk=a.adherent.pk).raison_sociale == "Conserverie du Ventoux"
