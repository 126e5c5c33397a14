"""Server-side SVG charts (no script, no CDN: pages work under the strict CSP and offline):
a trajectory over the years with its target, and horizontal bars for a breakdown."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def _nombre(x) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def trajectoire(points: list[tuple[int, float | None]], cibles: list[tuple[int, float | None]],
                largeur=220, hauteur=70, unite="") -> str:
    """A small line chart: values per year (points), the targets as a dashed line."""
    valeurs = [v for _, v in points + cibles if v is not None]
    if not points or not valeurs:
        return ""
    maximum = max(valeurs) or 1
    annees = [a for a, _ in points]
    pas = (largeur - 20) / max(len(annees) - 1, 1)

    def xy(i, v):
        return 10 + i * pas, hauteur - 16 - (hauteur - 26) * (v / maximum)

    def ligne(serie, style):
        coords = [xy(annees.index(a), v) for a, v in serie if v is not None and a in annees]
        if not coords:
            return ""
        return f'<polyline fill="none" {style} points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in coords)}"/>'

    morceaux = [ligne(cibles, 'stroke="#adb5bd" stroke-width="1.5" stroke-dasharray="4 3"'),
                ligne(points, 'stroke="#0d6efd" stroke-width="2"')]
    for i, (annee, v) in enumerate(points):
        if v is not None:
            x, y = xy(i, v)
            morceaux.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#0d6efd">'
                            f'<title>{annee} : {_nombre(v)}{escape(unite)}</title></circle>')
        morceaux.append(f'<text x="{10 + i * pas:.1f}" y="{hauteur - 2}" font-size="9" text-anchor="middle" '
                        f'fill="#6c757d">{annee}</text>')
    description = " ; ".join(f"{a} : {_nombre(v)}{unite}" for a, v in points if v is not None)
    return mark_safe(f'<svg role="img" viewBox="0 0 {largeur} {hauteur}" width="100%" height="{hauteur}" '
                     f'aria-label="{escape(description)}">{"".join(morceaux)}</svg>')


def barres(cellules: list[tuple[str, float, str]], largeur=520, unite="") -> str:
    """Horizontal bars: (label, value, link) per cell, largest first."""
    if not cellules:
        return ""
    maximum = max(v for _, v, _ in cellules) or 1
    hauteur_barre, marge = 18, 170
    morceaux = []
    for i, (libelle, valeur, lien) in enumerate(cellules):
        y = i * (hauteur_barre + 6)
        longueur = (largeur - marge - 60) * valeur / maximum
        barre = (f'<text x="{marge - 6}" y="{y + 13}" font-size="11" text-anchor="end">{escape(libelle[:28])}</text>'
                 f'<rect x="{marge}" y="{y}" width="{longueur:.1f}" height="{hauteur_barre}" fill="#0d6efd" rx="2"/>'
                 f'<text x="{marge + longueur + 4:.1f}" y="{y + 13}" font-size="11">{_nombre(valeur)}{escape(unite)}'
                 f'</text>')
        morceaux.append(f'<a href="{escape(lien)}">{barre}</a>' if lien else barre)
    hauteur = len(cellules) * (hauteur_barre + 6)
    return mark_safe(f'<svg role="img" viewBox="0 0 {largeur} {hauteur}" width="100%" '
                     f'style="max-width:{largeur}px" aria-label="Répartition">{"".join(morceaux)}</svg>')
