"""The social-media charter's records: its versions, who accepted which, and the emails
announcing a version.

The charter itself is a page type (``models.pages.CharterPage``); publishing it makes a
``CharterVersion`` when the change needs accepting again (``charter.versions``).
Acceptances are evidence for works councils and data protection officers: rows are only
ever inserted, never changed or deleted through the model API.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..compat import PAGE_MODEL


class InsertOnlyError(Exception):
    """Raised when code tries to change or delete an insert-only record."""


class InsertOnlyQuerySet(models.QuerySet):
    """A queryset that refuses ``update()`` and ``delete()``: the rows are a record."""

    def update(self, **kwargs):
        raise InsertOnlyError(f"{self.model.__name__} rows are never updated.")

    def delete(self):
        raise InsertOnlyError(f"{self.model.__name__} rows are never deleted.")

    def erase(self):
        """Delete these rows because the person they are about asked for their data to be
        erased (GDPR art. 17): the one deletion an insert-only record allows."""
        return models.QuerySet.delete(self)

    update.queryset_only = True
    delete.queryset_only = True
    erase.queryset_only = True


class InsertOnlyModel(models.Model):
    """A model whose rows are inserted once and then only read."""

    objects = InsertOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise InsertOnlyError(f"{type(self).__name__} rows are never updated.")
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InsertOnlyError(f"{type(self).__name__} rows are never deleted.")


class CharterVersion(InsertOnlyModel):
    """A version of the charter: its exact text as published, and what it binds.

    Made by ``charter.versions.record_published_version`` when the charter page is first
    published, and whenever a published change is marked "requires acceptance again".
    Numbers are global: an installation has one charter.
    """

    number = models.PositiveIntegerField(_("version"), unique=True)
    page = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("charter page"),
        null=True,
        blank=True,
        # The versions and their acceptances outlive the page: they are the record.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        # Wagtail's purge_revisions may delete old revisions; the version keeps its text.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    binding = models.BooleanField(
        _("binding"),
        default=True,
        help_text=_("Binding: ambassadors must accept it to share. Advisory: shown only."),
    )
    consultation_date = models.DateField(
        _("works council consultation date"), null=True, blank=True
    )
    consultation_reference = models.CharField(
        _("works council consultation reference"), max_length=255, blank=True
    )
    takes_effect_at = models.DateTimeField(_("takes effect at"), db_index=True)
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), help_text=_("The charter's exact text (rich text)."))
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    change_summary = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["-number"]

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}


class CharterAcceptance(InsertOnlyModel):
    """An ambassador accepted a charter version, in their own session
    (``charter.acceptance.accept_charter``): when, and the SHA-256 of the text accepted."""

    ambassador = models.ForeignKey(
        "wagtail_advocacy.Ambassador",
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="charter_acceptances",
    )
    version = models.ForeignKey(
        CharterVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    accepted_at = models.DateTimeField(_("accepted at"), db_index=True)
    text_sha256 = models.CharField(_("SHA-256 of the text accepted"), max_length=64)

    class Meta:
        verbose_name = _("charter acceptance")
        verbose_name_plural = _("charter acceptances")
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "version"], name="advocacy_charter_accepted_once"
            )
        ]

    def __str__(self):
        return f"{self.ambassador} · {self.version}"


class CharterNotification(InsertOnlyModel):
    """The claim that one ambassador was emailed about one version: inserted before the
    email is sent, so a doubled or retried job sends it once (``charter.notify``)."""

    version = models.ForeignKey(
        CharterVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+"
    )
    ambassador = models.ForeignKey(
        "wagtail_advocacy.Ambassador",
        verbose_name=_("ambassador"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("charter notification")
        verbose_name_plural = _("charter notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "ambassador"], name="advocacy_charter_notified_once"
            )
        ]

    def __str__(self):
        return f"{self.ambassador} · {self.version}"
