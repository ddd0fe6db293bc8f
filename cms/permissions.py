"""Permissions: helpers for data migrations that give groups theirs, and the decorator for
organisers' screens."""

import functools

from django.contrib.auth.management import create_permissions
from django.http import Http404

ORGANISERS = "Organisers"


def ensure_permissions(apps):
    """Permissions are normally created after all migrations ran; data migrations that hand
    them to groups need them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, group_name, permissions):
    """Gives the group (created if missing) model permissions named (app_label, codename)."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    for app_label, codename in permissions:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def revoke(apps, group_name, permissions):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group is None:
        return
    for app_label, codename in permissions:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


def permission_or_404(permission):
    """A view decorator for organisers' screens: anyone without the permission gets 404, as if
    the screen (and the object it shows) did not exist, rather than a 403 that confirms it."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def has_whole_view(user):
    """Whether the organiser sees the whole association. An app that narrows some organisers'
    view (members: secretariat scopes) says so through the Wagtail hook
    `narrows_organiser_view`, a function of the user; the site shell's own association-wide
    screens (account deletions) are then not theirs."""
    from wagtail import hooks

    return not any(narrows(user) for narrows in hooks.get_hooks("narrows_organiser_view"))
