"""The director's reporting pages (from snapshots): headline dashboard, domain pages, an
indicator's breakdowns and the rows behind each number, definitions, targets, computations;
and the team view of a team's physician."""

from itertools import groupby
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from spsti.acces import capacite_requise
from spsti.exports import neutraliser
from spsti.pdf import pdf_depuis_gabarit
from spsti.permissions import Capacite, a_capacite, est_membre_federation, peut_lister_lignes_indicateur

from . import graphiques, tableau
from .calcul import calculer_annee, dernier_calcul
from .listes import lignes_comptees
from .listes import tableau as tableau_lignes
from .models import Axe, CalculIndicateurs, Cible, EtatCalcul
from .registre import INDICATEURS
from .tasks import calculer_indicateurs_service

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf"}


def _annee(request) -> int:
    courante = timezone.localdate().year
    try:
        annee = int(request.GET.get("annee", courante))
    except ValueError:
        return courante
    return annee if 2000 <= annee <= courante + 1 else courante


def _annee_demandee(request) -> int | None:
    """The year of a page (GET) or of a posted form; None (with a French message) when the
    posted year is unreadable."""
    if request.method != "POST":
        return _annee(request)
    try:
        return int(request.POST.get("annee", ""))
    except ValueError:
        messages.error(request, "Choisissez l'année.")
        return None


def _annees():
    courante = timezone.localdate().year
    return range(courante - 4, courante + 1)


def _lancer_calcul(request, annee: int, motif: str) -> CalculIndicateurs:
    """A run of the year for the active service, in the background once committed."""
    calcul = CalculIndicateurs.objects.create(tenant=request.service, annee=annee, demande_par=request.rattachement,
                                              motif=motif)
    service_id = request.service.pk
    transaction.on_commit(lambda: calculer_indicateurs_service.delay(service_id, calcul_id=calcul.pk))
    return calcul


def _calcul_de_l_annee(request, annee):
    """The year's latest run. A year never computed (a new service, an old year) is computed at
    its first consultation, in the request: the nightly run keeps the current year afterwards."""
    calcul = dernier_calcul(annee)
    if calcul is None:
        calcul = calculer_annee(annee, calcul=CalculIndicateurs.objects.create(
            tenant=request.service, annee=annee, demande_par=request.rattachement,
            motif="Première consultation de l'année"))
    return calcul


def _exporter(request, nom: str, titre: str, entetes: list[str], lignes: list[list], format_export: str,
              sous_titre=""):
    import tablib

    if format_export == "pdf":
        contenu = pdf_depuis_gabarit("indicateurs/pdf_tableau.html", {
            "titre": titre, "sous_titre": sous_titre, "entetes": entetes, "lignes": lignes,
            "service": request.service})
    else:
        donnees = tablib.Dataset(*[[("" if v is None else v) for v in ligne] for ligne in lignes], headers=entetes,
                                 title=titre[:31])
        contenu = neutraliser(donnees).export(format_export)
    reponse = HttpResponse(contenu, content_type=FORMATS[format_export])
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.{format_export}"'
    return reponse


def _format(request):
    format_export = request.GET.get("format", "")
    if format_export and format_export not in FORMATS:
        raise Http404("Format inconnu.")
    return format_export


def _enrichir(lignes):
    """Each line with its trajectory chart (values and targets)."""
    for ligne in lignes:
        taux = ligne.indicateur.est_un_taux
        points = [(a, v.pourcentage if taux else v.numerateur) for a, v in ligne.trajectoire]
        cibles = [(a, v.cible) for a, v in ligne.trajectoire]
        ligne.graphique = graphiques.trajectoire(points, cibles, unite=" %" if taux else "")
    return lignes


@capacite_requise(Capacite.VOIR_INDICATEURS)
def tableau_de_bord(request):
    annee = _annee(request)
    calcul = _calcul_de_l_annee(request, annee)
    lignes = _enrichir(tableau.indicateurs_phares(request.service, annee))
    format_export = _format(request)
    if format_export:
        return _exporter(request, f"indicateurs-phares-{annee}", f"Indicateurs phares {annee}", *_table_valeurs(lignes),
                         format_export)
    en_cours = CalculIndicateurs.objects.filter(annee=annee, etat=EtatCalcul.EN_COURS).first()
    return render(request, "indicateurs/tableau_de_bord.html", {
        "annee": annee, "annees": _annees(), "lignes": lignes, "calcul": calcul, "en_cours": en_cours})


