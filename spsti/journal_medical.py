"""The medical access log: its registry of every URL and endpoint that can show medical content,
and the safety net that logs the refusals a view never reached.

Writes go through one function, ``AccesDossierMedical.journaliser`` (one worker, or a list's
workers), called by the readers (``dossier_medical_lu``, ``examen_lu``, ``dossier_lu``, the
history page, ``servir_fichier``, the PDP lists). A refusal decided before the reader runs (the
view's capability guard, a portal user on a staff page, the API's permission class) is logged by
``JournalMedicalMiddleware``: on a 403 or 404 answer from a URL of ``REGISTRE`` that logged
nothing, it finds the worker the URL is about (in the active service only: another service's
id stays an unlogged 404) and writes one refused row. So every attempt on a registered URL by a
signed-in user writes exactly one row per worker concerned.
"""

from contextvars import ContextVar

from django.apps import apps

# True once the current request has written to the log (set by AccesDossierMedical.journaliser).
JOURNALISE: ContextVar[bool] = ContextVar("acces_medical_journalise", default=False)


def _entier(valeur):
    return int(valeur) if str(valeur).isdigit() else None


def _salarie(**filtres):
    if None in filtres.values():
        return None
    return apps.get_model("adherents", "Salarie").objects.filter(**filtres).first()


def du_salarie(cle):
    return lambda kwargs: _salarie(pk=_entier(kwargs.get(cle)))


def de_la_visite(kwargs):
    return _salarie(visites__pk=_entier(kwargs.get("pk")))


def du_dossier_pdp(kwargs):
    return _salarie(dossiers_pdp__pk=_entier(kwargs.get("pk")))


def du_questionnaire_epuisement(kwargs):
    questionnaire = (apps.get_model("offres", "QuestionnaireEpuisement").objects.select_related("salarie")
                     .filter(pk=_entier(kwargs.get("pk"))).first())
    return questionnaire.salarie if questionnaire else None


def du_transfert_dmst(kwargs):
    return _salarie(transferts_dmst__pk=_entier(kwargs.get("pk")))


def de_l_historique(kwargs):
    from .permissions import MODELES_MEDICAUX

    if kwargs.get("modele") not in MODELES_MEDICAUX:
        return None
    objet = apps.get_model(kwargs["modele"]).objects.filter(pk=_entier(kwargs.get("pk"))).first()
    return objet.salarie if objet else None


# URL name → the worker whose medical content it shows (``None``: a list, logged per worker shown;
# refusing a list shows no worker, so nothing to log). The test ``tests/test_journal_medical.py``
# walks this registry and checks one row per attempt for every role.
REGISTRE = {
    # individual follow-up: the DMST, a visit's medical part, its recording form, the API record
    "suivi_individuel:dossier_medical": du_salarie("salarie_id"),
    "suivi_individuel:visite": de_la_visite,  # medical part shown to the worker's team only
    "suivi_individuel:visite_enregistrer": de_la_visite,
    "dossier-medical-detail": du_salarie("pk"),
    "historique": de_l_historique,  # the history of a medical record or examination
    # the DMST's transmission to / from another service (L4624-8 al. 3, R4624-45-7) and its files
    "suivi_individuel:dmst_transmettre": du_salarie("salarie_id"),
    "suivi_individuel:dmst_recevoir": du_salarie("salarie_id"),
    "suivi_individuel:dmst_fichier": du_transfert_dmst,
    # the PDP cell: a file (page, edit form, documents, API detail and journal), the lists and agenda
    "cellule_pdp:dossier": du_dossier_pdp,
    "cellule_pdp:dossier_modifier": du_dossier_pdp,
    "cellule_pdp:document": du_dossier_pdp,
    "dossier-pdp-detail": du_dossier_pdp,
    "dossier-pdp-journal": du_dossier_pdp,
    "dossier-pdp-list": None,
    "cellule_pdp:exporter": None,
    "cellule_pdp:ordre_du_jour_pdf": None,
    "cellule_pdp:reunion": None,
    # the self-employed offer: burnout questionnaires (seeds 000, 003)
    "offres:questionnaire": du_questionnaire_epuisement,
    "offres:questionnaires": None,
}


class JournalMedicalMiddleware:
    """Logs the refusal of a registered URL that no reader logged (see the module's docstring).
    Placed after ``ServiceMiddleware``: it runs inside the active service's scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jeton = JOURNALISE.set(False)
        try:
            reponse = self.get_response(request)
            if reponse.status_code in (403, 404) and not JOURNALISE.get():
                self.refus(request)
            return reponse
        finally:
            JOURNALISE.reset(jeton)

    @staticmethod
    def refus(request):
        correspondance = getattr(request, "resolver_match", None)
        rattachement = getattr(request, "rattachement", None)
        if correspondance is None or rattachement is None or getattr(request, "service", None) is None:
            return
        trouver = REGISTRE.get(correspondance.view_name)
        salarie = trouver(correspondance.kwargs) if trouver else None
        if salarie is not None:
            from .models import AccesDossierMedical

            AccesDossierMedical.journaliser(rattachement=rattachement, salarie=salarie, origine=request.path,
                                            accorde=False)
