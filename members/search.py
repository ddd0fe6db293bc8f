"""Member companies in the site search (cms.search), by the directory's own rules: its
visibility (`listed`: lapsed and suspended companies are left out), its substring match over
names, products, markets and platforms, its order."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from cms.search import Hit, SearchSection

from .models import Organisation

SHOWN = 5  # the rest are one link away, in the directory


def matching(query):
    return (
        Organisation.objects.listed()
        .search(query.lower())
        .select_related("industry")
        .order_by("membership__tier_rank", "sort_key")
    )


def company_hit(organisation):
    line = " · ".join(
        part
        for part in [str(organisation.industry), organisation.city, organisation.main_products]
        if part
    )
    return Hit(
        kind_label=pgettext("search result", "Member company"),
        title=organisation.display_name,
        url=organisation.get_absolute_url(),
        line=line,
    )


def companies_section(query, request):
    if not query:
        return None
    companies = matching(query)
    count = companies.count()
    if not count:
        return None
    return SearchSection(
        title=_("Member companies"),
        hits=[company_hit(organisation) for organisation in companies[:SHOWN]],
        count=count,
        more_url=f"{reverse('members:directory')}?{urlencode({'q': query})}",
        more_label=ngettext(
            "All %(counter)s member company in the directory",
            "All %(counter)s member companies in the directory",
            count,
        )
        % {"counter": count},
    )
