"""The starting catalogue of a service: the socle from its three missions (L4622-9-1, décret
2022-653) and its cotisation, the usual complementary offers (seed 000: mediation, RPS, training,
vaccination, measurement campaigns), the self-employed offer (décret 2022-681) and the no-show fee."""

from spsti.permissions import Role

from .models import Offre, TypeOffre
from .selectors import CODE_COTISATION

CODE_ABSENCE = "rdv-non-honore"
CODE_INDEPENDANT = "travailleur-independant"

CATALOGUE = [
    (TypeOffre.SOCLE, CODE_COTISATION, "Cotisation — offre socle", "",
     "Les trois missions de l'offre socle, financées par une cotisation proportionnelle au nombre de salariés "
     "suivis, chaque salarié comptant pour un (art. L4622-6)."),
    (TypeOffre.SOCLE, "prevention-entreprise", "Prévention des risques professionnels", Role.IPRP,
     "Fiche d'entreprise, actions en milieu de travail, conseil et aide au document unique (DUERP), "
     "participation au CSE / CSSCT."),
    (TypeOffre.SOCLE, "suivi-individuel", "Suivi individuel de l'état de santé", Role.MEDECIN,
     "Visites d'information et de prévention, examens d'aptitude, visites de reprise, de pré-reprise, de "
     "mi-carrière et de fin de carrière, par le médecin du travail ou l'infirmier·e en santé au travail."),
    (TypeOffre.SOCLE, "prevention-desinsertion", "Prévention de la désinsertion professionnelle", Role.ASSISTANT_SOCIAL,
     "Cellule PDP : repérage, accompagnement et maintien en emploi des salariés fragilisés."),
    (TypeOffre.COMPLEMENTAIRE, "mediation", "Médiation", Role.IPRP,
     "Médiation entre salariés ou avec l'encadrement par un médiateur du service : entretiens, séances "
     "communes, compte rendu de l'issue."),
    (TypeOffre.COMPLEMENTAIRE, "accompagnement-rps", "Accompagnement risques psychosociaux", Role.IPRP,
     "Diagnostic RPS, groupes de travail et plan d'actions avec un psychologue du travail."),
    (TypeOffre.COMPLEMENTAIRE, "formation-prap", "Formation PRAP", Role.IPRP,
     "Prévention des risques liés à l'activité physique : formation des salariés par un formateur certifié."),
    (TypeOffre.COMPLEMENTAIRE, "formation-sst", "Formation sauveteur secouriste du travail", Role.INFIRMIER,
     "Formation initiale et maintien des compétences SST."),
    (TypeOffre.COMPLEMENTAIRE, "vaccination", "Vaccination", Role.INFIRMIER,
     "Vaccinations liées au risque professionnel, réalisées par l'infirmier·e."),
    (TypeOffre.COMPLEMENTAIRE, "campagne-bruit", "Campagne de mesure du bruit", Role.IPRP,
     "Mesures de l'exposition sonore aux postes (dosimétrie, sonométrie) et rapport de préconisations."),
    (TypeOffre.SPECIFIQUE, CODE_INDEPENDANT, "Offre travailleurs indépendants", Role.INFIRMIER,
     "Affiliation annuelle, sans reconduction tacite : visite d'information et de prévention, atelier de "
     "codéveloppement, questionnaire d'épuisement professionnel et accompagnement (décret 2022-681)."),
    (TypeOffre.COMPLEMENTAIRE, CODE_ABSENCE, "Rendez-vous non honoré", "",
     "Facturé à l'employeur quand un rendez-vous n'est pas annulé dans le délai fixé par le service."),
]


def catalogue_initial(service) -> list[Offre]:
    """Creates the offers the service does not have yet (by code); run it twice, nothing doubles."""
    existants = set(Offre.objects.values_list("code", flat=True))
    return [Offre.objects.create(tenant=service, type=type_, code=code, nom=nom, role_responsable=role,
                                 description=description, ordre=ordre)
            for ordre, (type_, code, nom, role, description) in enumerate(CATALOGUE) if code not in existants]
