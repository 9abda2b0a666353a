"""Admin screens that are not model lists: a page's share kit form (``kits``), the content
calendar (``calendar``) and the reports (``reports``). Model lists are in ``modeladmin``."""
