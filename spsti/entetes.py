"""Security headers Django has no setting for: Permissions-Policy (the browser features the
product never uses are switched off; WebAuthn stays allowed for this origin). The
Content-Security-Policy is django-csp's (settings ``CONTENT_SECURITY_POLICY[_REPORT_ONLY]``)."""

from django.conf import settings


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
