#!/usr/bin/env python3
"""Client of the portal API for HR or payroll software (Python 3.10+, standard library only).

A member company's token comes from the portal: « Mon compte et jetons d'API » (/comptes/profil/),
choose the company and « Lecture et écriture »; the key is shown once. Then:

    export SPSTI_URL=https://spsti.example.fr SPSTI_JETON=<clé>
    python client_api.py embauche --nom Martin --prenom Léa --naissance 1981-06-02 --sexe F \\
        --embauche 2026-03-01 --categorie SI
    python client_api.py sortie --salarie 42 --date 2026-06-30
    python client_api.py prochaines-visites

Every write carries an ``Idempotency-Key``: if the network fails and the call is repeated with
the same key, the service answers as the first time and creates nothing twice. Errors come back
in French, per field (HTTP 400)."""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid


class ErreurAPI(Exception):
    def __init__(self, statut: int, detail):
        super().__init__(f"HTTP {statut} : {json.dumps(detail, ensure_ascii=False)}")
        self.statut, self.detail = statut, detail


class ClientSPSTI:
    def __init__(self, url: str, jeton: str):
        self.url, self.jeton = url.rstrip("/"), jeton

    def _appel(self, methode: str, chemin: str, corps: dict | None = None, cle: str | None = None):
        entetes = {"Authorization": f"Token {self.jeton}", "Accept": "application/json"}
        donnees = None
        if corps is not None:
            donnees = json.dumps(corps).encode()
            entetes["Content-Type"] = "application/json"
            entetes["Idempotency-Key"] = cle or str(uuid.uuid4())
        requete = urllib.request.Request(self.url + chemin, data=donnees, headers=entetes, method=methode)
        try:
            with urllib.request.urlopen(requete, timeout=30) as reponse:
                return json.load(reponse)
        except urllib.error.HTTPError as erreur:
            try:
                detail = json.load(erreur)
            except ValueError:
                detail = erreur.reason
            raise ErreurAPI(erreur.code, detail) from None

    def embaucher(self, *, cle: str | None = None, **salarie) -> dict:
        """Declares a hire; returns the employment with the next visit now due."""
        return self._appel("POST", "/api/v1/portail/embauches/", salarie, cle)

    def sortir(self, salarie: int, date_sortie: str, motif_sortie: str = "", *, cle: str | None = None) -> dict:
        """Declares that a worker left (the employment ends; nothing is deleted)."""
        return self._appel("POST", "/api/v1/portail/sorties/",
                           {"salarie": salarie, "date_sortie": date_sortie, "motif_sortie": motif_sortie}, cle)

    def salaries(self) -> list[dict]:
        """The present workers, each with its next visit due (all pages)."""
        resultats, chemin = [], "/api/v1/portail/salaries/"
        while chemin:
            page = self._appel("GET", chemin)
            resultats += page["results"]
            chemin = page["next"] and page["next"].removeprefix(self.url)
        return resultats


def main(arguments=None) -> int:
    analyse = argparse.ArgumentParser(description="Déclarer embauches et sorties au service de santé au travail.")
    analyse.add_argument("--url", default=os.environ.get("SPSTI_URL", "http://127.0.0.1:8000"))
    analyse.add_argument("--jeton", default=os.environ.get("SPSTI_JETON"))
    actions = analyse.add_subparsers(dest="action", required=True)
    embauche = actions.add_parser("embauche")
    for option in ("nom", "prenom", "naissance", "sexe", "embauche"):
        embauche.add_argument(f"--{option}", required=True)
    embauche.add_argument("--categorie", default="SI", choices=["SI", "SIA", "SIR"])
    embauche.add_argument("--motifs", default="", help="motifs du SIA ou du SIR, séparés par des virgules")
    embauche.add_argument("--nir", default="")
    embauche.add_argument("--poste", default="")
    sortie = actions.add_parser("sortie")
    sortie.add_argument("--salarie", type=int, required=True)
    sortie.add_argument("--date", required=True)
    sortie.add_argument("--motif", default="", choices=["", "retraite", "autre"])
    actions.add_parser("prochaines-visites")
    options = analyse.parse_args(arguments)
    if not options.jeton:
        analyse.error("indiquez le jeton (--jeton ou SPSTI_JETON)")
    client = ClientSPSTI(options.url, options.jeton)
    try:
        if options.action == "embauche":
            resultat = client.embaucher(
                nom=options.nom, prenom=options.prenom, date_naissance=options.naissance, sexe=options.sexe,
                date_embauche=options.embauche, categorie=options.categorie, nir=options.nir, poste=options.poste,
                motifs_categorie=[m for m in options.motifs.split(",") if m])
        elif options.action == "sortie":
            resultat = client.sortir(options.salarie, options.date, options.motif)
        else:
            resultat = client.salaries()
    except ErreurAPI as erreur:
        print(erreur, file=sys.stderr)
        return 1
    print(json.dumps(resultat, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
