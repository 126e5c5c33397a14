"""The portal API: a member company's HR or payroll software, with a token issued from the
portal (``/comptes/profil/``: one company, read-only or read-write, expiring), declares its
hires and leavers one at a time by the declaration's rules (``adherents.mouvements``), proposes
category changes to the worker's team, and reads its present workers with their next visit.
Only the companies of the portal user (and of the token, when it names one) are reachable."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from spsti.api_ecriture import (
    donnees_du_formulaire,
    erreurs_du_service,
    parent,
    serializer_du_formulaire,
    valider,
)
from spsti.contrat_api import SerializerModele
from spsti.idempotence import idempotent, schema_idempotent
from spsti.permissions import Capacite
from suivi_individuel.echeancier import prochaines_visites

from . import declarations, mouvements
from .forms import PropositionCategorieForm
from .models import Emploi, MotifSortie, PropositionCategorie, Salarie
from .selectors import adherents_du_portail

HORS_PERIMETRE_ENTREPRISE = "Aucune de vos entreprises n'a cet identifiant."
HORS_PERIMETRE_SALARIE = "Aucun salarié de cette entreprise n'a cet identifiant."
CHAMP_ADHERENT = serializers.IntegerField(
    required=False, help_text="Identifiant de l'entreprise ; inutile quand le jeton n'en vise qu'une.")


def entreprises(request):
    """The caller's companies: the portal user's, narrowed to the token's when it names one."""
    lignes = adherents_du_portail(request._request.rattachement)
    jeton = getattr(request._request, "jeton_api", None)
    return lignes.filter(pk=jeton.adherent_id) if jeton is not None and jeton.adherent_id else lignes


def entreprise(request, corps):
    """The company a write names (``adherent``), or the caller's only one."""
    lignes = entreprises(request)
    if hasattr(corps, "get") and corps.get("adherent") in (None, ""):
        seules = list(lignes[:2])
        if len(seules) == 1:
            return seules[0]
        raise ValidationError({"adherent": ["Indiquez l'entreprise (adherent) : vous en gérez plusieurs."]})
    return parent(corps, "adherent", lignes, HORS_PERIMETRE_ENTREPRISE)


def salarie_de(adherent, corps) -> Salarie:
    return parent(corps, "salarie", Salarie.objects.filter(emplois__adherent=adherent).distinct(),
                  HORS_PERIMETRE_SALARIE)


class ProchaineVisiteSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="Type de la visite due (code).")
    libelle = serializers.CharField(source="get_type_display")
    au_plus_tot = serializers.DateField()
    au_plus_tard = serializers.DateField()
    base_legale = serializers.CharField(help_text="L'article du code du travail qui fixe cette échéance.")
    convoquee_pour = serializers.DateTimeField(allow_null=True, help_text="Début de la visite prévue, si convoquée.")


class SalariePortailSerializer(SerializerModele):
    """A present worker as its employer sees it: identity, category, next visit (never medical)."""

    salarie = serializers.IntegerField(source="salarie.pk")
    nom = serializers.CharField(source="salarie.nom")
    prenom = serializers.CharField(source="salarie.prenom")
    date_naissance = serializers.DateField(source="salarie.date_naissance")
    categorie = serializers.CharField(source="salarie.categorie")
    motifs_categorie = serializers.ListField(child=serializers.CharField(), source="salarie.motifs_categorie")
    prochaine_visite = serializers.SerializerMethodField()

    class Meta:
        model = Emploi
        fields = ["id", "adherent", "salarie", "nom", "prenom", "date_naissance", "categorie", "motifs_categorie",
                  "poste", "date_embauche", "date_sortie", "motif_sortie", "prochaine_visite"]

    @extend_schema_field(ProchaineVisiteSerializer(allow_null=True))
    def get_prochaine_visite(self, emploi):
        echeance = self.context.get("prochaines", {}).get(emploi.salarie_id)
        return ProchaineVisiteSerializer(echeance).data if echeance else None


class MouvementSerializer(serializers.Serializer):
    emploi = SalariePortailSerializer()
    proposition_categorie = serializers.IntegerField(
        allow_null=True, help_text="La proposition de catégorie soumise à l'équipe (salarié déjà connu du service "
                                   "sous une autre catégorie), sinon null.")


EmbaucheSerializer = serializer_du_formulaire(
    declarations.LigneForm, "EmbauchePortailSerializer", exclure=("date_sortie", "motifs"), ajouter={
        "adherent": CHAMP_ADHERENT, "sexe": serializers.ChoiceField(choices=Salarie._meta.get_field("sexe").choices),
        "motifs_categorie": serializers.ListField(child=serializers.CharField(), required=False,
                                                  help_text="Motifs du SIA ou du SIR (R4624-17, -18, -20, -23).")})


