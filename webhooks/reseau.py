"""Where a webhook may be sent: in production, only to addresses of the public Internet, so that
a subscriber cannot make the server probe the service's own network (checked when subscribing
and again at each sending, since a name may later resolve elsewhere)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

REFUS = "Adresse de réception refusée : elle désigne un réseau interne ou réservé, pas Internet."


def destination_permise(url: str) -> bool:
    if not getattr(settings, "WEBHOOKS_RESEAU_PUBLIC_SEUL", False):
        return True
    hote = urlsplit(url).hostname
    try:
        adresses = {info[4][0] for info in socket.getaddrinfo(hote, None)}
    except (socket.gaierror, UnicodeError):
        return False
    return bool(adresses) and all(ipaddress.ip_address(a.split("%")[0]).is_global for a in adresses)
