"""StreamField blocks shared by the site's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        label = _("Image")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        label = _("Quote")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        label = _("Document")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="cms/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4", "hr", "document-link"],
    )
    image = ImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()


class MenuItemBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Or a site path"),
        required=False,
        max_length=200,
        help_text=_("A path on this site such as /members/, used when no page is chosen."),
    )
    label = blocks.CharBlock(label=_("Label (Chinese)"), required=False, max_length=40)
    label_en = blocks.CharBlock(label=_("Label (English)"), required=False, max_length=40)

    class Meta:
        icon = "link"
        label = _("Menu item")


class HighlightBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), max_length=20)
    label = blocks.CharBlock(label=_("Label (Chinese)"), max_length=60)
    label_en = blocks.CharBlock(label=_("Label (English)"), required=False, max_length=60)

    class Meta:
        icon = "pick"
        label = _("Key figure")