class SortieSerializer(serializers.Serializer):
    adherent = CHAMP_ADHERENT
    salarie = serializers.IntegerField(help_text="Identifiant du salarié qui quitte l'entreprise.")
    date_sortie = serializers.DateField()
    motif_sortie = serializers.ChoiceField(choices=MotifSortie.choices, required=False, allow_blank=True)


PropositionSerializer = serializer_du_formulaire(PropositionCategorieForm, "PropositionPortailSerializer", ajouter={
    "adherent": CHAMP_ADHERENT, "salarie": serializers.IntegerField(help_text="Identifiant du salarié.")})


class PropositionReponseSerializer(SerializerModele):
    class Meta:
        model = PropositionCategorie
        fields = ["id", "salarie", "adherent", "categorie", "motifs_categorie", "justification", "statut",
                  "proposee_le"]


class VuePortail(viewsets.GenericViewSet):
    """Portal users only (capability *portail*); no queryset outside the caller's companies."""

    capacite = Capacite.PORTAIL
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Emploi.objects.none()
        return (Emploi.objects.filter(adherent__in=entreprises(self.request), date_sortie__isnull=True)
                .select_related("salarie").order_by("salarie__nom", "salarie__prenom", "pk"))

    def _emploi(self, emploi, **contexte):
        return SalariePortailSerializer(emploi, context={"prochaines": prochaines_visites([emploi.salarie]),
                                                         **contexte}).data


class SalariesPortailViewSet(mixins.ListModelMixin, VuePortail):
    """The present workers of the caller's companies, with their next visit due."""

    serializer_class = SalariePortailSerializer
    filterset_fields = ["adherent"]

    def get_serializer_context(self):
        contexte = super().get_serializer_context()
        page = getattr(self, "_page", None)
        contexte["prochaines"] = prochaines_visites([emploi.salarie for emploi in page]) if page else {}
        return contexte

    def paginate_queryset(self, queryset):
        self._page = super().paginate_queryset(queryset)
        return self._page


def _motifs(valeur) -> str:
    return ",".join(str(v) for v in valeur) if isinstance(valeur, (list, tuple)) else str(valeur or "")


class EmbauchesViewSet(VuePortail):
    serializer_class = MouvementSerializer

    @schema_idempotent(request=EmbaucheSerializer, responses={201: MouvementSerializer},
                       description="Déclare une embauche, avec les règles de la déclaration d'effectifs (erreurs en "
                                   "français par champ, 400). La visite d'information et de prévention initiale (ou "
                                   "l'examen d'aptitude en SIR) est due aussitôt : voir `prochaine_visite`.")
    def create(self, request):
        return idempotent(request, lambda: self._embaucher(request))

    def _embaucher(self, request):
        adherent, corps = entreprise(request, request.data), request.data
        valeurs = {colonne: corps.get(colonne, "") for colonne in declarations.COLONNES if colonne != "motifs"}
        valeurs["motifs"] = _motifs(corps.get("motifs_categorie", ""))
        valeurs = {cle: ("" if valeur is None else valeur) for cle, valeur in valeurs.items()}
        with erreurs_du_service():
            emploi, proposition = mouvements.embaucher(adherent=adherent, valeurs=valeurs, par=request.user)
        return Response({"emploi": self._emploi(emploi), "proposition_categorie": proposition and proposition.pk},
                        status=status.HTTP_201_CREATED)


class SortiesViewSet(VuePortail):
    serializer_class = SalariePortailSerializer

    @schema_idempotent(request=SortieSerializer, responses={201: SalariePortailSerializer},
                       description="Déclare la sortie d'un salarié présent : son emploi prend fin à cette date (il "
                                   "n'est jamais supprimé), avec les règles de la déclaration d'effectifs.")
    def create(self, request):
        return idempotent(request, lambda: self._sortir(request))

    def _sortir(self, request):
        adherent, corps = entreprise(request, request.data), request.data
        salarie = salarie_de(adherent, corps)
        with erreurs_du_service():
            emploi = mouvements.sortir(adherent=adherent, salarie=salarie, date_sortie=corps.get("date_sortie") or "",
                                       motif_sortie=str(corps.get("motif_sortie") or ""), par=request.user)
        return Response(self._emploi(emploi), status=status.HTTP_201_CREATED)


class PropositionsPortailViewSet(VuePortail):
    serializer_class = PropositionReponseSerializer

    @schema_idempotent(request=PropositionSerializer, responses={201: PropositionReponseSerializer},
                       description="Propose une autre catégorie de suivi pour un salarié : l'équipe de santé au "
                                   "travail décide (comme depuis le portail).")
    def create(self, request):
        return idempotent(request, lambda: self._proposer(request))

    def _proposer(self, request):
        adherent = entreprise(request, request.data)
        salarie = salarie_de(adherent, request.data)
        form = PropositionCategorieForm(donnees_du_formulaire(request.data), service=request._request.service,
                                        salarie=salarie, adherent=adherent, auteur=request.user)
        valider(form)
        return Response(PropositionReponseSerializer(form.save()).data, status=status.HTTP_201_CREATED)
