"""The public member directory: filters kept in the URL, counts beside every option, and a
fixed number of queries however many companies there are or how many a page shows."""

from collections import Counter
from functools import partial

import django_filters
from django.core.cache import cache
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished

from cms.caching import Generation

from .models import (
    CommitteePage,
    CommitteeSeat,
    Industry,
    Market,
    Organisation,
    SalesPlatform,
    SecretariatPage,
    Tier,
    TradeBand,
)

PAGE_SIZES = (20, 50, 100)
# The filters' options, cached per language until one of the lists changes.
choices_generation = Generation("members:directory-choices")


def forget_choices(**kwargs):
    """Signal receiver: the lists of industries, markets, … changed."""
    choices_generation.bump()


for model in (Industry, Market, SalesPlatform):
    post_save.connect(forget_choices, sender=model, dispatch_uid=f"directory-{model.__name__}")
    post_delete.connect(forget_choices, sender=model, dispatch_uid=f"directory-d-{model.__name__}")


@receiver(page_published)
@receiver(page_unpublished)
def _pages_changed(sender, **kwargs):
    if issubclass(sender, SecretariatPage | CommitteePage):
        forget_choices()


def directory_choices():
    """The options of every filter as {facet: [(id or value, slug or value, label)]}, cached
    per language until one of the lists changes."""
    key = choices_generation.key_for(get_language())
    choices = cache.get(key)
    if choices is None:
        choices = {
            "industry": [(i.pk, i.slug, str(i)) for i in Industry.objects.all()],
            "secretariat": [
                (p.pk, p.slug, str(p.display_city or p.title))
                for p in SecretariatPage.objects.live().order_by("path")
            ],
            "committee": [
                (p.pk, p.slug, str(p.display_title))
                for p in CommitteePage.objects.live().order_by("path")
            ],
            "market": [(m.pk, m.slug, str(m)) for m in Market.objects.all()],
            "platform": [(p.pk, p.slug, str(p)) for p in SalesPlatform.objects.all()],
            "trade_band": [(value, value, str(label)) for value, label in TradeBand.choices],
            "tier": [(value, value, str(label)) for value, label in Tier.choices],
        }
        cache.set(key, choices, 60 * 60)
    return choices


FACET_LABELS = {
    "industry": _("Industry"),
    "city": _("County or city"),
    "secretariat": _("Secretariat"),
    "committee": _("Committee"),
    "market": _("Export market"),
    "platform": _("Sales platform"),
    "trade_band": _("Annual trade"),
    "tier": _("Tier"),
}
FACET_LOOKUPS = {
    "industry": "industry__slug",
    "city": "city",
    "secretariat": "secretariat__slug",
    "committee": "committee_seats__committee__slug",
    "market": "export_markets__slug",
    "platform": "platforms__slug",
    "trade_band": "trade_band",
    "tier": "membership__tier",
}
MANY_TO_MANY = {"committee", "market", "platform"}


def slug_choices(facet):
    return [(slug, label) for _key, slug, label in directory_choices()[facet]]


def facet_filter(facet):
    return django_filters.ChoiceFilter(
        field_name=FACET_LOOKUPS[facet],
        choices=partial(slug_choices, facet),  # read when a form is built, from the cache
        label=FACET_LABELS[facet],
        distinct=facet in MANY_TO_MANY,
        empty_label=_("All"),
    )


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    industry = facet_filter("industry")
    # Any county or city typed by a member: matched exactly, offered from the current results.
    city = django_filters.CharFilter(field_name="city", label=FACET_LABELS["city"])
    secretariat = facet_filter("secretariat")
    committee = facet_filter("committee")
    market = facet_filter("market")
    platform = facet_filter("platform")
    trade_band = facet_filter("trade_band")
    tier = facet_filter("tier")

    class Meta:
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value.lower())


def facet_counts(queryset):
    """{facet: Counter(key → companies)} over the filtered companies: one grouped query for the
    single-valued facets and one per many-to-many facet, whatever the data size."""
    ids = queryset.order_by().values("pk")
    counts = {facet: Counter() for facet in FACET_LOOKUPS}
    rows = (
        Organisation.objects.filter(pk__in=ids)
        .values("industry_id", "secretariat_id", "city", "trade_band", "membership__tier")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts["industry"][row["industry_id"]] += row["n"]
        counts["secretariat"][row["secretariat_id"]] += row["n"]
        counts["city"][row["city"]] += row["n"]
        counts["trade_band"][row["trade_band"]] += row["n"]
        counts["tier"][row["membership__tier"]] += row["n"]
    many = {
        "market": Organisation.export_markets.through.objects.filter(organisation__in=ids)
        .values_list("market_id")
        .annotate(n=Count("organisation_id")),
        "platform": Organisation.platforms.through.objects.filter(organisation__in=ids)
        .values_list("salesplatform_id")
        .annotate(n=Count("organisation_id")),
        "committee": CommitteeSeat.objects.filter(organisation__in=ids)
        .values_list("committee_id")
        .annotate(n=Count("organisation_id", distinct=True)),
    }
    for facet, query in many.items():
        counts[facet].update(dict(query.order_by()))
    return counts


def facets(filterset, counts):
    """What the template shows for each filter: its options, the selected one, and beside each
    option the number of results choosing it would give. For a filter with a choice made, the
    other options are listed without a number (switching to one replaces the choice)."""
    filterset.form.is_valid()
    data = getattr(filterset.form, "cleaned_data", {})
    result = []
    for facet in FACET_LOOKUPS:
        selected = data.get(facet) or ""
        if facet == "city":
            choices = [(city, city, city) for city in sorted(counts["city"]) if city]
            if selected and selected not in counts["city"]:
                choices.append((selected, selected, selected))
        else:
            choices = directory_choices()[facet]
        options = []
        for key, slug, label in choices:
            count = counts[facet].get(key, 0)
            if slug == selected:
                options.append({"value": slug, "label": label, "count": count, "selected": True})
            elif selected:
                options.append({"value": slug, "label": label, "count": None, "selected": False})
            elif count:
                options.append({"value": slug, "label": label, "count": count, "selected": False})
        result.append(
            {"name": facet, "label": FACET_LABELS[facet], "options": options, "selected": selected}
        )
    return result