def _table_valeurs(lignes):
    entetes = ["Indicateur", "Valeur", "Numérateur", "Dénominateur", "Objectif (%)", "Situation",
               "Année précédente", "Évolution"]
    rangees = []
    for ligne in lignes:
        v, p = ligne.valeur, ligne.precedente
        rangees.append([ligne.indicateur.libelle, v.pourcentage if v.indicateur.est_un_taux else v.numerateur,
                        v.numerateur, v.denominateur, v.cible, ligne.statut or "",
                        (p.pourcentage if v.indicateur.est_un_taux else p.numerateur) if p else None, ligne.evolution])
    return entetes, rangees


@capacite_requise(Capacite.VOIR_INDICATEURS)
def domaines(request):
    """Every indicator of a domain (all domains without one), from the year's snapshots."""
    annee = _annee(request)
    domaine = request.GET.get("domaine", "")
    calcul = _calcul_de_l_annee(request, annee)
    codes = [c for c, i in INDICATEURS.items() if not domaine or i.domaine == domaine]
    lignes = _enrichir(tableau.lignes(codes, annee, trajectoire=True))
    format_export = _format(request)
    if format_export:
        return _exporter(request, f"indicateurs-{annee}", f"Indicateurs {domaine or 'du service'} {annee}",
                         *_table_valeurs(lignes), format_export)
    lignes.sort(key=lambda ligne: ligne.indicateur.domaine)
    par_domaine = [(d, list(g)) for d, g in groupby(lignes, key=lambda ligne: ligne.indicateur.domaine)]
    gabarit = "indicateurs/_domaines_contenu.html" if request.htmx else "indicateurs/domaines.html"
    return render(request, gabarit, {
        "annee": annee, "annees": _annees(), "domaine": domaine, "calcul": calcul,
        "periode": f"du 01/01/{annee} au 31/12/{annee}",
        "par_domaine": [(d, [ligne.valeur for ligne in g]) for d, g in par_domaine],
        "lignes_par_domaine": par_domaine, "garder": [("domaine", domaine)] if domaine else [],
        "parametres": urlencode({"domaine": domaine}) if domaine else ""})


def _indicateur(code):
    indicateur = INDICATEURS.get(code)
    if indicateur is None:
        raise Http404("Indicateur inconnu.")
    return indicateur


def _equipe_imposee(request):
    """A team's physician sees their own team only; the director, the whole service."""
    if a_capacite(request.rattachement, Capacite.VOIR_INDICATEURS):
        return None
    if a_capacite(request.rattachement, Capacite.VOIR_INDICATEURS_EQUIPE) and request.rattachement.equipe_id:
        return str(request.rattachement.equipe_id)
    raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")


@capacite_requise(Capacite.BACK_OFFICE)
def detail(request, code):
    """One indicator: trajectory, quarters, breakdowns (each cell opens its rows)."""
    equipe = _equipe_imposee(request)
    indicateur = _indicateur(code)
    annee = _annee(request)
    _calcul_de_l_annee(request, annee)
    ventilations = tableau.ventilations(code, annee)
    if equipe is not None:
        ventilations = {Axe.EQUIPE: [c for c in ventilations.get(Axe.EQUIPE, []) if c.cle == equipe]}
    format_export = _format(request)
    if format_export:
        rangees = [[Axe(axe).label, c.libelle_cle, c.numerateur, c.denominateur, c.pourcentage]
                   for axe, cellules in ventilations.items() for c in cellules]
        return _exporter(request, f"{code}-{annee}", f"{indicateur.libelle} — {annee}",
                         ["Ventilation", "Case", "Numérateur", "Dénominateur", "%"], rangees, format_export)
    ligne = next(iter(_enrichir(tableau.lignes([code], annee, trajectoire=True))), None) if equipe is None else None
    blocs = []
    for axe, cellules in ventilations.items():
        liens = indicateur.comptage is not None
        donnees = [(c.libelle_cle, c.pourcentage if indicateur.est_un_taux and c.pourcentage is not None
                    else c.numerateur,
                    (reverse("indicateurs:liste", args=[code]) + f"?annee={annee}&axe={axe}&cle={c.cle}")
                    if liens else "") for c in cellules]
        blocs.append((Axe(axe).label, cellules, graphiques.barres(
            donnees, unite=" %" if indicateur.est_un_taux else "")))
    trimestres, mois = tableau.trimestres_et_mois(code, annee) if equipe is None else ([], [])
    return render(request, "indicateurs/detail.html", {
        "indicateur": indicateur, "annee": annee, "annees": _annees(), "ligne": ligne, "blocs": blocs,
        "trimestres": trimestres, "mensuel": _serie_mensuelle(indicateur, mois), "equipe_imposee": equipe})


