"""The visit types thesaurus: every legal type is there (added the first time a service needs
it); the service edits durations and modes, deactivates and adds its own."""

from .models import ModeVisite, TypeVisite, TypeVisiteService

# Default durations (minutes); the aptitude examinations are the physician's longer ones.
DUREES = {TypeVisite.EXAMEN_APTITUDE_EMBAUCHE: 30, TypeVisite.EXAMEN_APTITUDE_PERIODIQUE: 30,
          TypeVisite.REPRISE: 30, TypeVisite.PRE_REPRISE: 30, TypeVisite.POST_EXPOSITION: 40}


def types_visite_du_service(service) -> list[TypeVisiteService]:
    types = TypeVisiteService.objects.filter(tenant=service)
    presents = set(types.exclude(type_legal="").values_list("type_legal", flat=True))
    manquants = [type_legal for type_legal in TypeVisite if type_legal not in presents]
    if manquants:
        TypeVisiteService.objects.bulk_create([
            TypeVisiteService(tenant=service, libelle=type_legal.label, type_legal=type_legal,
                              duree_minutes=DUREES.get(type_legal, 20),
                              mode=ModeVisite.SUR_SITE if type_legal == TypeVisite.RENDEZ_VOUS_LIAISON
                              else ModeVisite.LES_DEUX)
            for type_legal in manquants], ignore_conflicts=True)  # a service's own type may already bear the label
    return list(types)
