"""Training: the engine (``engine.train``) and its parts -- staging, schedule, loop, meter, device, features, DDP."""
