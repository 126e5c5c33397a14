"""SIREN / SIRET checks (INSEE: Luhn key; La Poste's establishments excepted)."""

import pytest
from django.core.exceptions import ValidationError

from spsti.validators import valider_siren, valider_siret


@pytest.mark.parametrize(("valeur", "valide"), [
    ("732829320", True),      # a real SIREN
    ("732829321", False),     # wrong key
    ("73282932", False),      # 8 digits
    ("7328293200", False),    # 10 digits
    ("73282932A", False),     # a letter
])
def test_siren(valeur, valide):
    if valide:
        valider_siren(valeur)
    else:
        with pytest.raises(ValidationError, match="SIREN"):
            valider_siren(valeur)


@pytest.mark.parametrize(("valeur", "valide"), [
    ("73282932000074", True),   # a real SIRET
    ("73282932000075", False),  # wrong key
    ("35600000000048", True),   # La Poste: digit sum multiple of 5
    ("3560000000004", False),   # 13 digits
])
def test_siret(valeur, valide):
    if valide:
        valider_siret(valeur)
    else:
        with pytest.raises(ValidationError, match="SIRET"):
            valider_siret(valeur)
