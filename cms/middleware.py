"""The Wagtail admin's Content-Security-Policy."""


class AdminScriptPolicyMiddleware:
    """The Wagtail admin's page editor still runs a few inline scripts, so under /admin/ (where
    only signed-in organisers go) the policy also allows inline script. The public site, which
    shows what members write, keeps the strict policy. Sits inside CSPMiddleware so its change
    is in place before that middleware writes the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return response
