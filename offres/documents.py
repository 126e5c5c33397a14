"""Invoice documents: the PDF (WeasyPrint, every legal mention) made a Factur-X PDF/A-3 by
embedding its EN 16931 CII XML (the ``factur-x`` library builds and checks the XML), the SEPA
direct-debit file (``sepaxml``), the reminder letters and the accounting journal."""

from datetime import date
from decimal import Decimal

import tablib
from django.template.loader import render_to_string
from facturx import generate_cii_xml, generate_from_binary

from spsti.pdf import pdf_depuis_html

from . import rules
from .models import Facture, NatureFacture

MENTION_PENALITES = ("En cas de retard de paiement, pénalités au taux d'intérêt appliqué par la Banque centrale "
                     "européenne à son opération de refinancement la plus récente majoré de 10 points "
                     "(art. L441-10 du Code de commerce), et indemnité forfaitaire pour frais de recouvrement de "
                     f"{rules.INDEMNITE_RECOUVREMENT:.0f} € (art. D441-5). Pas d'escompte pour paiement anticipé.")
MENTION_ESCOMPTE = "Pas d'escompte pour paiement anticipé."


def ventilation_tva(lignes) -> list[dict]:
    """Taxable base and VAT per rate (one VAT breakdown per rate, EN 16931 BG-23)."""
    taux: dict[Decimal, Decimal] = {}
    for ligne in lignes:
        taux[ligne.taux_tva] = taux.get(ligne.taux_tva, Decimal("0")) + ligne.montant_ht
    return [{"taux": t, "base": base, "tva": rules.montant_tva(base, t)} for t, base in sorted(taux.items())]


def _partie(identite: dict, *, vendeur: bool) -> dict:
    partie = {"name": identite["nom"], "country_code": "FR", "city": identite.get("ville") or "",
              "postcode": identite.get("code_postal") or "", "addr_l1": identite.get("adresse") or "",
              "legal_identifier": identite["siren"], "legal_identifier_schemeid": "0002"}
    if identite.get("tva"):
        partie["vat_identifier"] = identite["tva"]
    if vendeur and identite.get("forme"):
        partie["legal_info"] = identite["forme"]
    return {k: v for k, v in partie.items() if v != ""}


def donnees_en16931(facture: Facture) -> dict:
    """The invoice as the ``factur-x`` library's EN 16931 data (business terms BT-/BG-)."""
    lignes = list(facture.lignes.all())
    ventilation = ventilation_tva(lignes)
    donnees = {
        "BT-24": "urn:cen.eu:en16931:2017",
        "BT-1": facture.numero,
        "BT-2": facture.emise_le,
        "BT-3": "381" if facture.nature == NatureFacture.AVOIR else "380",
        "BT-5": "EUR",
        "BT-9": facture.echeance,
        "BT-72": facture.emise_le,
        "BT-10": facture.adherent.siren,
        "BT-20": MENTION_PENALITES,
        "BG-1": [{"BT-21": "PMT", "BT-22": f"Indemnité forfaitaire pour frais de recouvrement : "
                                           f"{rules.INDEMNITE_RECOUVREMENT:.0f} € (art. D441-5 du Code de commerce)."},
                 {"BT-21": "PMD", "BT-22": MENTION_PENALITES},
                 {"BT-21": "AAB", "BT-22": MENTION_ESCOMPTE}],
        "BG-4": _partie(facture.vendeur, vendeur=True),
        "BG-7": _partie(facture.acheteur, vendeur=False),
        "BT-106": facture.montant_ht, "BT-109": facture.montant_ht, "BT-110": facture.montant_tva,
        "BT-112": facture.montant_ttc, "BT-115": facture.montant_ttc,
        "BG-23": [{"BT-116": v["base"], "BT-117": v["tva"], "BT-118": "S", "BT-119": v["taux"]} for v in ventilation],
        "BG-25": [{"BT-126": str(i), "BT-129": ligne.quantite, "BT-130": "C62", "BT-131": ligne.montant_ht,
                   "BT-146": prix_net(ligne),
                   "BT-149": Decimal(1), "BT-151": "S", "BT-152": ligne.taux_tva, "BT-153": ligne.libelle[:200]}
                  for i, ligne in enumerate(lignes, start=1)],
    }
    if facture.vendeur.get("iban"):
        donnees.update({"BT-81": "58", "BT-84": facture.vendeur["iban"].replace(" ", "")})
    if facture.appel_id:  # the cotisation covers the calendar year of the call
        donnees.update({"BT-73": date(facture.appel.annee, 1, 1), "BT-74": date(facture.appel.annee, 12, 31)})
    if facture.facture_origine_id:
        origine = facture.facture_origine
        donnees["BG-3"] = [{"BT-25": origine.numero, "BT-26": origine.emise_le}]
    return _texte(donnees)


