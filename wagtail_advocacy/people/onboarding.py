"""The onboarding path: join, accept the charter, fill in the profile, share once.

Nothing here is stored as "the step someone is on": each step is done or not from the
person's own state (joined, the charter version in effect accepted, the profile saved once,
one share made), so leaving half-way and coming back later resumes at the first step not
done. The charter step is on the path only while a charter version is in effect. The steps
themselves are the app's usual views (join, the charter's acceptance, the profile form, the
share dialog): this module only says which one comes next.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..charter.acceptance import has_accepted
from ..charter.versions import version_in_effect
from ..models.people import Ambassador
from ..models.sharing import Share
from .programme import get_active_ambassador

JOIN = "join"
CHARTER = "charter"
PROFILE = "profile"
SHARE = "share"

STEP_LABELS = {
    JOIN: _("Join the programme"),
    CHARTER: _("Read and accept the charter"),
    PROFILE: _("Your profile"),
    SHARE: _("Your first share"),
}


@dataclass(frozen=True)
class OnboardingStep:
    """One step of the path: its ``key`` (JOIN, CHARTER, PROFILE, SHARE), its place
    (``number`` of ``total``) and whether the person has done it."""

    key: str
    number: int
    total: int
    done: bool

    @property
    def label(self) -> str:
        """The step's name, as the progress shows it."""
        return STEP_LABELS[self.key]


def has_shared(ambassador: Ambassador) -> bool:
    """Whether ``ambassador`` ever shared anything (a network, their link, a QR code)."""
    return Share.objects.filter(ambassador=ambassador).exists()


def onboarding_steps(user) -> list[OnboardingStep]:
    """The steps of ``user``'s path, in order, each done or not.

    Four steps, three while no charter version is in effect. A step after joining is done
    only for an active ambassador (who left the programme joins again first; what they did
    before still counts). Four queries at most, whatever the data.
    """
    ambassador = get_active_ambassador(user)
    charter = version_in_effect()
    done = {JOIN: ambassador is not None}
    if charter is not None:
        done[CHARTER] = ambassador is not None and has_accepted(ambassador, charter)
    done[PROFILE] = ambassador is not None and ambassador.profile_completed_at is not None
    done[SHARE] = ambassador is not None and has_shared(ambassador)
    return [
        OnboardingStep(key=key, number=number, total=len(done), done=is_done)
        for number, (key, is_done) in enumerate(done.items(), start=1)
    ]


def current_step(user, steps: list[OnboardingStep] | None = None) -> OnboardingStep | None:
    """The first step ``user`` has not done (of ``steps``, else computed), or None when the
    path is behind them."""
    steps = onboarding_steps(user) if steps is None else steps
    return next((step for step in steps if not step.done), None)


def is_onboarding(ambassador: Ambassador | None) -> bool:
    """Whether an active ambassador is still on the path: they never shared yet. Asked to
    accept the charter, they are sent through the path's next steps (the profile too); a
    seasoned ambassador asked to accept a new version just accepts it. One query."""
    return ambassador is not None and ambassador.is_active and not has_shared(ambassador)
