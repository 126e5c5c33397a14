"""Authentication backends: login throttling (django-axes) in front of the password check."""

from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check on every login that comes with a request (back office,
    portal, password forms). ``authenticate()`` without a request (a shell, ``Client.login`` in
    tests) is not a login attempt from the network: it is left to the next backend instead of
    raising."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
