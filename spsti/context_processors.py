from django.urls import reverse

from .permissions import Capacite, autorise, est_membre_cellule_pdp, travaille_avec_cellule_pdp

# The back-office navigation: (label, url name, capability or predicate on the membership) or
# (label, [such entries]) for a menu. Only what the user may reach shows; a menu with a single
# entry becomes a plain link.
NAVIGATION = [
    ("Ma journée", "accueil", Capacite.BACK_OFFICE),
    ("Alertes", "alertes", Capacite.VOIR_ALERTES),
    ("Adhérents", "adherents:liste", Capacite.VOIR_ADHERENTS),
    ("Suivi individuel", [
        ("Échéancier", "suivi_individuel:echeancier", Capacite.SUIVI_INDIVIDUEL),
        ("Agenda", "suivi_individuel:agenda", Capacite.SUIVI_INDIVIDUEL),
        ("Visites", "suivi_individuel:visites", Capacite.SUIVI_INDIVIDUEL),
        ("Propositions de catégorie", "adherents:propositions", Capacite.SUIVI_INDIVIDUEL),
        ("Protocoles de délégation", "suivi_individuel:protocoles", Capacite.SUIVI_INDIVIDUEL),
    ]),
    ("Prévention", [
        ("Échéances", "fiche_entreprise:echeances", Capacite.PREVENTION),
        ("Fiches d'entreprise", "fiche_entreprise:fiches", Capacite.PREVENTION),
        ("Actions en milieu de travail", "fiche_entreprise:actions", Capacite.PREVENTION),
        ("Agenda des visites", "fiche_entreprise:agenda", Capacite.PREVENTION),
        ("Sessions collectives", "duerp:sessions", Capacite.PREVENTION),
        ("Accompagnements DUERP", "duerp:accompagnements", Capacite.PREVENTION),
        ("Relais de prévention", "duerp:relais_liste", Capacite.PREVENTION),
    ]),
    ("Cellule PDP", [
        ("Signalements à traiter", "cellule_pdp:file_attente", travaille_avec_cellule_pdp),
        ("Dossiers", "cellule_pdp:dossiers", travaille_avec_cellule_pdp),
        ("Repérage précoce", "cellule_pdp:reperage", travaille_avec_cellule_pdp),
        ("Réunions", "cellule_pdp:reunions", est_membre_cellule_pdp),
        ("Partenaires", "cellule_pdp:partenaires", travaille_avec_cellule_pdp),
    ]),
    ("Organisation", "organisation", Capacite.VOIR_ORGANISATION),
    ("Indicateurs", "indicateurs:tableau_de_bord", Capacite.VOIR_INDICATEURS),
    ("Journal des accès médicaux", "journal_acces", Capacite.VOIR_JOURNAL_ACCES),
]


def _entrees(rattachement, entrees):
    return [(libelle, reverse(nom)) for libelle, nom, condition in entrees if autorise(rattachement, condition)]


def menus(rattachement) -> list[tuple[str, str | None, list]]:
    """(label, url, []) for a link, (label, None, [(label, url)...]) for a menu."""
    resultat = []
    for libelle, *suite in NAVIGATION:
        if isinstance(suite[0], list):
            entrees = _entrees(rattachement, suite[0])
            if len(entrees) == 1:
                resultat.append((*entrees[0], []))
            elif entrees:
                resultat.append((libelle, None, entrees))
        else:
            resultat.extend((lien, url, []) for lien, url in _entrees(rattachement, [(libelle, *suite)]))
    return resultat


def navigation(request):
    rattachement = getattr(request, "rattachement", None)
    if rattachement is None:
        return {}
    return {"navigation": menus(rattachement), "mes_services": request.mes_rattachements}
