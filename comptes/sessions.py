"""Session lifetime rules: idle timeout per role and service, absolute lifetime (settings)."""

from django.conf import settings

from spsti.permissions import ROLES_MEDICAUX


def inactivite_minutes(rattachement) -> int:
    """Idle timeout of one membership: the service's setting, 30 min by default for medical
    roles (they read health data), ``SESSION_INACTIVITE_MINUTES`` for the others."""
    parametres = rattachement.tenant.parametres
    if rattachement.role in ROLES_MEDICAUX:
        return int(parametres.get("inactivite_minutes_medicaux", settings.SESSION_INACTIVITE_MINUTES_MEDICAUX))
    return int(parametres.get("inactivite_minutes", settings.SESSION_INACTIVITE_MINUTES))


def inactivite_max_secondes(request) -> int:
    """The strictest timeout of the person's memberships."""
    minutes = [inactivite_minutes(r) for r in getattr(request, "mes_rattachements", [])]
    return 60 * max(1, min(minutes or [settings.SESSION_INACTIVITE_MINUTES]))
