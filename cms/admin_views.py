from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import privacy
from .errors import PrivacyError
from .forms import UserCreationForm, UserEditForm
from .models import DeletionRequest
from .permissions import has_whole_view, permission_or_404


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm


@permission_or_404("cms.change_deletionrequest")
@require_http_methods(["GET", "POST"])
def confirm_deletion(request, pk):
    """The organiser sees what will be removed and confirms; the person is e-mailed first
    (their address is about to go)."""
    if not has_whole_view(request.user):
        raise Http404
    deletion = get_object_or_404(DeletionRequest.objects.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            privacy.confirm_deletion(request=deletion, by=request.user)
        except PrivacyError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The account has been anonymised."))
            return redirect("cms_deletion_requests:index")
    summary = privacy.export_personal_data(deletion.user) if deletion.user else None
    return render(
        request,
        "cms/admin/confirm_deletion.html",
        {"deletion": deletion, "summary": summary},
    )
