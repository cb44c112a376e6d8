"""Small helpers for writing SVG markup safely: every attribute value is escaped."""

from django.utils.html import escape


def attrs(**values) -> str:
    """Render keyword arguments as XML attributes; class_ becomes class, a_b becomes a-b."""
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in values.items()
        if value is not None
    )


def element(name: str, content: str = "", **values) -> str:
    """One element; ``content`` must already be markup (escape text yourself)."""
    if not content:
        return f"<{name}{attrs(**values)}/>"
    return f"<{name}{attrs(**values)}>{content}</{name}>"


def titled(text: str) -> str:
    """A <title> child: the tooltip and accessible name of its parent."""
    return f"<title>{escape(text)}</title>"


def svg_root(view_box: str, dom_id: str, class_: str) -> str:
    """The opening <svg> tag, labelled by the <title> and <desc> that must follow.

    The pictures hold links, so the root is a labelled group: an "img" role would
    hide its children from assistive technology (axe: nested-interactive).
    """
    return (
        "<svg"
        + attrs(
            xmlns="http://www.w3.org/2000/svg",
            viewBox=view_box,
            role="group",
            aria_labelledby=f"{dom_id}-title {dom_id}-desc",
            class_=class_,
        )
        + ">"
    )


def title_and_description(dom_id: str, title: str, description: str) -> str:
    return (
        f'<title id="{dom_id}-title">{escape(title)}</title>'
        f'<desc id="{dom_id}-desc">{escape(description)}</desc>'
    )
