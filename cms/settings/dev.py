"""Local development: the embedded SQLite database, console e-mail, DEBUG on."""

import os

from .base import *

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret-0Qz8mVt2xYhLkP4sNwR7"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
INTERNAL_IPS = ["127.0.0.1"]
SERVE_MEDIA = True
