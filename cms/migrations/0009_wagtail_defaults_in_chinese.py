"""Gives the records Wagtail creates for every site Chinese names: they are data, so no
catalogue translates them, and the admin shows them as its own words ("提交给 Moderators
approval", "浏览：Root", the root collection in the image filter).

Only names still as Wagtail made them are changed, so names the organisers chose stay theirs.
"""

from django.db import migrations

# model: [(Wagtail's name, ours)]
NAMES = {
    "Workflow": [("Moderators approval", "内容审核流程")],
    "Task": [("Moderators approval", "审核员审批")],
}
ROOT = ("Root", "根目录")


def rename(apps, pairs):
    for model_name, names in NAMES.items():
        model = apps.get_model("wagtailcore", model_name)
        for old, new in pairs(names):
            model.objects.filter(name=old).update(name=new)
    old, new = next(iter(pairs([ROOT])))
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=old).update(name=new)
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=old).update(
        title=new, draft_title=new
    )


def to_chinese(apps, schema_editor):
    rename(apps, lambda names: names)


def to_english(apps, schema_editor):
    rename(apps, lambda names: [(new, old) for old, new in names])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_user_name_display_text"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]
