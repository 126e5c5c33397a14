"""The signature of a webhook delivery (HMAC-SHA256), as a receiver checks it.

Headers: ``X-SPSTI-Horodatage`` (Unix time of the attempt, in seconds) and ``X-SPSTI-Signature``
(``v1=`` then the hex HMAC-SHA256, keyed by the subscription's secret, of
``<horodatage>.<raw body>``). A receiver recomputes it over the raw body, compares in constant
time and refuses an horodatage older than a few minutes (a replayed capture).
"""

import hashlib
import hmac
import time

TOLERANCE_SECONDES = 300


def signer(secret: str, horodatage: str, corps: bytes) -> str:
    return "v1=" + hmac.new(secret.encode(), horodatage.encode() + b"." + corps, hashlib.sha256).hexdigest()


def signature_valide(secret: str, horodatage: str, corps: bytes, signature: str, *,
                     maintenant: float | None = None) -> bool:
    """Whether a received delivery is genuine and recent."""
    if not horodatage.isdigit() or abs((maintenant or time.time()) - int(horodatage)) > TOLERANCE_SECONDES:
        return False
    return hmac.compare_digest(signer(secret, horodatage, corps), signature)
