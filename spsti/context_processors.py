from django.urls import reverse

from .permissions import Capacite, a_capacite

# The back-office navigation: (label, url name, capability). Only what the role may reach shows.
NAVIGATION = [
    ("Ma journée", "accueil", Capacite.BACK_OFFICE),
    ("Alertes", "alertes", Capacite.VOIR_ALERTES),
    ("Adhérents", "adherents:liste", Capacite.VOIR_ADHERENTS),
    ("Échéancier", "suivi_individuel:echeancier", Capacite.SUIVI_INDIVIDUEL),
    ("Agenda", "suivi_individuel:agenda", Capacite.SUIVI_INDIVIDUEL),
    ("Visites", "suivi_individuel:visites", Capacite.SUIVI_INDIVIDUEL),
    ("Propositions", "adherents:propositions", Capacite.SUIVI_INDIVIDUEL),
    ("Organisation", "organisation", Capacite.VOIR_ORGANISATION),
    ("Indicateurs", "indicateurs:tableau_de_bord", Capacite.VOIR_INDICATEURS),
    ("Journal des accès médicaux", "journal_acces", Capacite.VOIR_JOURNAL_ACCES),
]


def navigation(request):
    rattachement = getattr(request, "rattachement", None)
    if rattachement is None:
        return {}
    return {
        "navigation": [(libelle, reverse(nom)) for libelle, nom, capacite in NAVIGATION
                       if a_capacite(rattachement, capacite)],
        "mes_services": request.mes_rattachements,
    }
