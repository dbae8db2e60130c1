"""One panel (or part of one) per module; widgets draw AppState and call core use cases through jobs."""
