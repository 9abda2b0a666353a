"""Who may read the programme's figures, and who may see every share kit."""

from wagtail.permission_policies import ModelPermissionPolicy

from .models.kits import ShareKit

#: Granted to groups in Settings › Groups ("Can view advocacy reports"); it opens the
#: reports, their Reports menu items and the KPI panel of the dashboard.
VIEW_REPORTS = "wagtail_advocacy.view_advocacy_reports"


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
