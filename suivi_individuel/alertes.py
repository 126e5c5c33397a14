"""Alert sources of individual follow-up."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from adherents.models import Emploi
from spsti.alertes import AlerteDue, source_alertes
from spsti.permissions import Role

from .echeancier import avec_convocation
from .models import Echeance, StatutVisite, Visite


@source_alertes("visite_en_retard", "Visites obligatoires en retard")
def visites_en_retard(aujourd_hui):
    """A mandatory visit past its legal deadline and not booked yet: for the medical assistants
    of the worker's team, who schedule it. Due before the member joined or the worker was
    hired there: "reprise de stock"."""
    embauche = Emploi.objects.filter(salarie=OuterRef("salarie"), adherent=OuterRef("salarie__adherent")
                                     ).order_by("-date_embauche").values("date_embauche")[:1]
    en_retard = (avec_convocation(Echeance.objects.filter(obligatoire=True, au_plus_tard__lt=aujourd_hui))
                 .filter(a_planifier=True).annotate(embauche=Subquery(embauche))
                 .select_related("salarie__adherent__equipe").order_by("au_plus_tard"))
    for echeance in en_retard.iterator(chunk_size=2000):
        adhesion = echeance.salarie.adherent.date_adhesion
        yield AlerteDue(objet=echeance.salarie, role=Role.ASSISTANT_MEDICAL, due_depuis=echeance.au_plus_tard,
                        equipe=echeance.salarie.adherent.equipe,
                        pris_en_charge_le=max(d for d in (adhesion, echeance.embauche) if d) if adhesion else None,
                        libelle=f"{echeance.salarie} : {echeance.get_type_display()} en retard "
                                f"({echeance.base_legale})")


@source_alertes("visite_a_planifier", "Visites demandées à planifier")
def visites_a_planifier(aujourd_hui):
    """A visit requested (employer, worker, physician) or a nurse's referral to the physician,
    not booked yet: for the medical assistants of the worker's team."""
    for visite in (Visite.objects.filter(statut=StatutVisite.A_PLANIFIER)
                   .select_related("salarie__adherent__equipe", "orientee_depuis")):
        origine = "orientation vers le médecin" if visite.orientee_depuis_id else visite.get_type_display().lower()
        yield AlerteDue(objet=visite, role=Role.ASSISTANT_MEDICAL, equipe=visite.salarie.adherent.equipe,
                        due_depuis=timezone.localdate(visite.demandee_le) if visite.demandee_le else aujourd_hui,
                        libelle=f"{visite.salarie} : {origine} à planifier")