MOIS_COURTS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def _serie_mensuelle(indicateur, mois) -> str:
    """The months of the year as a line chart (the rate, or the count)."""
    points = [(MOIS_COURTS[i.debut.month - 1], i.pourcentage if indicateur.est_un_taux else i.numerateur)
              for i in mois]
    return graphiques.trajectoire(points, [], largeur=520, hauteur=90,
                                  unite=" %" if indicateur.est_un_taux else "")


@capacite_requise(Capacite.BACK_OFFICE)
def liste(request, code):
    """The rows behind a number: exactly those the numerator counted (medical rows to medical
    roles only), paginated, exported as CSV, XLSX or PDF."""
    equipe = _equipe_imposee(request)
    indicateur = _indicateur(code)
    if indicateur.comptage is None:
        raise Http404("Cet indicateur n'a pas de liste détaillée.")
    if not peut_lister_lignes_indicateur(request.rattachement, indicateur.comptage):
        raise PermissionDenied("Cette liste relève du secret médical : elle est réservée aux médecins et infirmiers.")
    annee = _annee(request)
    axe, cle = request.GET.get("axe", ""), request.GET.get("cle", "")
    if axe not in Axe.values:
        raise Http404("Ventilation inconnue.")
    if equipe is not None:
        axe, cle = Axe.EQUIPE, equipe
    try:
        lignes = lignes_comptees(indicateur, annee, axe, cle)
    except (KeyError, ValueError) as erreur:
        raise Http404("Case inconnue.") from erreur
    format_export = _format(request)
    if format_export:
        entetes, rangees = tableau_lignes(indicateur.comptage, lignes)
        return _exporter(request, f"{code}-{annee}-liste", f"{indicateur.libelle} — {annee}", entetes, rangees,
                         format_export)
    libelle_cle = ""
    if axe:
        cellule = next((c for c in tableau.ventilations(code, annee).get(axe, []) if c.cle == cle), None)
        libelle_cle = f"{Axe(axe).label} : {cellule.libelle_cle if cellule else 'non renseigné'}"
    page = Paginator(lignes, 50).get_page(request.GET.get("page"))
    entetes, rangees = tableau_lignes(indicateur.comptage, page.object_list)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(request, "indicateurs/liste.html", {
        "indicateur": indicateur, "annee": annee, "libelle_cle": libelle_cle, "entetes": entetes,
        "rangees": rangees, "page": page, "parametres": parametres.urlencode(), "total": page.paginator.count})


@capacite_requise(Capacite.VOIR_INDICATEURS)
def definitions(request):
    indicateurs = sorted(INDICATEURS.values(), key=lambda i: (i.domaine, i.libelle))
    return render(request, "indicateurs/definitions.html", {
        "par_domaine": [(d, list(g)) for d, g in groupby(indicateurs, key=lambda i: i.domaine)]})


@capacite_requise(Capacite.VOIR_INDICATEURS)
def calcul(request, pk):
    """A run's progress (polled by htmx while it runs)."""
    calcul = get_object_or_404(CalculIndicateurs, pk=pk)
    gabarit = "indicateurs/_calcul.html" if request.htmx else "indicateurs/calcul.html"
    return render(request, gabarit, {"calcul": calcul})


@require_POST
@capacite_requise(Capacite.VOIR_INDICATEURS)
def recalculer(request):
    """Recomputes a year on purpose (a closed year only moves this way)."""
    try:
        annee = int(request.POST.get("annee", ""))
    except ValueError:
        messages.error(request, "Choisissez l'année à recalculer.")
        return redirect("indicateurs:tableau_de_bord")
    if annee not in _annees():
        messages.error(request, "Cette année ne peut pas être recalculée.")
        return redirect("indicateurs:tableau_de_bord")
    calcul = _lancer_calcul(request, annee, request.POST.get("motif", "")[:255] or "Recalcul demandé")
    return redirect("indicateurs:calcul", pk=calcul.pk)


