from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "coassess.portal"
    label = "portal"
    verbose_name = "The person's and supporters' own view"

    def ready(self) -> None:
        """Tell staff pages which entries the person keeps from supporters:
        a tag and a link beside each entry (`assessments.marks`), and a panel
        on the person's page and each supporter's sharing page."""
        from coassess.assessments.marks import Marker, register_marker
        from coassess.people.registry import (
            Panel,
            register_panel,
            register_sharing_panel,
        )
        from coassess.portal import staff

        register_marker(
            Marker(
                name="private from supporters",
                tags=staff.private_tags,
                url_name="portal_staff:mark_private",
                link_text="Keep from supporters",
            )
        )
        panel = Panel("portal/staff/private_panel.jinja", staff.private_panel)
        register_panel(panel)
        register_sharing_panel(panel)
