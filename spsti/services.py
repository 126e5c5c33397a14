"""Write operations of the foundation that do more than save a form."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def lien_choix_mot_de_passe(utilisateur, url_absolue, vue="password_reset_confirm") -> str:
    """A single-use link to choose a password: the token stops working once the password is set,
    and expires after PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(utilisateur.pk))
    return url_absolue(reverse(vue, kwargs={"uidb64": uid, "token": default_token_generator.make_token(utilisateur)}))


def invitation_envoyer(*, rattachement, par, url_absolue) -> None:
    """E-mails a new staff member: a single-use link to choose a password (new account), or
    the news that an existing account now works for this service too. No password on paper."""
    utilisateur = rattachement.utilisateur
    service = rattachement.tenant
    if utilisateur.has_usable_password():
        lien = url_absolue(reverse("connexion"))
        consigne = f"Connectez-vous avec votre compte habituel : {lien}"
    else:
        lien = lien_choix_mot_de_passe(utilisateur, url_absolue)
        consigne = f"Choisissez votre mot de passe en suivant ce lien (valable une seule fois) :\n{lien}"
    send_mail(
        subject=f"{service} : votre accès à la plateforme de santé au travail",
        message=(f"Bonjour {utilisateur.first_name},\n\n{par.get_full_name()} vous a ouvert un accès à "
                 f"{service} en tant que {rattachement.get_role_display()}.\n\n{consigne}\n"),
        from_email=None, recipient_list=[utilisateur.email])
