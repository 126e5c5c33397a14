"""The indicators of a year for the active service, from its stored snapshots (the latest run
of the year), with their breakdowns on request. ``?code=`` reads only the indicators it returns;
``?actualiser=1`` computes those (and only those) from the live data instead, without storing."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from spsti.permissions import Capacite

from .calcul import calculer_annee, derniers_calculs, ventiler
from .models import Axe, CalculIndicateurs, Instantane
from .registre import INDICATEURS, Periode, Valeur
from .tableau import cible_de, cibles


class CelluleSerializer(serializers.Serializer):
    axe = serializers.CharField()
    cle = serializers.CharField()
    libelle = serializers.CharField()
    numerateur = serializers.FloatField()
    denominateur = serializers.FloatField(allow_null=True)


class ValeurSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField()
    domaine = serializers.CharField()
    definition = serializers.CharField()
    references = serializers.ListField(child=serializers.CharField())
    numerateur = serializers.FloatField()
    denominateur = serializers.FloatField(allow_null=True)
    pourcentage = serializers.FloatField(allow_null=True)
    cible = serializers.FloatField(allow_null=True)
    calcule_le = serializers.DateTimeField(allow_null=True)
    ventilations = CelluleSerializer(many=True, required=False)


def _ligne(indicateur, numerateur, denominateur, cible, calcule_le, ventilations=None):
    valeur = Valeur(indicateur, numerateur, denominateur, cible)
    ligne = {"code": indicateur.code, "libelle": indicateur.libelle, "domaine": indicateur.domaine,
             "definition": indicateur.definition_lue, "references": list(indicateur.references),
             "numerateur": numerateur, "denominateur": denominateur, "pourcentage": valeur.pourcentage,
             "cible": cible, "calcule_le": calcule_le}
    if ventilations is not None:
        ligne["ventilations"] = ventilations
    return ligne


class ParametresIndicateurs(serializers.Serializer):
    annee = serializers.IntegerField(min_value=2000, max_value=2100, required=False,
                                     help_text="Année (défaut : l'année en cours).",
                                     error_messages={"invalid": "L'année s'écrit en chiffres (2026).",
                                                     "min_value": "L'année doit être comprise entre 2000 et 2100.",
                                                     "max_value": "L'année doit être comprise entre 2000 et 2100."})
    domaine = serializers.CharField(required=False, help_text="Par exemple « Cellule PDP ».")
    code = serializers.CharField(required=False, allow_blank=True, help_text="Préfixe de code (« pdp_ »).")
    ventilations = serializers.BooleanField(required=False, default=False,
                                            help_text="Joindre les ventilations (centre, équipe…).")
    actualiser = serializers.BooleanField(required=False, default=False,
                                          help_text="Calculer ces indicateurs sur les données du jour, "
                                                    "sans les enregistrer.")


class IndicateursViewSet(viewsets.ViewSet):
    capacite = Capacite.VOIR_INDICATEURS

    @extend_schema(parameters=[ParametresIndicateurs], responses=ValeurSerializer(many=True))
    def list(self, request):
        parametres = ParametresIndicateurs(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        p = parametres.validated_data
        annee = p.get("annee") or timezone.localdate().year
        domaine, prefixe, avec_ventilations = p.get("domaine"), p.get("code", ""), p["ventilations"]
        codes = [c for c, i in INDICATEURS.items()
                 if c.startswith(prefixe) and (domaine is None or i.domaine == domaine)]
        saisies = cibles([annee])
        if p["actualiser"]:
            return Response(self._en_direct(codes, annee, saisies, avec_ventilations))
        calcul = derniers_calculs([annee]).get(annee)
        if calcul is None:  # a year never computed: computed once, stored, as on the dashboard
            calcul = calculer_annee(annee, calcul=CalculIndicateurs.objects.create(
                tenant=request.service, annee=annee, demande_par=request.rattachement,
                motif="Première consultation de l'année (API)"))
        lignes = Instantane.objects.filter(calcul=calcul, code__in=codes, debut__month=1, fin__month=12,
                                           debut__year=annee)
        if not avec_ventilations:
            lignes = lignes.filter(axe=Axe.TOTAL)
        totaux, cellules = {}, {}
        for instantane in lignes:
            if instantane.axe == Axe.TOTAL:
                totaux[instantane.code] = instantane
            else:
                cellules.setdefault(instantane.code, []).append({
                    "axe": instantane.axe, "cle": instantane.cle, "libelle": instantane.libelle_cle,
                    "numerateur": instantane.numerateur, "denominateur": instantane.denominateur})
        resultat = []
        for code in codes:
            if code in totaux:
                indicateur, total = INDICATEURS[code], totaux[code]
                resultat.append(_ligne(indicateur, total.numerateur, total.denominateur,
                                       cible_de(indicateur, annee, saisies), calcul.termine_le,
                                       cellules.get(code, []) if avec_ventilations else None))
        return Response(ValeurSerializer(resultat, many=True).data)

    def _en_direct(self, codes, annee, saisies, avec_ventilations):
        periode = Periode.annee(annee)
        resultat = []
        for code in codes:
            indicateur = INDICATEURS[code]
            valeur = indicateur.valeur(periode)
            cellules = None
            if avec_ventilations:
                cellules = [{"axe": axe, "cle": cle, "libelle": cle, "numerateur": n, "denominateur": d}
                            for axe, cle, n, d in (ventiler(indicateur, periode) if indicateur.comptage else [])]
            resultat.append(_ligne(indicateur, valeur.numerateur, valeur.denominateur,
                                   cible_de(indicateur, annee, saisies), None, cellules))
        return ValeurSerializer(resultat, many=True).data
