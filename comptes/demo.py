"""Quick start: the demo's accounts that must pass a second factor are enrolled with one fixed,
public TOTP secret, so that a newcomer sees the step (``manage.py code_otp <email>`` prints the
current code). Never use this secret outside the demo."""

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from spsti.models import Rattachement
from spsti.permissions import ROLES_DOUBLE_FACTEUR
from spsti.tenancy import tous_services_actifs

# RFC 6238's test secret "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ).
CLE_TOTP_DEMO = "3132333435363738393031323334353637383930"
SECRET_BASE32_DEMO = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def enroler_comptes_demo(emails: set[str] | None = None) -> int:
    """Enrols the demo's physicians, nurses, directors and administrators (idempotent)."""
    with tous_services_actifs():
        ids = set(Rattachement.tous_services.filter(role__in=ROLES_DOUBLE_FACTEUR).values_list("utilisateur_id",
                                                                                               flat=True))
    utilisateurs = get_user_model().objects.filter(pk__in=ids) | get_user_model().objects.filter(is_superuser=True)
    if emails is not None:
        utilisateurs = utilisateurs.filter(email__in=emails)
    deja = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    nouveaux = [TOTPDevice(user=u, name="Application d'authentification (démo)", key=CLE_TOTP_DEMO, confirmed=True)
                for u in utilisateurs.distinct() if u.pk not in deja]
    TOTPDevice.objects.bulk_create(nouveaux)
    return len(nouveaux)
