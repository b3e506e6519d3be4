"""Plugin modules that misbehave on purpose, loaded by tests/test_plugin_manager.py through entry points."""
