"""Non-widget QObjects that own a long job's lifetime (STYLE §17: a controller owns training, not a panel)."""
