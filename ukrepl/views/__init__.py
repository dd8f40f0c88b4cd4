"""Views: widgets and their text/HTML renderings of what the decoders return (they fetch nothing;
each panel is given a `load` callable)."""
