"""Plausibility of the dates people type, send or import (issue 16, point 6): pure functions,
no I/O, each returning the French messages per field (``{champ: [message, ...]}``, empty when
plausible). Models' ``clean`` (hence every form, the API and the portal), and the workforce
import's per-row validation call them: the same message per field and per file row."""

from datetime import date, timedelta

AGE_MIN_TRAVAIL = 14  # L4153-1: 16 years, from 14 during school holidays (L4153-3, D4153-2)
AGE_MAX_EMBAUCHE = 80
AGE_MAX = 100  # older than that, the birth date is a typing error
EMBAUCHE_AVANCE = timedelta(days=92)  # a hire is declared at most three months ahead
ARRET_RECUL_ANS = 3  # an absence starts within the last three years...
ARRET_DUREE_MAX = timedelta(days=3 * 365 + 1)  # ...and lasts at most three years (L323-1 CSS)
MATERNITE_DUREE_MAX = timedelta(weeks=46)  # the longest maternity leave: triplets (L1225-17 à L1225-19)
ADHESION_AVANCE = timedelta(days=366)  # an adhesion is not dated beyond the next year

Erreurs = dict[str, list[str]]


def _aujourd_hui(aujourd_hui: date | None) -> date:
    if aujourd_hui is not None:
        return aujourd_hui
    from django.utils import timezone

    return timezone.localdate()


def age(naissance: date, jour: date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def _ajouter(erreurs: Erreurs, champ: str, message: str) -> None:
    erreurs.setdefault(champ, []).append(message)


def erreurs_naissance(naissance: date | None, *, champ: str = "date_naissance",
                      aujourd_hui: date | None = None) -> Erreurs:
    """A birth date in the past, of someone aged 14 to 100."""
    erreurs: Erreurs = {}
    if naissance is None:
        return erreurs
    jour = _aujourd_hui(aujourd_hui)
    if naissance > jour:
        _ajouter(erreurs, champ, f"La date de naissance ({naissance:%d/%m/%Y}) est dans le futur.")
    elif age(naissance, jour) < AGE_MIN_TRAVAIL:
        _ajouter(erreurs, champ, f"Né·e le {naissance:%d/%m/%Y}, le salarié aurait moins de {AGE_MIN_TRAVAIL} ans : "
                                 f"on ne travaille pas avant cet âge (L4153-1).")
    elif age(naissance, jour) > AGE_MAX:
        _ajouter(erreurs, champ, f"Né·e le {naissance:%d/%m/%Y}, le salarié aurait plus de {AGE_MAX} ans : "
                                 "vérifiez la date de naissance.")
    return erreurs


def erreurs_embauche(naissance: date | None, embauche: date | None, *, champ: str = "date_embauche",
                     aujourd_hui: date | None = None) -> Erreurs:
    """A hire at most three months ahead, at 14 to 80 years of age."""
    erreurs: Erreurs = {}
    if embauche is None:
        return erreurs
    jour = _aujourd_hui(aujourd_hui)
    if embauche > jour + EMBAUCHE_AVANCE:
        _ajouter(erreurs, champ, f"L'embauche du {embauche:%d/%m/%Y} est trop lointaine : une embauche se déclare "
                                 "au plus trois mois à l'avance.")
    if naissance is not None and naissance <= jour:
        if age(naissance, embauche) < AGE_MIN_TRAVAIL:
            _ajouter(erreurs, champ, f"Embauche le {embauche:%d/%m/%Y} d'un salarié né le {naissance:%d/%m/%Y} : "
                                     f"il aurait eu moins de {AGE_MIN_TRAVAIL} ans (L4153-1).")
        elif age(naissance, embauche) > AGE_MAX_EMBAUCHE:
            _ajouter(erreurs, champ, f"Embauche le {embauche:%d/%m/%Y} d'un salarié né le {naissance:%d/%m/%Y} : "
                                     f"il aurait eu plus de {AGE_MAX_EMBAUCHE} ans, vérifiez les dates.")
    return erreurs


def erreurs_sortie(embauche: date | None, sortie: date | None) -> Erreurs:
    """A leaving date on or after the hire (the employment's check constraint, on its field)."""
    if embauche is not None and sortie is not None and sortie < embauche:
        return {"date_sortie": ["La sortie ne peut précéder l'embauche."]}
    return {}


def erreurs_salarie(*, naissance: date | None, embauche: date | None = None,
                    aujourd_hui: date | None = None) -> Erreurs:
    """A worker's birth date and, when known, its hire date (forms, portal, import rows)."""
    return {**erreurs_naissance(naissance, aujourd_hui=aujourd_hui),
            **erreurs_embauche(naissance, embauche, aujourd_hui=aujourd_hui)}


def erreurs_arret(*, nature: str | None, debut: date | None, reprise: date | None, sexe: str | None = None,
                  aujourd_hui: date | None = None) -> Erreurs:
    """An absence within a few years, of a plausible length; maternity for a woman."""
    erreurs: Erreurs = {}
    jour = _aujourd_hui(aujourd_hui)
    if debut is not None and debut < jour - timedelta(days=365 * ARRET_RECUL_ANS + 1):
        _ajouter(erreurs, "debut", f"Un arrêt commençant le {debut:%d/%m/%Y} est trop ancien : déclarez les arrêts "
                                   f"des {ARRET_RECUL_ANS} dernières années.")
    if debut is not None and reprise is not None and reprise > debut:
        if reprise - debut > ARRET_DUREE_MAX:
            _ajouter(erreurs, "reprise", f"Un arrêt de {(reprise - debut).days} jours dépasse la durée maximale "
                                         "d'indemnisation de trois ans (L323-1 CSS) : vérifiez la date de reprise.")
        elif nature == "maternite" and reprise - debut > MATERNITE_DUREE_MAX:
            _ajouter(erreurs, "reprise", f"Un congé de maternité de {(reprise - debut).days} jours dépasse la durée "
                                         "maximale de 46 semaines (L1225-17 à L1225-19).")
    if nature == "maternite" and sexe == "M":
        _ajouter(erreurs, "nature", "Congé de maternité pour un salarié enregistré comme homme : corrigez la "
                                    "nature de l'arrêt (congé de paternité : pas de visite de reprise) ou le sexe "
                                    "du salarié.")
    return erreurs


def erreurs_adhesion(date_adhesion: date | None, *, aujourd_hui: date | None = None) -> Erreurs:
    """An adhesion dated at most a year ahead."""
    jour = _aujourd_hui(aujourd_hui)
    if date_adhesion is not None and date_adhesion > jour + ADHESION_AVANCE:
        return {"date_adhesion": [f"Une adhésion au {date_adhesion:%d/%m/%Y} est trop lointaine : elle se date au "
                                  "plus un an à l'avance."]}
    return {}


def ajouter_au_formulaire(formulaire, erreurs: Erreurs) -> None:
    """Puts the messages on a Django form's fields (the field's own error, or the form's)."""
    for champ, messages in erreurs.items():
        for message in messages:
            formulaire.add_error(champ if champ in formulaire.fields else None, message)
