"""The site shell's part of `load_demo`: the association's pages, settings, menus and accounts.

Every function here can run any number of times and leaves the same content: pages are found
by slug, images by title, accounts by e-mail, and are updated in place.
"""

import datetime
import hashlib
import io

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from ..mfa import ensure_demo_totp
from ..models import HomePage, NewsArticlePage, NewsIndexPage, SiteSettings, StandardPage
from ..permissions import ORGANISERS
from . import content, images


def stream(paragraphs):
    """StreamField data from plain paragraphs ("## " marks a heading, "> " a quote)."""
    blocks = []
    for text in paragraphs:
        if text.startswith("## "):
            blocks.append(("heading", text[3:]))
        elif text.startswith("> "):
            blocks.append(("quote", {"text": text[2:], "attribution": ""}))
        else:
            blocks.append(("paragraph", RichText(f"<p>{text}</p>")))
    return blocks


def demo_image(title, make_png):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title)
        name = hashlib.sha256(title.encode()).hexdigest()[:12]
        image.file = ImageFile(io.BytesIO(make_png()), name=f"demo-{name}.png")
        image.save()
    return image


def upsert_page(parent, model, slug, **fields):
    """Creates or updates the child page of `parent` with this slug and publishes it."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


def bilingual_fields(data):
    return {
        "title": data["title"],
        "title_en": data["title_en"],
        "intro": data["intro"],
        "intro_en": data["intro_en"],
        "body": stream(data.get("body", [])),
        "body_en": stream(data.get("body_en", [])),
    }


def load_home():
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    fields = bilingual_fields(content.HOME)
    fields["hero_image"] = demo_image("演示：南湖晨光", images.hero_png)
    fields["highlights"] = [
        ("highlight", {"figure": figure, "label": label, "label_en": label_en})
        for figure, label, label_en in content.HOME["highlights"]
    ]
    if home is None:
        home = upsert_page(root, HomePage, "portal-home", **fields)
    else:
        home = upsert_page(root, HomePage, home.slug, **fields)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = site.hostname or "localhost", site.port or 80
    site.root_page = home
    site.site_name = content.SITE["name"]
    site.save()
    # Wagtail's installation leaves a plain "Welcome" page at the top; the home page replaces it.
    for page in root.get_children().exact_type(Page):
        page.delete()
    return home


def load_pages(home):
    pages = {"home": home}
    for key, data in (
        ("about", content.ABOUT),
        ("join", content.JOIN),
        ("privacy", content.PRIVACY),
    ):
        pages[key] = upsert_page(home, StandardPage, data["slug"], **bilingual_fields(data))
    news = upsert_page(
        home, NewsIndexPage, content.NEWS_INDEX["slug"], **bilingual_fields(content.NEWS_INDEX)
    )
    pages["news"] = news
    for item in content.NEWS:
        fields = bilingual_fields(item)
        fields["date"] = datetime.date.fromisoformat(item["date"])
        fields["cover_image"] = demo_image(
            f"演示：{item['title']}",
            lambda item=item: images.cover_png(item["colour"]),
        )
        article = upsert_page(news, NewsArticlePage, item["slug"], **fields)
        article.tags.set(item["tags"], clear=True)
        article.save_revision().publish()
    return pages


def menu_stream(entries, pages):
    return [
        (
            "item",
            {
                "page": pages.get(target),
                "url": "" if target in pages else target,
                "label": label,
                "label_en": label_en,
            },
        )
        for label, label_en, target in entries
    ]


def load_settings(home, pages):
    site = home.get_site()
    settings = SiteSettings.for_site(site)
    for name, value in content.SITE.items():
        setattr(settings, name, value)
    settings.logo = demo_image("演示：协会徽标", images.logo_png)
    settings.main_menu = menu_stream(content.MENU, pages)
    settings.footer_links = menu_stream(content.FOOTER_LINKS, pages)
    settings.save()


def add_menu_item(label, label_en, path, *, footer=False):
    """Adds a link to the main menu (and the footer) unless one to `path` is there already.

    For the other apps' demo loaders, whose pages (directory, events, training) come later.
    """
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    changed = False
    for field in ("main_menu", "footer_links") if footer else ("main_menu",):
        stream_value = getattr(settings, field)
        if any(block.value.get("url") == path for block in stream_value):
            continue
        items = [(block.block_type, block.value) for block in stream_value]
        items.append(("item", {"page": None, "url": path, "label": label, "label_en": label_en}))
        setattr(settings, field, items)
        changed = True
    if changed:
        settings.save()


def load_accounts():
    """Creates the demo accounts (verified e-mail, known password) and returns them with roles."""
    User = get_user_model()
    organisers = Group.objects.get(name=ORGANISERS)
    accounts = []
    for email, password, name, role in content.ACCOUNTS:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.name = name
        user.is_staff = role == "administrator"
        user.is_superuser = role == "administrator"
        user.is_active = True
        user.set_password(password)
        user.save()
        if role in ("organiser", "secretariat"):
            user.groups.add(organisers)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        note = ""
        if role in content.DEMO_TOTP_SECRETS:
            secret = content.DEMO_TOTP_SECRETS[role]
            ensure_demo_totp(user, secret)
            note = f"two-factor secret: {secret}"
        accounts.append((role, email, password, note))
    return accounts


@transaction.atomic
def load():
    home = load_home()
    pages = load_pages(home)
    load_settings(home, pages)
    return load_accounts()
