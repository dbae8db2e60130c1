"""`dtf train CONFIG [--set key=value ...] [--resume RUN_DIR]`: train from the command line.

Progress goes to standard error; the run directory is the last line on standard output, so scripts can
do ``run=$(dtf train run.json | tail -n 1)``. Ctrl-C stops cleanly after the current batch and leaves a
checkpoint (``--resume`` continues); a second Ctrl-C aborts at once. Works under
``torchrun --nproc-per-node N -m dtf_gui.cli train CONFIG`` (only rank 0 prints and writes).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from dtf_gui.core.cancel import StopToken, Throttle
from dtf_gui.core.config import RunConfig, parse_overrides
from dtf_gui.core.errors import ConfigError
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.training.callbacks import BaseCallbacks
from dtf_gui.core.training.events import BatchEnded, EpochEnded, RunEnded, RunStarted

EXIT_STOPPED = 130


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "train",
        help="train a classifier as a run configuration says (see `dtf config`)",
        description="Train as CONFIG says and write a run directory (config, metrics.csv, batches.csv, "
                    "checkpoints). Prints the run directory as the last line. Ctrl-C stops after the "
                    "current batch with a checkpoint; --resume RUN_DIR continues a stopped, crashed or "
                    "killed run.",
    )
    p.add_argument("config", nargs="?", metavar="CONFIG",
                   help="run configuration JSON (optional with --resume: the run's own config.json is used)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field by its dotted key, e.g. --set train.epochs=5 (repeatable)")
    p.add_argument("--workspace", metavar="DIR",
                   help="create the run in this folder (sets runs_dir; `dtf runs --workspace DIR` lists it)")
    p.add_argument("--resume", metavar="RUN_DIR", help="continue this run directory from checkpoints/last.pt")
    p.add_argument("--allow-download", action="store_true",
                   help="download ImageNet weights missing from this machine (30-second timeout): "
                        "sets model.allow_download")
    p.add_argument("--no-tensorboard", action="store_true",
                   help="write no TensorBoard event files into the run's tb/ folder: sets train.tensorboard=false")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, only epoch lines")
    p.set_defaults(func=run)


def _fmt_time(seconds: float) -> str:
    seconds = max(0, int(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class ProgressPrinter(BaseCallbacks):
    """A one-line progress bar on a terminal (``\\r``), plain periodic lines in logs."""

    def __init__(self, stream: TextIO | None = None, *, bar: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.quiet = not bar
        self.tty = bar and bool(getattr(self.stream, "isatty", lambda: False)())
        self.line_open = False
        self.throttle = Throttle(0.2 if self.tty else 10.0)
        self.regression = False  # set by the first regression epoch: the end line says R²

    def _print(self, text: str) -> None:
        if self.line_open:
            self.stream.write("\r\033[K")
            self.line_open = False
        # messages quote paths and class names: an escape code in one is shown (\x1b), never sent raw
        self.stream.write("\n".join(display_name(line) for line in text.split("\n")) + "\n")
        self.stream.flush()

    def on_run_start(self, e: RunStarted) -> None:
        extra = [e.precision] + (["channels_last"] if e.channels_last else [])
        if e.feature_cache:
            extra.append(render(msg("cli.train.feature_cache")))
        if e.world_size > 1:
            extra.append(render(msg("cli.train.processes", n=e.world_size)))
        self._print(render(msg("cli.train.start_resumed" if e.start_epoch else "cli.train.start", arch=e.arch,
                               device=e.device, extra=", ".join(extra), n=len(e.classes), epochs=e.epochs,
                               batches=e.batches_per_epoch, trainable=e.trainable_params, total=e.total_params,
                               start=e.start_epoch, run_dir=e.run_dir)))

    def on_batch_end(self, e: BatchEnded) -> None:
        if self.quiet:
            return
        if not self.throttle.ready(final=e.batch >= e.batches):
            return
        text = render(msg("cli.train.batch", epoch=e.epoch, epochs=e.epochs, batch=e.batch, batches=e.batches,
                          loss=e.loss, lr=e.lr, speed=e.images_per_s, eta=_fmt_time(e.eta_s)))
        if e.gpu_mem_mb:
            text += f" {e.gpu_mem_mb:.0f} MB"
        if self.tty:
            width = 20
            filled = int(width * e.batch / max(e.batches, 1))
            self.stream.write(f"\r\033[K[{'#' * filled}{'.' * (width - filled)}] {text}")
            self.stream.flush()
            self.line_open = True
        else:
            self._print(text)

    def on_epoch_end(self, e: EpochEnded) -> None:
        best = render(msg("cli.train.best")) if e.is_best else ""
        if "val_r2" in e.extras:  # a regression run: R² in the accuracy's place, and the errors in target units
            self.regression = True
            self._print(render(msg("regression.epoch", epoch=e.epoch, epochs=e.epochs, train_loss=e.train_loss,
                                   val_loss=e.val_loss, r2=e.val_acc, mae=e.extras["val_mae"],
                                   rmse=e.extras["val_rmse"], lr=e.lr, seconds=e.seconds)) + best)
            return
        ema = "" if e.ema_val_acc is None else render(msg("cli.train.epoch_ema", acc=e.ema_val_acc,
                                                           weights=e.weights or "raw"))
        self._print(render(msg("cli.train.epoch", epoch=e.epoch, epochs=e.epochs, train_loss=e.train_loss,
                               val_loss=e.val_loss, val_acc=e.val_acc, lr=e.lr, seconds=e.seconds)) + ema + best)

    def on_message(self, text: Message | str) -> None:
        self._print(render(text))

    def on_run_end(self, e: RunEnded) -> None:
        status = msg(f"cli.train.status.{e.status}") if e.status in (
            "completed", "stopped", "early_stopped", "failed") else e.status
        text = msg("cli.train.end_best" if e.best_epoch else "cli.train.end", status=status, n=e.epochs_done,
                   acc=e.best_val_acc, best=e.best_epoch)
        if self.regression and e.best_epoch:
            text = msg("regression.end_best", status=status, n=e.epochs_done, r2=e.best_val_acc, best=e.best_epoch)
        line = msg("cli.train.end_message", text=text, message=e.message) if e.message else msg(
            "cli.train.end_plain", text=text)
        self._print(render(line))
        if e.status == "stopped":
            self._print(render(msg("cli.train.resume_hint", run_dir=e.run_dir)))


class _SigintHandler:
    """First Ctrl-C: ask the engine to stop after this batch. Second: abort (KeyboardInterrupt)."""

    def __init__(self, stop: StopToken, stream: TextIO) -> None:
        self.stop = stop
        self.stream = stream
        self.previous: Any = None

    def __enter__(self) -> _SigintHandler:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def _handle(self, signum: int, frame: Any) -> None:
        if self.stop.stop_requested:
            raise KeyboardInterrupt
        self.stop.stop()
        self.stream.write("\n" + render(msg("cli.train.stopping")) + "\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.training import distributed  # lazy: no torch in `dtf --help`
    from dtf_gui.core.training.engine import train  # lazy: no torch in `dtf --help`

    overrides = parse_overrides(args.set)
    if args.allow_download:
        overrides["model.allow_download"] = "true"
    if args.workspace:
        overrides["runs_dir"] = args.workspace
    if args.no_tensorboard:
        overrides["train.tensorboard"] = "false"
    resume = Path(args.resume) if args.resume else None
    if resume is not None:
        saved = resume / "config.json"
        if not saved.is_file():
            raise ConfigError(f"--resume {resume}: no config.json there; is it a run directory written by "
                              "`dtf train`?")
        if args.config:
            print(f"dtf train: resuming uses {saved}; CONFIG {args.config} is ignored "
                  "(change settings with --set).", file=sys.stderr)
        config = RunConfig.load(saved)
    elif args.config:
        config = RunConfig.load(args.config)
    else:
        raise ConfigError("dtf train needs a run configuration: `dtf config > run.json` writes one, "
                          "then `dtf train run.json`. Or continue a run with --resume RUN_DIR.")
    if overrides:
        config = config.with_overrides(overrides)
    rank, _, _ = distributed.env_world()
    stop = StopToken()
    callbacks = ProgressPrinter(sys.stderr, bar=not args.quiet) if rank == 0 else None
    with _SigintHandler(stop, sys.stderr):
        result = train(config, callbacks=callbacks, stop=stop, resume=resume)
    if rank == 0:
        print(result.run_dir, flush=True)
    return EXIT_STOPPED if result.status == "stopped" else 0
