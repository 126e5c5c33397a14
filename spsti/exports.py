"""Spreadsheet exports: every CSV/XLSX leaves through ``neutraliser`` (formula injection, OWASP
"CSV injection"): a text cell beginning with ``= + - @``, a tab or a carriage return is prefixed
with an apostrophe, so that a spreadsheet shows it as text and never runs it as a formula."""

import tablib

DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")


def cellule_sure(valeur):
    """The cell's value, a dangerous text prefixed with ``'``; numbers, dates and empty cells unchanged."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DANGEREUX):
        return "'" + valeur
    return valeur


def neutraliser(donnees: tablib.Dataset) -> tablib.Dataset:
    """The same dataset (title and headers kept), every cell passed through ``cellule_sure``."""
    sur = tablib.Dataset(*[[cellule_sure(v) for v in ligne] for ligne in donnees],
                         headers=[cellule_sure(t) for t in donnees.headers] if donnees.headers else None,
                         title=donnees.title)
    return sur