class CibleForm(forms.Form):
    valeur = forms.DecimalField(label="Objectif (%)", min_value=0, max_value=100, decimal_places=1, required=False,
                                error_messages={"invalid": "Saisissez un pourcentage (par exemple 45 ou 45,5).",
                                                "max_value": "Un objectif ne dépasse pas %(limit_value)s %%.",
                                                "min_value": "Un objectif n'est pas négatif.",
                                                "max_decimal_places": "Une décimale au plus."})


@capacite_requise(Capacite.VOIR_INDICATEURS)
def objectifs(request):
    """The year's targets of every rate: the director's, else the default (seed 000 trajectories)."""
    annee = _annee_demandee(request)
    if annee is None:
        return redirect("indicateurs:objectifs")
    taux = [i for i in sorted(INDICATEURS.values(), key=lambda i: (i.domaine, i.libelle)) if i.est_un_taux]
    saisies = tableau.cibles([annee])
    erreurs = {}
    if request.method == "POST" and a_capacite(request.rattachement, Capacite.GERER_ORGANISATION):
        for indicateur in taux:
            champ = f"cible_{indicateur.code}"
            if champ not in request.POST:
                continue
            form = CibleForm({"valeur": request.POST[champ].replace(",", ".").strip()})
            if not form.is_valid():
                erreurs[indicateur.code] = form.errors["valeur"][0]
        if not erreurs:
            with transaction.atomic():
                for indicateur in taux:
                    champ = f"cible_{indicateur.code}"
                    if champ not in request.POST:
                        continue
                    texte = request.POST[champ].replace(",", ".").strip()
                    existante = Cible.objects.filter(code=indicateur.code, annee=annee).first()
                    if texte == "":
                        if existante:
                            existante.delete()
                    elif existante is None:
                        Cible.objects.create(tenant=request.service, code=indicateur.code, annee=annee, valeur=texte)
                    elif float(existante.valeur) != float(texte):
                        existante.valeur = texte
                        existante.save()
            messages.success(request, f"Objectifs {annee} enregistrés.")
            return redirect(reverse("indicateurs:objectifs") + f"?annee={annee}")
    lignes = [(i, saisies.get((i.code, annee)), tableau.cible_de(i, annee, {}), erreurs.get(i.code),
               request.POST.get(f"cible_{i.code}") if erreurs else None) for i in taux]
    historique = Cible.history.filter(annee=annee).select_related("history_user").order_by("-history_date")[:20]
    return render(request, "indicateurs/objectifs.html", {
        "annee": annee, "annees": range(_annees()[0], _annees()[-1] + 2), "lignes": lignes,
        "historique": historique, "libelles": {c: i.libelle for c, i in INDICATEURS.items()},
        "modifiable": a_capacite(request.rattachement, Capacite.GERER_ORGANISATION)})


@capacite_requise(Capacite.VOIR_INDICATEURS_EQUIPE)
def equipe(request):
    """A team's physician: the headline indicators of their own team, from snapshots."""
    annee = _annee(request)
    equipe_id = request.rattachement.equipe_id
    lignes = tableau.lignes(tableau.PHARES, annee, axe=Axe.EQUIPE, cle=str(equipe_id)) if equipe_id else []
    return render(request, "indicateurs/equipe.html", {
        "annee": annee, "annees": _annees(), "lignes": lignes, "equipe": request.rattachement.equipe})


def _valeur_lue(ligne) -> str:
    v = ligne.valeur
    if v.indicateur.est_un_taux:
        return "—" if v.pourcentage is None else f"{v.pourcentage} % ({v.numerateur} / {v.denominateur})".replace(
            ".", ",")
    return f"{v.numerateur}{' ' + v.indicateur.unite if v.indicateur.unite else ''}".replace(".", ",")


