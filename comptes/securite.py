"""What the director sees of the staff's access (selectors)."""

from django.db.models import Max
from django.utils import timezone

from .models import Evenement, JetonAPI, JournalSecurite


def etat_du_personnel(rattachements: list) -> list[dict]:
    """One row per membership: last login, active tokens (a fixed number of queries)."""
    utilisateurs = [r.utilisateur_id for r in rattachements]
    dernieres = dict(JournalSecurite.objects.filter(utilisateur_id__in=utilisateurs, evenement=Evenement.CONNEXION)
                     .values_list("utilisateur_id").annotate(Max("horodatage")))
    jetons = {}
    for jeton in JetonAPI.objects.filter(rattachement__in=rattachements, revoque_le__isnull=True,
                                         expire_le__gt=timezone.now()):
        jetons.setdefault(jeton.rattachement_id, []).append(jeton)
    return [{"rattachement": r, "derniere_connexion": dernieres.get(r.utilisateur_id),
             "jetons": jetons.get(r.pk, [])} for r in rattachements]