def prix_net(ligne) -> Decimal:
    """A line's net price, 4 decimals (Factur-X), so that quantity × price gives its amount."""
    if not ligne.quantite:
        return ligne.montant_ht
    return (ligne.montant_ht / ligne.quantite).quantize(Decimal("0.0001"))


def _texte(valeur):
    """Amounts as strings (the library's input format): a line's price may have 4 decimals."""
    if isinstance(valeur, Decimal):
        return f"{valeur:.2f}" if valeur == valeur.quantize(Decimal("0.01")) else f"{valeur.normalize():f}"
    if isinstance(valeur, dict):
        return {k: _texte(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_texte(v) for v in valeur]
    return valeur


def facture_xml(facture: Facture) -> bytes:
    """The CII XML (Factur-X EN 16931 profile), checked against the XSD by the library."""
    return generate_cii_xml(donnees_en16931(facture), level="en16931", check_xsd=True, check_schematron=False)


def facture_pdf_simple(facture: Facture) -> bytes:
    lignes = list(facture.lignes.all())
    return pdf_depuis_html(render_to_string("offres/pdf/facture.html", {
        "facture": facture, "lignes": lignes, "ventilation": ventilation_tva(lignes), "service": facture.tenant,
        "mention_penalites": MENTION_PENALITES, "indemnite": rules.INDEMNITE_RECOUVREMENT}))


def facture_facturx(facture: Facture) -> bytes:
    """The invoice a member receives: a PDF/A-3 with its Factur-X XML embedded."""
    return generate_from_binary(facture_pdf_simple(facture), facture_xml(facture), flavor="factur-x",
                                level="en16931", check_xsd=False, pdf_metadata={
                                    "author": facture.vendeur["nom"], "keywords": "Factur-X, facture",
                                    "title": f"{facture.vendeur['nom']} : {facture}",
                                    "subject": facture.objet})


def lettre_relance_pdf(facture: Facture, rang: int, reste: Decimal) -> bytes:
    """The reminder letter of step ``rang`` (rules.ETAPES_RELANCE) for what is still owed."""
    jours, titre = rules.ETAPES_RELANCE[rang - 1]
    return pdf_depuis_html(render_to_string("offres/pdf/relance.html", {
        "facture": facture, "service": facture.tenant, "rang": rang, "titre": titre, "jours": jours,
        "reste": reste, "derniere": rang == len(rules.ETAPES_RELANCE), "mention_penalites": MENTION_PENALITES,
        "indemnite": rules.INDEMNITE_RECOUVREMENT}))


def nom_fichier(facture: Facture) -> str:
    return f"{facture.get_nature_display().lower()}-{facture.numero}.pdf"


# --- accounting journal ---

COMPTE_CLIENT, COMPTE_VENTES, COMPTE_TVA, COMPTE_BANQUE = "411", "706", "44571", "512"


def journal(du: date, au: date) -> tablib.Dataset:
    """Journal lines per invoice, credit note and payment (debits = credits for each entry)."""
    from .models import Paiement

    donnees = tablib.Dataset(headers=["journal", "date", "piece", "compte", "tiers", "libelle", "debit", "credit"])
    for facture in (Facture.objects.filter(emise_le__range=(du, au)).select_related("adherent")
                    .order_by("emise_le", "numero")):
        avoir = facture.nature == NatureFacture.AVOIR
        code, tiers = "VE", facture.adherent.siren
        libelle = f"{facture.get_nature_display()} {facture.numero} {facture.adherent}"[:120]
        for compte, montant, au_debit in [(COMPTE_CLIENT, facture.montant_ttc, True),
                                          (COMPTE_VENTES, facture.montant_ht, False),
                                          (COMPTE_TVA, facture.montant_tva, False)]:
            debit = au_debit != avoir
            donnees.append([code, facture.emise_le.isoformat(), facture.numero, compte,
                            tiers if compte == COMPTE_CLIENT else "", libelle,
                            f"{montant:.2f}" if debit else "", "" if debit else f"{montant:.2f}"])
    for paiement in (Paiement.objects.filter(date__range=(du, au)).select_related("facture__adherent")
                     .order_by("date", "pk")):
        libelle = f"Règlement {paiement.get_mode_display().lower()} facture {paiement.facture.numero}"
        for compte, debit in [(COMPTE_BANQUE, True), (COMPTE_CLIENT, False)]:
            donnees.append(["BQ", paiement.date.isoformat(), paiement.facture.numero, compte,
                            paiement.facture.adherent.siren if compte == COMPTE_CLIENT else "", libelle,
                            f"{paiement.montant:.2f}" if debit else "", "" if debit else f"{paiement.montant:.2f}"])
    return donnees
