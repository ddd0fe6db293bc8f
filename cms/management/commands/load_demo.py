import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


class Command(BaseCommand):
    help = (
        "Loads the demo association: pages, news, settings, menus and demo accounts, then each "
        "app's own demo content (the `load` function of its `demo` module). Safe to run again: "
        "the same content results."
    )

    def handle(self, *args, **options):
        translation.activate("zh-hans")
        accounts = []
        # The site shell first: other apps hang their pages and menu items on its home page.
        project_apps = [
            config.name
            for config in apps.get_app_configs()
            if Path(config.path).parent == settings.BASE_DIR and config.name != "cms"
        ]
        app_names = ["cms", *project_apps]
        for name in app_names:
            if importlib.util.find_spec(f"{name}.demo") is None:
                continue
            module = importlib.import_module(f"{name}.demo")
            self.stdout.write(f"Loading demo content: {name}")
            accounts.extend(module.load() or [])
        self.stdout.write(self.style.SUCCESS("Demo content loaded. Demo accounts:"))
        for role, email, password, *note in accounts:
            extra = f"  {note[0]}" if note and note[0] else ""
            self.stdout.write(f"  {role:<14} {email:<28} password: {password}{extra}")
        self.stdout.write("Site: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/")
