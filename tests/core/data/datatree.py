"""Helpers that build small dataset trees with Pillow: one with every case the scan must report."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image


def noise(seed: int, w: int = 20, h: int = 18, channels: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shape = (h, w, channels) if channels > 1 else (h, w)
    return rng.integers(0, 256, shape, dtype=np.uint8)


def png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG whose header claims ``width``×``height`` (no pixel data): a decompression bomb stand-in."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))


def build_health_tree(root: Path) -> dict[str, Path]:
    """Write the tree; return the interesting paths by a short name."""
    p: dict[str, Path] = {}
    cat, dog, bird = root / "train" / "cat", root / "train" / "dog", root / "train" / "bird"
    for d in (cat, dog, bird, root / "train" / "empty", root / "val" / "cat", root / "val" / "dog",
              root / "val" / "fish"):
        d.mkdir(parents=True)

    def save(name: str, img: Image.Image, path: Path, **kw: object) -> Path:
        img.save(path, **kw)
        p[name] = path
        return path

    # --- usable RGB images in cat (8 usable in total, with the notes below)
    for i in range(3):
        save(f"ok{i}", Image.fromarray(noise(i)), cat / f"ok{i}.jpg", quality=90)
    save("dup_a", Image.fromarray(noise(10)), cat / "dup_a.png")
    p["dup_b"] = cat / "dup_b.png"
    p["dup_b"].write_bytes(p["dup_a"].read_bytes())
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    save("rotated", Image.fromarray(noise(11, w=24, h=18)), cat / "rotated.jpg", exif=exif.tobytes())
    red = Image.new("RGB", (20, 18), (255, 0, 0))
    blue = Image.new("RGB", (20, 18), (0, 0, 255))
    red.save(cat / "anim.gif", save_all=True, append_images=[blue], duration=100, loop=0)
    p["animated"] = cat / "anim.gif"
    save("tiny", Image.fromarray(noise(12, w=8, h=8)), cat / "tiny.png")

    # --- per-file errors (each excluded)
    p["zero"] = cat / "zero.jpg"
    p["zero"].write_bytes(b"")
    whole = p["ok0"].read_bytes()
    p["truncated"] = cat / "truncated.jpg"
    p["truncated"].write_bytes(whole[: len(whole) // 2])
    p["not_image"] = cat / "not_image.png"
    p["not_image"].write_text("this is not a picture\n")
    p["bomb"] = cat / "bomb.png"
    png_header_only(p["bomb"], 10_000, 9_000)  # 90 M pixels: above our limit, below Pillow's error limit
    p["bomb2"] = cat / "bomb2.png"
    png_header_only(p["bomb2"], 20_000, 20_000)  # Pillow itself refuses this one
    p["broken_link"] = cat / "broken.jpg"
    os.symlink(cat / "does_not_exist.jpg", p["broken_link"])
    save("float", Image.fromarray(np.linspace(0, 1, 360, dtype=np.float32).reshape(18, 20)), cat / "float.tif")

    # --- not indexed, but listed
    p["txt"] = cat / "notes.txt"
    p["txt"].write_text("labels by hand")
    p["no_ext"] = cat / "README"
    p["no_ext"].write_text("no extension")
    p["loose"] = root / "README.md"
    p["loose"].write_text("about this dataset")

    # --- junk, ignored silently
    (cat / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (cat / "._ok0.jpg").write_bytes(b"\0\5\26\7AppleDouble")
    (cat / "Thumbs.db").write_bytes(b"thumbs")
    (cat / ".ipynb_checkpoints").mkdir()
    Image.fromarray(noise(13)).save(cat / ".ipynb_checkpoints" / "hidden.png")
    (root / "train" / "__MACOSX").mkdir()
    Image.fromarray(noise(14)).save(root / "train" / "__MACOSX" / "junk.png")

    # --- a directory symlink loop
    p["loop"] = cat / "loop"
    os.symlink(cat, p["loop"], target_is_directory=True)

    # --- every PIL mode in dog (9 usable)
    save("mode_1", Image.fromarray(noise(20, channels=1) > 127), dog / "bw.png")
    save("mode_L", Image.fromarray(noise(21, channels=1)), dog / "gray.png")
    la = Image.fromarray(np.dstack([noise(22, channels=1), np.full((18, 20), 128, np.uint8)]), "LA")
    save("mode_LA", la, dog / "gray_alpha.png")
    pal = Image.fromarray(noise(23, channels=1)).convert("P")
    save("mode_P", pal, dog / "palette.png", transparency=0)
    rgba = np.dstack([noise(24), np.zeros((18, 20), np.uint8)])
    rgba[0, 0, 3] = 255
    save("mode_RGBA", Image.fromarray(rgba, "RGBA"), dog / "rgba.png")
    save("mode_CMYK", Image.fromarray(noise(25, channels=4), "CMYK"), dog / "cmyk.jpg")
    i16 = np.full((18, 20), 32768, np.uint16)
    i16[0, 0] = 65535
    save("mode_I16", Image.fromarray(i16), dog / "deep.png")
    i32 = np.full((18, 20), 1000, np.int32)
    save("mode_I", Image.fromarray(i32), dog / "int.tif")
    save("leak_train", Image.fromarray(noise(26)), dog / "leak.png")

    # --- a class with one image (imbalance 9:1) that has no val images (missing_in_val)
    save("bird", Image.fromarray(noise(30)), bird / "bird.png")

    # --- val: leakage copy, one cat, an unknown class
    p["leak_val"] = root / "val" / "dog" / "leak.png"
    p["leak_val"].write_bytes(p["leak_train"].read_bytes())
    save("val_cat", Image.fromarray(noise(40)), root / "val" / "cat" / "c.png")
    save("fish", Image.fromarray(noise(41)), root / "val" / "fish" / "f.png")
    return p


def make_classes(root: Path, counts: dict[str, int], seed: int = 100) -> None:
    """``root/<class>/<i>.png`` with distinct content."""
    for k, (cls, n) in enumerate(counts.items()):
        (root / cls).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            Image.fromarray(noise(seed + 1000 * k + i, w=6, h=6)).save(root / cls / f"{i:03d}.png")
