"""What the director sees of the staff's access (selectors)."""

from django.db.models import Max
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from spsti.permissions import ROLES_DOUBLE_FACTEUR

from .models import Evenement, JetonAPI, JournalSecurite
from .verrouillage import comptes_verrouilles


def etat_du_personnel(rattachements: list) -> list[dict]:
    """One row per membership: last login, active tokens, second factor, lockout (a fixed number
    of queries)."""
    utilisateurs = [r.utilisateur_id for r in rattachements]
    dernieres = dict(JournalSecurite.objects.filter(utilisateur_id__in=utilisateurs, evenement=Evenement.CONNEXION)
                     .values_list("utilisateur_id").annotate(Max("horodatage")))
    jetons = {}
    for jeton in JetonAPI.objects.filter(rattachement__in=rattachements, revoque_le__isnull=True,
                                         expire_le__gt=timezone.now()):
        jetons.setdefault(jeton.rattachement_id, []).append(jeton)
    enroles = set(TOTPDevice.objects.filter(user_id__in=utilisateurs, confirmed=True).values_list("user_id", flat=True))
    verrouilles = comptes_verrouilles([r.utilisateur.email for r in rattachements])
    return [{"rattachement": r, "derniere_connexion": dernieres.get(r.utilisateur_id),
             "jetons": jetons.get(r.pk, []), "double_facteur": r.utilisateur_id in enroles,
             "double_facteur_obligatoire": r.role in ROLES_DOUBLE_FACTEUR,
             "verrouille": r.utilisateur.email in verrouilles} for r in rattachements]
