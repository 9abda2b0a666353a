"""Who may read the programme's figures, see every share kit, list and suspend ambassadors."""

from wagtail.permission_policies import ModelPermissionPolicy

from .models.kits import ShareKit

#: Granted to groups in Settings › Groups ("Can view advocacy reports"); it opens the
#: reports, their Reports menu items and the KPI panel of the dashboard.
VIEW_REPORTS = "wagtail_advocacy.view_advocacy_reports"


#: Granted to groups in Settings › Groups ("Can suspend ambassadors"); it opens the suspend
#: and lift actions of the ambassador list, and the list itself.
SUSPEND_AMBASSADORS = "wagtail_advocacy.suspend_ambassador"


def can_view_reports(user) -> bool:
    """Whether ``user`` may see the advocacy reports and KPI panel (superusers always may)."""
    return user.is_active and user.has_perm(VIEW_REPORTS)


def can_list_share_kits(user) -> bool:
    """Whether ``user`` may see every share kit (the kit list, the content calendar).

    The kit list's own rule (wagtail-modeladmin's ``user_can_list``): any of the ShareKit
    model permissions, as granted in Settings › Groups; superusers always may.
    """
    return ModelPermissionPolicy(ShareKit).user_has_any_permission(
        user, ["add", "change", "delete", "view"]
    )


def can_suspend_ambassadors(user) -> bool:
    """Whether ``user`` may suspend an ambassador's sharing and lift it (superusers may)."""
    return user.is_active and user.has_perm(SUSPEND_AMBASSADORS)


def can_list_ambassadors(user) -> bool:
    """Whether ``user`` may open the ambassador list: whoever may read the reports (it shows
    no more than the ambassadors report does) or suspend ambassadors (it is where they do)."""
    return can_view_reports(user) or can_suspend_ambassadors(user)
