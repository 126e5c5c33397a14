"""Second factor (django-otp): TOTP application + single-use recovery codes, the remembered
device cookie, and the one rule the middleware applies."""

import base64
import hashlib
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core import signing
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from spsti.permissions import double_facteur_obligatoire

from .journal import journaliser
from .models import Evenement

COOKIE_APPAREIL = "spsti_appareil"
SEL_APPAREIL = "comptes.appareil_memorise"
SESSION_FORTE = "authentification_forte"  # set when an external provider gave strong authentication (PSC)
SESSION_NON_REQUIS = "double_facteur_non_requis"
NOMBRE_CODES_SECOURS = 10


def verifie(request) -> bool:
    utilisateur = request.user
    return bool(request.session.get(SESSION_FORTE)) or (
        hasattr(utilisateur, "is_verified") and utilisateur.is_verified())


def appareils_confirmes(utilisateur) -> list:
    return list(devices_for_user(utilisateur, confirmed=True))


def requis(request) -> bool:
    """Mandatory by role (policy module), or chosen by the person (a confirmed device)."""
    if double_facteur_obligatoire(request.user, getattr(request, "mes_rattachements", [])):
        return True
    if request.session.get(SESSION_NON_REQUIS):
        return False
    if appareils_confirmes(request.user):
        return True
    request.session[SESSION_NON_REQUIS] = True
    return False


def jours_memorisation(request) -> int:
    """The remembered-device duration: the strictest of the person's services, bounded."""
    maximum = settings.DOUBLE_FACTEUR_MEMORISATION_MAX_JOURS
    jours = [int(r.tenant.parametres.get("double_facteur_memoriser_jours", settings.DOUBLE_FACTEUR_MEMORISATION_JOURS))
             for r in getattr(request, "mes_rattachements", [])] or [settings.DOUBLE_FACTEUR_MEMORISATION_JOURS]
    return max(0, min(min(jours), maximum))


def _empreinte_appareil(appareil) -> str:
    secret = getattr(appareil, "key", None) or getattr(appareil, "credential_id", b"").hex()
    return hashlib.sha256(f"{appareil.persistent_id}:{secret}".encode()).hexdigest()[:32]


def memoriser_appareil(request, reponse, appareil) -> None:
    jours = jours_memorisation(request)
    if jours <= 0:
        return
    valeur = signing.dumps({"u": request.user.pk, "d": appareil.persistent_id, "e": _empreinte_appareil(appareil)},
                           salt=SEL_APPAREIL)
    reponse.set_cookie(COOKIE_APPAREIL, valeur, max_age=jours * 86400, httponly=True, samesite="Lax",
                       secure=settings.SESSION_COOKIE_SECURE)


def appareil_memorise(request):
    """The device remembered by this browser for this user (cookie signed, bounded, and void
    once the device is reset), else None."""
    valeur = request.COOKIES.get(COOKIE_APPAREIL)
    jours = jours_memorisation(request)
    if not valeur or jours <= 0:
        return None
    try:
        donnees = signing.loads(valeur, salt=SEL_APPAREIL, max_age=jours * 86400)
    except signing.BadSignature:
        return None
    if donnees.get("u") != request.user.pk:
        return None
    from django_otp.models import Device

    appareil = Device.from_persistent_id(donnees.get("d", ""))
    if (appareil is None or appareil.user_id != request.user.pk or not appareil.confirmed
            or _empreinte_appareil(appareil) != donnees.get("e")):
        return None
    return appareil


def totp_a_confirmer(utilisateur) -> TOTPDevice:
    """The TOTP device being enrolled (unconfirmed), created once."""
    appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=False).first()
    return appareil or TOTPDevice.objects.create(user=utilisateur, name="Application d'authentification",
                                                 confirmed=False)


def qr_code_svg(appareil: TOTPDevice) -> str:
    """The provisioning QR code as inline SVG markup (no external service, no image request)."""
    image = qrcode.make(appareil.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    tampon = BytesIO()
    image.save(tampon)
    return tampon.getvalue().decode().split("?>", 1)[-1]


def secret_base32(appareil: TOTPDevice) -> str:
    secret = base64.b32encode(appareil.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def codes_secours_generer(utilisateur) -> list[str]:
    """New single-use recovery codes (the previous ones stop working)."""
    appareil, _ = StaticDevice.objects.get_or_create(user=utilisateur, name="Codes de secours",
                                                     defaults={"confirmed": True})
    appareil.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(NOMBRE_CODES_SECOURS)]
    StaticToken.objects.bulk_create([StaticToken(device=appareil, token=code) for code in codes])
    return codes


def verifier_code(request, code: str):
    """The device that accepts this code (TOTP, then a recovery code, used once), logged in the
    session; None (and a logged failure) otherwise."""
    code = "".join(code.split())
    for appareil in appareils_confirmes(request.user):
        if appareil.verify_token(code):
            otp_login(request, appareil)
            request.session.pop(SESSION_NON_REQUIS, None)
            journaliser(Evenement.DOUBLE_FACTEUR, utilisateur=request.user, request=request,
                        detail=appareil.name)
            return appareil
    journaliser(Evenement.DOUBLE_FACTEUR_ECHEC, utilisateur=request.user, request=request)
    return None


def reinitialiser(utilisateur, *, auteur, request=None) -> None:
    """Removes every second-factor device of the person (lost phone): they enrol again at next login."""
    for appareil in devices_for_user(utilisateur, confirmed=None):
        appareil.delete()
    journaliser(Evenement.REINITIALISATION_2FA, utilisateur=utilisateur, auteur=auteur, request=request)


def connexion_verifiee(client, utilisateur, secret: str | None = None) -> TOTPDevice:
    """Tests and benchmarks: ``client.force_login`` then a verified second factor in the session
    (a confirmed TOTP device is created when the person has none)."""
    client.force_login(utilisateur)
    appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=True).first() or TOTPDevice.objects.create(
        user=utilisateur, name="Application d'authentification", confirmed=True,
        **({"key": secret} if secret else {}))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return appareil



def cles_d_acces(utilisateur) -> list:
    """The person's passkeys (WebAuthn credentials)."""
    from django_otp_webauthn.models import WebAuthnCredential

    return list(WebAuthnCredential.objects.filter(user=utilisateur, confirmed=True))
