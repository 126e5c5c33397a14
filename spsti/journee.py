""""Ma journée": each role's home is a list of blocks, each a function declared once here or in
an app's ``journee.py`` (discovered at start-up, like ``alertes.py``)::

    @bloc_journee("offres", "Factures à relancer", roles={Role.COMPTABLE}, ordre=20)
    def factures(rattachement, jour):
        return Bloc(lignes=[Ligne(texte=..., url=...)], total=..., lien=("Toutes", url))

A block returns ``None`` to stay hidden. The alerts of the role are grouped by kind, most
overdue first; those due before the service took the object in charge are counted apart as
"reprise de stock"; snoozed ones come back on their date.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, Q

from .alertes import LIBELLES
from .models import Alerte
from .permissions import Role
from .selectors import alertes_pour


@dataclass
class Ligne:
    texte: str
    url: str = ""
    detail: str = ""
    groupe: str = ""  # a heading printed when it changes (e.g. "Aujourd'hui", "Demain")
    badge: str = ""
    urgent: bool = False
    action: tuple[str, str] | None = None  # (label, url) of the one next step


@dataclass
class Bloc:
    lignes: list[Ligne] = field(default_factory=list)
    total: int | None = None
    lien: tuple[str, str] | None = None  # (label, url) of the full list
    vide: str = "Rien pour l'instant."
    titre: str = ""
    nom: str = ""


@dataclass(frozen=True)
class DeclarationBloc:
    nom: str
    titre: str
    roles: frozenset
    ordre: int
    fonction: Callable[..., Bloc | None]


BLOCS: dict[str, DeclarationBloc] = {}


def bloc_journee(nom: str, titre: str, *, roles, ordre: int = 50):
    def enregistrer(fonction):
        if nom in BLOCS:
            raise ValueError(f"Bloc de la journée déjà déclaré : {nom}")
        BLOCS[nom] = DeclarationBloc(nom, titre, frozenset(roles), ordre, fonction)
        return fonction
    return enregistrer


def blocs_pour(rattachement, jour: date) -> list[Bloc]:
    """The blocks of the membership's role, in their order, those with something to say."""
    blocs = []
    for declaration in sorted(BLOCS.values(), key=lambda d: (d.ordre, d.nom)):
        if rattachement.role not in declaration.roles:
            continue
        bloc = declaration.fonction(rattachement, jour)
        if bloc is not None:
            bloc.titre, bloc.nom = bloc.titre or declaration.titre, declaration.nom
            blocs.append(bloc)
    return blocs


def alertes_du_jour(rattachement, jour: date):
    """The open alerts of the role that call for action today: neither snoozed nor backlog."""
    return (alertes_pour(rattachement).filter(reprise_stock=False)
            .filter(Q(reportee_au__isnull=True) | Q(reportee_au__lte=jour)))


@dataclass
class GroupeAlertes:
    source: str
    libelle: str
    nombre: int
    plus_ancienne: date


def groupes_alertes(alertes) -> list[GroupeAlertes]:
    """Alerts grouped by kind with their count, the kind with the oldest due date first."""
    lignes = alertes.order_by().values("source").annotate(nombre=Count("pk"), plus_ancienne=Min("due_depuis"))
    groupes = [GroupeAlertes(ligne["source"], LIBELLES.get(ligne["source"], "Autres alertes"), ligne["nombre"],
                             ligne["plus_ancienne"]) for ligne in lignes]
    return sorted(groupes, key=lambda g: (g.plus_ancienne, g.libelle))


def alertes_en_stock(rattachement, jour: date):
    return alertes_pour(rattachement).filter(reprise_stock=True).filter(
        Q(reportee_au__isnull=True) | Q(reportee_au__lte=jour))


def alertes_reportees(rattachement, jour: date):
    return alertes_pour(rattachement).filter(reportee_au__gt=jour)



@bloc_journee("pilotage", "Le service aujourd'hui", roles={Role.DIRECTEUR}, ordre=5)
def pilotage(rattachement, jour):
    """The director's headline figures, cheap counts until the reporting snapshots are plugged in."""
    from django.urls import reverse

    from suivi_individuel.models import StatutVisite, Visite

    visites = Visite.objects.filter(date=jour).exclude(statut=StatutVisite.ANNULEE).count()
    alertes = Alerte.objects.filter(resolue_le__isnull=True).aggregate(  # one pass over their index (a column of it)
        ouvertes=Count("reprise_stock", filter=Q(reprise_stock=False)),
        stock=Count("reprise_stock", filter=Q(reprise_stock=True)))
    ouvertes, stock = alertes["ouvertes"], alertes["stock"]
    return Bloc(lignes=[
        Ligne(texte=f"{visites} visite(s) au programme aujourd'hui", url=reverse("suivi_individuel:visites")),
        Ligne(texte=f"{ouvertes} alerte(s) ouvertes dans le service, hors reprise de stock"),
        Ligne(texte=f"{stock} alerte(s) de reprise de stock à trier"),
    ], lien=("Indicateurs", reverse("indicateurs:tableau_de_bord")))
