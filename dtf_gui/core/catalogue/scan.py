"""Messages of the scan domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "scan.system_root": (
        "{path} is not a dataset folder: it is the top of the file system or a system folder ({real}), and "
        "scanning it would walk the whole disk or the system's virtual files. Pick the folder that holds the "
        "class folders (or train/ and val/).",
        "{path} 不是数据集文件夹：它是文件系统的顶层或系统文件夹（{real}），扫描它会遍历整个磁盘或系统的虚拟文件。"
        "请选择包含各类别文件夹（或 train/ 和 val/）的文件夹。"),
    "scan.system_folder": (
        "{path} leads to {real}, the top of the file system or a system folder; it was not followed.",
        "{path} 指向 {real}，即文件系统的顶层或系统文件夹；未进入该文件夹。"),
}
