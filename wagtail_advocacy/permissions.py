"""Who may read the programme's figures."""

#: Granted to groups in Settings › Groups ("Can view advocacy reports"); it opens the
#: reports, their Reports menu items and the KPI panel of the dashboard.
VIEW_REPORTS = "wagtail_advocacy.view_advocacy_reports"


def can_view_reports(user) -> bool:
    """Whether ``user`` may see the advocacy reports and KPI panel (superusers always may)."""
    return user.is_active and user.has_perm(VIEW_REPORTS)
