"""A plugin whose module ends the program when it is imported."""

raise SystemExit("this plugin refuses to load")
