"""The admin screen that sends a newsletter page by email: GET confirms, POST sends.

Open to users who may publish the page (what goes to every employee is what a publisher
may put live). A few recipients are emailed at once; more go to the task cluster.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wagtail_advocacy.tasks import enqueue

from . import tasks
from .models import NewsletterPage
from .newsletter import SEND_NOW_AT_MOST, employee_teams, newsletter_recipients, send_newsletter

EVERY_EMPLOYEE = "all"


class SendNewsletterForm(forms.Form):
    """Who receives the newsletter: every employee, or one team."""

    recipients = forms.ChoiceField(
        label=gettext_lazy("Send to"),
        error_messages={
            "invalid_choice": gettext_lazy("Choose every employee or one of the teams listed."),
            "required": gettext_lazy("Choose who receives the newsletter."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {str(team.pk): team for team in employee_teams()}
        self.fields["recipients"].choices = [
            (EVERY_EMPLOYEE, _("Every employee with an email address")),
            *((pk, _("The team %(team)s") % {"team": t.name}) for pk, t in self.teams.items()),
        ]
        self.fields["recipients"].initial = EVERY_EMPLOYEE

    def team(self):
        """The team chosen, or None for every employee."""
        return self.teams.get(self.cleaned_data["recipients"])


class SendNewsletterView(WagtailAdminTemplateMixin, View):
    """Confirm, then send, one newsletter page by email to the employees chosen."""

    template_name = "intranet/admin/send_newsletter.html"
    page_title = gettext_lazy("Send the newsletter by email")
    header_icon = "mail"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(NewsletterPage, pk=page_id)
        if not self.page.permissions_for_user(request.user).can_publish():
            return permission_denied(request)
        return super().dispatch(request, page_id)

    def get(self, request, page_id):
        return self.render(SendNewsletterForm())

    def render(self, form, status=200):
        recipients = newsletter_recipients(page=self.page)
        context = self.get_context_data(
            form=form,
            page=self.page,
            everyone_count=recipients.count(),
            recipients_preview=recipients[:10],
            already_sent=self.page.deliveries.count(),
            action_url=self.request.path,
            submit_button_label=_("Send the email now"),
            submit_button_active_label=_("Sending…"),
        )
        return self.render_to_response(context, status=status)

    def post(self, request, page_id):
        form = SendNewsletterForm(request.POST)
        if not self.page.live:
            form.add_error(None, _("Publish the newsletter before sending it by email."))
        if not form.is_valid():
            messages.validation_error(request, _("The newsletter was not sent."), form)
            return self.render(form, status=400)
        to_send = newsletter_recipients(form.team(), page=self.page)
        recipients = list(to_send.values_list("pk", flat=True))
        if not recipients:
            messages.warning(
                request,
                _(
                    "Nobody to send it to: everyone there with an email address has already "
                    "received it."
                ),
            )
            return self.render(form, status=400)
        if len(recipients) > SEND_NOW_AT_MOST:
            enqueue(tasks.send_newsletter, self.page.pk, recipients)
            text = ngettext(
                "“%(title)s” is being sent to %(count)s employee, one email each.",
                "“%(title)s” is being sent to %(count)s employees, one email each.",
                len(recipients),
            )
        else:
            send_newsletter(self.page, to_send)
            text = ngettext(
                "“%(title)s” was sent to %(count)s employee.",
                "“%(title)s” was sent to %(count)s employees, one email each.",
                len(recipients),
            )
        messages.success(request, text % {"title": self.page.title, "count": len(recipients)})
        return redirect("wagtailadmin_pages:edit", self.page.pk)
