"""The NAF rév. 2 reference list shipped in adherents/data/naf_rev2.csv (see its README)."""

import csv
from pathlib import Path

LISTE_NAF = Path(__file__).resolve().parent / "data" / "naf_rev2.csv"


def charger_codes_naf(modele_code_naf) -> int:
    """Loads the list into ``CodeNAF`` (the model, or its historical version in a migration);
    existing codes are kept. Returns the number of codes in the file."""
    with LISTE_NAF.open(encoding="utf-8") as fichier:
        codes = [modele_code_naf(code=ligne["code"], libelle=ligne["libelle"]) for ligne in csv.DictReader(fichier)]
    modele_code_naf.objects.bulk_create(codes, ignore_conflicts=True)
    return len(codes)
