"""The HTTP edge: the security header Django has no setting for, Permissions-Policy (the browser
features the product never uses are switched off; WebAuthn stays allowed for this origin; the
Content-Security-Policy is django-csp's, settings ``CONTENT_SECURITY_POLICY[_REPORT_ONLY]``), and
query strings carrying a NUL character (PostgreSQL refuses it in any text: a 400, not a 500)."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse


class CaractereNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in cle or any("\x00" in v for v in valeurs) for cle, valeurs in request.GET.lists()):
            message = "Les paramètres de l'adresse contiennent un caractère invalide."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        politique = getattr(settings, "PERMISSIONS_POLICY", {})
        if politique and "Permissions-Policy" not in reponse:
            reponse["Permissions-Policy"] = ", ".join(
                f"{fonction}=({' '.join(origines)})" for fonction, origines in politique.items())
        return reponse
