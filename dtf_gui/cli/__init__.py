"""The `dtf` command line: one thin ``cmd_<name>.py`` per sub-command over the core's use cases."""
