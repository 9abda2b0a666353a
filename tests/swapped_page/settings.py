"""A minimal Wagtail 8 project whose base page is ``swappedpage.BasePage``.

The database file comes from ``SWAPPED_PAGE_DB`` (a temporary file in the test).
"""

import os

SECRET_KEY = "swapped-page-test-key-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
USE_TZ = True
ROOT_URLCONF = "tests.swapped_page.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"

# The app defining the swapped model comes before wagtail_advocacy, whose concrete page
# types subclass it (compat.page_base_model()).
WAGTAIL_PAGE_MODEL = "swappedpage.BasePage"
INSTALLED_APPS = [
    "tests.swapped_page",
    "wagtail_advocacy",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "django_q",
    "wagtail.users",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail_advocacy.middleware.AttributionMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["SWAPPED_PAGE_DB"],
        # A throwaway database: no waiting for the disk after each of Wagtail's migrations.
        "OPTIONS": {"init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;"},
    }
}
Q_CLUSTER = {"name": "swapped-page", "sync": True, "orm": "default"}
# As the installation page says: employees log in on Wagtail's own login page.
LOGIN_URL = "wagtailadmin_login"
WAGTAIL_SITE_NAME = "Swapped page"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ADVOCACY_PUBLIC_BASE_URL = "https://go.example.com"
