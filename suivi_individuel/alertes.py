"""Alert sources of individual follow-up."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from adherents.models import Emploi, Salarie
from spsti.alertes import AlerteDue, source_alertes
from spsti.models import Equipe
from spsti.permissions import Role

from .echeancier import avec_convocation
from .models import Echeance, StatutVisite, TypeVisite, Visite


@source_alertes("visite_en_retard", "Visites obligatoires en retard")
def visites_en_retard(aujourd_hui):
    """A mandatory visit past its legal deadline and not booked yet: for the medical assistants
    of the worker's team, who schedule it. Due before the member joined or the worker was
    hired there: "reprise de stock". Read as plain values, the worker built with what the alert
    needs (its id, service and name): a sweep reads hundreds of thousands of these, and loading
    each deadline, worker, member and team as model instances cost three quarters of it."""
    embauche = Emploi.objects.filter(salarie=OuterRef("salarie"), adherent=OuterRef("salarie__adherent")
                                     ).order_by("-date_embauche").values("date_embauche")[:1]
    en_retard = (avec_convocation(Echeance.objects.filter(obligatoire=True, au_plus_tard__lt=aujourd_hui))
                 .filter(a_planifier=True).annotate(embauche=Subquery(embauche)).order_by("au_plus_tard")
                 .values_list("tenant_id", "salarie_id", "salarie__nom", "salarie__prenom",
                              "salarie__adherent__date_adhesion", "salarie__adherent__equipe_id", "embauche",
                              "au_plus_tard", "type", "base_legale"))
    equipes = Equipe.objects.in_bulk()
    for (tenant_id, salarie_id, nom, prenom, adhesion, equipe_id, embauche, au_plus_tard, type_visite,
         base_legale) in en_retard.iterator(chunk_size=2000):
        salarie = Salarie(pk=salarie_id, tenant_id=tenant_id, nom=nom, prenom=prenom)
        yield AlerteDue(objet=salarie, role=Role.ASSISTANT_MEDICAL, due_depuis=au_plus_tard,
                        equipe=equipes.get(equipe_id),
                        pris_en_charge_le=max(d for d in (adhesion, embauche) if d) if adhesion else None,
                        libelle=f"{salarie} : {TypeVisite(type_visite).label} en retard ({base_legale})")


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
