"""Validators of French identifiers, with French messages."""

from django.core.exceptions import ValidationError


def luhn_valide(chiffres: str) -> bool:
    total = 0
    for rang, caractere in enumerate(reversed(chiffres)):
        chiffre = int(caractere)
        if rang % 2 == 1:
            chiffre *= 2
            if chiffre > 9:
                chiffre -= 9
        total += chiffre
    return total % 10 == 0


def valider_siren(valeur: str) -> None:
    """SIREN: 9 digits with a Luhn checksum (INSEE)."""
    if not (len(valeur) == 9 and valeur.isdigit() and luhn_valide(valeur)):
        raise ValidationError("Le SIREN doit comporter 9 chiffres et avoir une clé de contrôle valide.",
                              code="siren_invalide")


def valider_siret(valeur: str) -> None:
    """SIRET: SIREN + 5-digit establishment number, Luhn on all 14 digits (La Poste excepted)."""
    if not (len(valeur) == 14 and valeur.isdigit()):
        raise ValidationError("Le SIRET doit comporter 14 chiffres.", code="siret_invalide")
    la_poste = valeur.startswith("356000000") and sum(map(int, valeur)) % 5 == 0
    if not (luhn_valide(valeur) or la_poste):
        raise ValidationError("La clé de contrôle du SIRET est invalide.", code="siret_invalide")


def valider_code_postal(valeur: str) -> None:
    if not (len(valeur) == 5 and valeur.isdigit()):
        raise ValidationError("Le code postal doit comporter 5 chiffres.", code="code_postal_invalide")


def valider_telephone(valeur: str) -> None:
    """French numbers: 10 digits starting with 0, or +33 followed by 9 digits; spaces, dots
    and dashes allowed."""
    chiffres = "".join(c for c in valeur if c not in " .-")
    if chiffres.startswith("+33"):
        chiffres = "0" + chiffres[3:]
    if not (len(chiffres) == 10 and chiffres.isdigit() and chiffres[0] == "0" and chiffres[1] != "0"):
        raise ValidationError("Numéro de téléphone invalide : 10 chiffres commençant par 0 (ou +33).",
                              code="telephone_invalide")


def valider_nir(valeur: str) -> None:
    """NIR (numéro de sécurité sociale, also the INS of most people): 13 characters then a
    2-digit key = 97 - (number mod 97); Corsican departments 2A / 2B count as 19 / 18."""
    if not (len(valeur) == 15 and valeur[0] in "1234678" and valeur[:5].isdigit()
            and valeur[7:].isdigit() and (valeur[5:7].isdigit() or valeur[5:7] in ("2A", "2B"))):
        raise ValidationError("Le NIR doit comporter 15 caractères : sexe, année, mois, département, "
                              "commune, ordre et clé (ex. 2 81 06 84 007 042 06).", code="nir_invalide")
    nombre = int(valeur[:13].replace("2A", "19").replace("2B", "18"))
    if 97 - nombre % 97 != int(valeur[13:]):
        raise ValidationError("La clé du NIR ne correspond pas au numéro : vérifiez la saisie.", code="nir_cle")


def normaliser_nir(saisie: str) -> str:
    return "".join(c for c in saisie.upper() if c.isalnum())


def incoherences_nir(nir: str, sexe: str | None, naissance) -> list[str]:
    """Why a (valid) NIR does not fit the sex and birth date given with it: its first digit is
    the sex, the next four the year and month of birth (a month above 12 is an INSEE special
    case, not checked). The worker's form and the workforce declaration's rows ask here."""
    if not (nir and sexe and naissance):
        return []
    messages = []
    if {"1": "M", "2": "F"}.get(nir[0], sexe) != sexe:
        messages.append("Le NIR ne correspond pas au sexe indiqué.")
    if nir[1:3] != f"{naissance:%y}" or (nir[3:5].isdigit() and int(nir[3:5]) <= 12
                                         and nir[3:5] != f"{naissance:%m}"):
        messages.append("Le NIR ne correspond pas à la date de naissance.")
    return messages