@capacite_requise(Capacite.VOIR_INDICATEURS)
def enquete_dgt(request):
    """The DGT survey of a year: computed counters by section, manual rubrics kept with the year."""
    from .enquete import SECTIONS, codes, rubriques
    from .models import SaisieEnquete

    annee = _annee_demandee(request)
    if annee is None:
        return redirect("indicateurs:enquete_dgt")
    if request.method == "POST":
        if a_capacite(request.rattachement, Capacite.GERER_ORGANISATION):
            with transaction.atomic():
                for rubrique in rubriques():
                    texte = request.POST.get(rubrique.cle, "").strip()[:255]
                    saisie = SaisieEnquete.objects.filter(annee=annee, cle=rubrique.cle).first()
                    if saisie is None and texte:
                        SaisieEnquete.objects.create(tenant=request.service, annee=annee, cle=rubrique.cle,
                                                     valeur=texte)
                    elif saisie is not None and saisie.valeur != texte:
                        saisie.valeur = texte
                        saisie.save()
            messages.success(request, f"Saisies de l'enquête {annee} enregistrées.")
        return redirect(reverse("indicateurs:enquete_dgt") + f"?annee={annee}")
    calcul = _calcul_de_l_annee(request, annee)
    valeurs = {ligne.indicateur.code: ligne for ligne in tableau.lignes(codes(), annee)}
    saisies = dict(SaisieEnquete.objects.filter(annee=annee).values_list("cle", "valeur"))
    sections = [(titre, [valeurs[c] for c in liste if c in valeurs],
                 [(r, saisies.get(r.cle, "")) for r in manuelles]) for titre, liste, manuelles in SECTIONS]
    format_export = _format(request)
    if format_export:
        rangees = []
        for titre, lignes, manuelles in sections:
            rangees += [[titre, ligne.indicateur.libelle, _valeur_lue(ligne), "calculé"] for ligne in lignes]
            rangees += [[titre, r.libelle, valeur, "saisi"] for r, valeur in manuelles]
        return _exporter(request, f"enquete-dgt-{annee}", f"Enquête annuelle DGT — activité {annee}",
                         ["Section", "Rubrique", "Valeur", "Origine"], rangees, format_export,
                         sous_titre=f"À transmettre avant le 30 juin {annee + 1} (D4622-57).")
    return render(request, "indicateurs/enquete_dgt.html", {
        "annee": annee, "annees": _annees(), "sections": sections, "calcul": calcul,
        "modifiable": a_capacite(request.rattachement, Capacite.GERER_ORGANISATION)})


class PeriodeForm(forms.Form):
    debut = forms.DateField(label="Du", error_messages={"required": "Indiquez le début de la période.",
                                                        "invalid": "Saisissez une date (JJ/MM/AAAA)."})
    fin = forms.DateField(label="Au", error_messages={"required": "Indiquez la fin de la période.",
                                                      "invalid": "Saisissez une date (JJ/MM/AAAA)."})

    def clean(self):
        donnees = super().clean()
        if donnees.get("debut") and donnees.get("fin") and donnees["fin"] < donnees["debut"]:
            raise forms.ValidationError("La fin de la période précède son début.")
        return donnees


@capacite_requise(Capacite.VOIR_INDICATEURS)
def certification(request):
    """The certification evidence pack for a chosen period: PDF dossier or ZIP of XLSX tables."""
    from .certification import dossier, zip_xlsx
    from .registre import Periode

    annee = timezone.localdate().year - 1
    choisie = "debut" in request.GET or "fin" in request.GET
    form = PeriodeForm(request.GET if choisie else {"debut": f"01/01/{annee}", "fin": f"31/12/{annee}"})
    format_export = request.GET.get("format", "")
    if format_export and format_export not in ("pdf", "zip"):
        raise Http404("Format inconnu.")
    if not form.is_valid():
        return render(request, "indicateurs/certification.html", {"form": form}, status=200)
    periode = Periode(form.cleaned_data["debut"], form.cleaned_data["fin"])
    nom = f"certification-{periode.debut:%Y%m%d}-{periode.fin:%Y%m%d}"
    if format_export == "zip":
        reponse = HttpResponse(zip_xlsx(periode), content_type="application/zip")
        reponse["Content-Disposition"] = f'attachment; filename="{nom}.zip"'
        return reponse
    if format_export == "pdf":
        contenu = pdf_depuis_gabarit("indicateurs/pdf_certification.html", {
            "service": request.service, "periode": periode, "domaines": dossier(periode)})
        reponse = HttpResponse(contenu, content_type="application/pdf")
        reponse["Content-Disposition"] = f'attachment; filename="{nom}.pdf"'
        return reponse
    return render(request, "indicateurs/certification.html", {"form": form, "periode": periode, "parametres": urlencode(
        {"debut": f"{periode.debut:%d/%m/%Y}", "fin": f"{periode.fin:%d/%m/%Y}"})})


