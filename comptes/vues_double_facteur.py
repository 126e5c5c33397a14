"""Second-factor pages: verify, enrol (QR code + recovery codes), regenerate codes, opt out,
and the director's reset."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from spsti.acces import capacite_requise
from spsti.models import Rattachement
from spsti.permissions import Capacite, Role, double_facteur_obligatoire

from . import double_facteur as df
from .forms import CodeForm
from .journal import journaliser
from .models import Evenement


def _suite(request) -> str:
    suite = request.POST.get("next") or request.GET.get("next") or ""
    if suite and url_has_allowed_host_and_scheme(suite, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return suite
    return reverse("racine")


@login_required(login_url="connexion")
def verifier(request):
    if df.verifie(request):
        return redirect(_suite(request))
    if not df.appareils_confirmes(request.user):
        return redirect(f"{reverse('comptes:double_facteur_enrolement')}?next={_suite(request)}")
    form = CodeForm(request.POST or None)
    jours = df.jours_memorisation(request)
    if not jours:
        del form.fields["memoriser"]
    else:
        form.fields["memoriser"].label = f"Se souvenir de cet appareil pendant {jours} jours"
    if request.method == "POST" and form.is_valid():
        appareil = df.verifier_code(request, form.cleaned_data["code"])
        if appareil is not None:
            reponse = redirect(_suite(request))
            if form.cleaned_data.get("memoriser"):
                df.memoriser_appareil(request, reponse, appareil)
            return reponse
        form.add_error("code", "Ce code n'est pas valide (ou a déjà servi). Saisissez le code affiché "
                               "par votre application, ou un code de secours.")
    return render(request, "comptes/double_facteur.html", {"form": form, "suite": _suite(request),
                                                           "cles_d_acces": df.cles_d_acces(request.user)})


@login_required(login_url="connexion")
def enrolement(request):
    if df.appareils_confirmes(request.user) and not df.verifie(request):
        return redirect(f"{reverse('comptes:double_facteur')}?next={_suite(request)}")
    appareil = df.totp_a_confirmer(request.user)
    form = CodeForm(request.POST or None)
    del form.fields["memoriser"]
    if request.method == "POST" and form.is_valid():
        if appareil.verify_token("".join(form.cleaned_data["code"].split())):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).exclude(pk=appareil.pk).delete()
            appareil.confirmed = True
            appareil.save(update_fields=["confirmed"])
            codes = df.codes_secours_generer(request.user)
            otp_login(request, appareil)
            request.session.pop(df.SESSION_NON_REQUIS, None)
            journaliser(Evenement.ENROLEMENT, utilisateur=request.user, request=request)
            return render(request, "comptes/codes_secours.html", {"codes": codes, "suite": _suite(request)})
        form.add_error("code", "Ce code ne correspond pas : vérifiez l'heure de votre téléphone et saisissez "
                               "le code à 6 chiffres affiché maintenant.")
    return render(request, "comptes/enrolement.html", {
        "form": form, "qr": df.qr_code_svg(appareil), "secret": df.secret_base32(appareil),
        "suite": _suite(request),
        "obligatoire": double_facteur_obligatoire(request.user, request.mes_rattachements)})


@require_POST
@login_required(login_url="connexion")
def codes_secours(request):
    if not df.verifie(request):
        return redirect("comptes:double_facteur")
    codes = df.codes_secours_generer(request.user)
    journaliser(Evenement.ENROLEMENT, utilisateur=request.user, request=request, detail="codes de secours régénérés")
    return render(request, "comptes/codes_secours.html", {"codes": codes, "suite": reverse("comptes:profil")})


@require_POST
@login_required(login_url="connexion")
def desactiver(request):
    """Opt out: only for whom the second factor is not mandatory, after verifying it."""
    if double_facteur_obligatoire(request.user, request.mes_rattachements):
        messages.error(request, "Le second facteur est obligatoire pour votre rôle : il ne peut pas être désactivé.")
    elif df.verifie(request):
        df.reinitialiser(request.user, auteur=request.user, request=request)
        messages.success(request, "Le second facteur est désactivé.")
    return redirect("comptes:profil")


@require_POST
@capacite_requise(Capacite.GERER_ORGANISATION)
def reinitialiser_personnel(request, pk: int):
    """The director resets a staff member's devices (lost phone); logged in the security log."""
    rattachement = get_object_or_404(Rattachement.objects.exclude(role=Role.ADHERENT).select_related("utilisateur"),
                                     pk=pk)
    df.reinitialiser(rattachement.utilisateur, auteur=request.user, request=request)
    messages.success(request, f"Le second facteur de {rattachement.utilisateur} est réinitialisé : "
                              "la personne l'enregistrera de nouveau à sa prochaine connexion.")
    return redirect("comptes:securite_personnel")
