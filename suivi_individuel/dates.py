"""Calendar arithmetic for the schedule engine, on ``date`` only and fast.

``relativedelta`` here is a stand-in for dateutil's, limited to whole years, months and days
added to or subtracted from a ``date``, with the same result (a month-end day is clipped: 31
August + 1 month is 30 September, 29 February - 1 year is 28 February). dateutil's normalises
every field of a datetime on each operation; the due-list recomputation did a dozen per worker,
half of the engine's time at 100,000 workers.
"""

from calendar import monthrange
from datetime import date, timedelta


def plus_mois(jour: date, mois: int) -> date:
    """``jour`` moved by ``mois`` calendar months (negative: back), the day clipped to the end
    of the target month."""
    annee, indice = divmod(jour.year * 12 + jour.month - 1 + mois, 12)
    mois_cible = indice + 1
    if jour.day <= 28:
        return date(annee, mois_cible, jour.day)
    return date(annee, mois_cible, min(jour.day, monthrange(annee, mois_cible)[1]))


class relativedelta:  # noqa: N801 — named as the dateutil class it stands in for
    """Years, months and days to add to (or subtract from) a date: months first (clipped),
    then days, as dateutil does."""

    __slots__ = ("mois", "jours")

    def __init__(self, years: int = 0, months: int = 0, days: int = 0):
        self.mois = years * 12 + months
        self.jours = days

    def __radd__(self, jour: date) -> date:
        if not isinstance(jour, date):
            return NotImplemented
        resultat = plus_mois(jour, self.mois) if self.mois else jour
        return resultat + timedelta(days=self.jours) if self.jours else resultat

    def __rsub__(self, jour: date) -> date:
        if not isinstance(jour, date):
            return NotImplemented
        resultat = plus_mois(jour, -self.mois) if self.mois else jour
        return resultat - timedelta(days=self.jours) if self.jours else resultat

    def __neg__(self):
        oppose = relativedelta()
        oppose.mois, oppose.jours = -self.mois, -self.jours
        return oppose