class ScenarioForm(forms.Form):
    """The director's scenario (each a percentage or a count, with a French message when out of range)."""

    delegation = forms.FloatField(label="Part des visites délégables confiées aux infirmiers (%)", min_value=0,
                                  max_value=100, initial=50)
    teleconsultation = forms.FloatField(label="Part des visites en téléconsultation (%)", min_value=0,
                                        max_value=100, initial=30)
    gain_teleconsultation = forms.FloatField(label="Temps gagné par visite en téléconsultation (%)", min_value=0,
                                             max_value=100, initial=10)
    absence = forms.FloatField(label="Taux d'absence aux visites (%)", min_value=0, max_value=100, initial=10)
    cycle_fe = forms.FloatField(label="Mise à jour des fiches d'entreprise tous les (ans)", min_value=1,
                                max_value=10, initial=4)
    heures_fe = forms.FloatField(label="Heures de prévention par fiche d'entreprise", min_value=0, max_value=100,
                                 initial=3.5)
    part_clinique = forms.FloatField(label="Part du temps de travail consacrée aux visites et fiches (%)",
                                     min_value=1, max_value=100, initial=70)
    motifs_sir_retires = forms.MultipleChoiceField(
        label="Motifs de SIR retirés", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Par exemple l'examen d'aptitude spécifique (CACES, habilitation électrique) : les salariés "
                  "suivis pour ces seuls motifs reviennent au suivi individuel.")

    def __init__(self, *args, **kwargs):
        from .simulateur import MOTIFS_SIR

        super().__init__(*args, **kwargs)
        self.fields["motifs_sir_retires"].choices = [(m.value, m.label) for m in MOTIFS_SIR]
        for champ in self.fields.values():
            champ.error_messages.update({
                "invalid": "Saisissez un nombre.", "min_value": "Valeur trop petite (minimum %(limit_value)s).",
                "max_value": "Valeur trop grande (maximum %(limit_value)s).", "required": "Ce champ est obligatoire."})
            champ.localize = True


@capacite_requise(Capacite.VOIR_INDICATEURS)
def simulateur(request):
    """Hours needed next year per team under the director's scenario, against the staff's FTE."""
    from .simulateur import ROLES, Scenario, simuler

    annee = timezone.localdate().year + 1
    form = ScenarioForm(request.GET or None)
    scenario = Scenario(**form.cleaned_data) if form.is_bound and form.is_valid() else (
        Scenario() if not form.is_bound else None)
    besoins = simuler(scenario, annee) if scenario else []
    lignes = [(b.equipe, [(b.heures.get(c, 0), b.capacite.get(c, 0), b.ecart(c)) for c, _ in ROLES])
              for b in besoins]
    return render(request, "indicateurs/simulateur.html", {
        "form": form, "annee": annee, "roles": ROLES, "lignes": lignes})


@capacite_requise(Capacite.VOIR_INDICATEURS)
def regional(request):
    """The regional view (opt-in): anonymous aggregates of the participating services, from
    snapshots, cells under 10 suppressed, and this service's rank."""
    from .regional import CLE_PARTICIPATION, MINIMUM_PARTICIPANTS, agregats, participe

    if request.method == "POST":
        if not a_capacite(request.rattachement, Capacite.GERER_ORGANISATION):
            raise PermissionDenied("Seule la direction choisit de participer à la vue régionale.")
        service = request.service
        service.parametres = {**(service.parametres or {}), CLE_PARTICIPATION: request.POST.get("participer") == "oui"}
        service.save(update_fields=["parametres"])
        messages.success(request, "Participation à la vue régionale enregistrée.")
        return redirect("indicateurs:regional")
    annee = _annee(request)
    lignes = agregats(annee, tableau.PHARES, service=request.service) if participe(request.service) else []
    return render(request, "indicateurs/regional.html", {
        "annee": annee, "annees": _annees(), "lignes": lignes, "participe": participe(request.service),
        "minimum": MINIMUM_PARTICIPANTS})


def federation(request):
    """A federation's staff: the regional aggregates of the participating services, anonymous
    (no service named, no rank), from their snapshots. Their account has no service: the page
    runs outside any service scope, and every other page stays closed to them."""
    from .regional import MINIMUM_PARTICIPANTS, agregats, participants

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("connexion"))
    if not est_membre_federation(request.user):
        raise PermissionDenied("Cette page est réservée aux fédérations régionales.")
    annee = _annee(request)
    return render(request, "indicateurs/federation.html", {
        "annee": annee, "annees": _annees(), "lignes": agregats(annee, tableau.PHARES),
        "participants": len(participants()), "minimum": MINIMUM_PARTICIPANTS,
        "federation": request.user.membre_federation.federation})
