"""The organisers' work queue: what waits for a decision, first thing on the admin home.

An app subclasses WorkQueue in its own queues.py and registers the class with the Wagtail hook
`register_work_queue` (`hooks.register("register_work_queue", MyQueue)`). The admin home makes
one per request, keeps those the organiser may decide (`is_shown`) and shows each with its
count and its oldest items, each linked to its review screen. Two queries per queue, whatever
the number of items waiting."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

SHOWN_ITEMS = 5


class WorkQueue:
    order = 100
    label = None  # what waits, plural: "Membership applications"
    icon = "form"
    permission = None  # "app.change_model": the organiser who may decide it

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def is_shown(self):
        return self.permission is None or self.user.has_perm(self.permission)

    def pending(self):
        """What waits, oldest first (a queryset)."""
        raise NotImplementedError

    def listing_url(self):
        """The listing that shows what waits (and, one filter away, what was decided)."""
        raise NotImplementedError

    def item_url(self, item):
        """The screen where the organiser decides this item."""
        raise NotImplementedError

    def item_label(self, item):
        return str(item)

    def item_detail(self, item):
        """A second line under the label (which event, which cohort …), or ""."""
        return ""

    def item_since(self, item):
        """When the item started waiting."""
        raise NotImplementedError

    @cached_property
    def count(self):
        return self.pending().count()

    def oldest(self):
        if not self.count:
            return []
        return [
            {
                "label": self.item_label(item),
                "detail": self.item_detail(item),
                "since": self.item_since(item),
                "url": self.item_url(item),
            }
            for item in self.pending()[:SHOWN_ITEMS]
        ]


def work_queues(request):
    """The queues this organiser may decide, in their order."""
    from wagtail import hooks

    queues = (queue_class(request) for queue_class in hooks.get_hooks("register_work_queue"))
    return sorted((queue for queue in queues if queue.is_shown()), key=lambda q: q.order)


class WorkQueuePanel(Component):
    """First panel of the Wagtail admin home (registered in cms/wagtail_hooks.py)."""

    name = "work_queue"
    template_name = "cms/admin/work_queue_panel.html"
    order = 10

    def __init__(self, request):
        self.request = request

    @cached_property
    def queues(self):
        return work_queues(self.request)

    def get_context_data(self, parent_context):
        queues = self.queues
        return {
            "queues": [
                {
                    "label": queue.label,
                    "icon": queue.icon,
                    "count": queue.count,
                    "url": queue.listing_url(),
                    "items": queue.oldest(),
                }
                for queue in queues
            ],
            "waiting": sum(queue.count for queue in queues),
        }

    def render_html(self, parent_context=None):
        if not self.queues:
            return ""
        return super().render_html(parent_context)


class DeletionRequestQueue(WorkQueue):
    """Accounts whose holders asked to be deleted and confirmed by e-mail: an organiser checks
    and anonymises them (cms_admin:confirm_deletion)."""

    order = 400
    label = _("Account deletions")
    icon = "bin"
    permission = "cms.change_deletionrequest"

    def is_shown(self):
        from .permissions import has_whole_view

        return super().is_shown() and has_whole_view(self.user)

    def pending(self):
        from .models import DeletionRequest

        return DeletionRequest.objects.filter(status=DeletionRequest.Status.PENDING).order_by(
            "requested_at", "pk"
        )

    def listing_url(self):
        return reverse("cms_deletion_requests:index")

    def item_url(self, item):
        return reverse("cms_admin:confirm_deletion", args=[item.pk])

    def item_label(self, item):
        return item.email

    def item_since(self, item):
        return item.requested_at
