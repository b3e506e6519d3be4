"""A plugin that prints when it is imported, and offers nothing."""

print("loaded, and loud about it")
