"""Messages shared by every domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "common.error_prefix": ("dtf {command}: error: {error}", "dtf {command}：错误：{error}"),
    "common.interrupted": ("dtf {command}: interrupted", "dtf {command}：已中断"),
    "common.not_a_regular_file": (
        "{path} is a {kind}, not a regular file; give the path of a {what} file.",
        "{path} 是{kind}，不是普通文件；请给出一个{what}文件的路径。"),
    "common.file_too_large": (
        "{path} is {size} bytes, more than the {limit} bytes a {what} file may have; check that this is the "
        "right file.",
        "{path} 有 {size} 字节，超过{what}文件允许的 {limit} 字节；请确认文件是否选对。"),
    "common.kind_fifo": ("named pipe (FIFO)", "命名管道（FIFO）"),
    "common.kind_device": ("device file", "设备文件"),
    "common.kind_socket": ("socket", "套接字"),
    "common.kind_folder": ("folder", "文件夹"),
    "common.not_utf8": (
        "{path} is not UTF-8 text (byte {offset}); save the {what} file as UTF-8 and open it again.",
        "{path} 不是 UTF-8 文本（第 {offset} 字节）；请把{what}文件另存为 UTF-8 后重新打开。"),
    "common.bad_json": (
        "{path} is not valid JSON (line {line}, column {column}: {reason}); fix the {what} file or choose "
        "another.",
        "{path} 不是有效的 JSON（第 {line} 行第 {column} 列：{reason}）；请修正该{what}文件或另选一个。"),
    "common.json_too_deep": (
        "{path} nests too deeply to be a {what} file; choose the right file.",
        "{path} 嵌套层数过多，不可能是{what}文件；请选择正确的文件。"),
    "common.kind_missing": ("missing file", "不存在的文件"),
    "common.no_space": (
        "No space left on {path}; free some space and try again (nothing was half-written).",
        "{path} 所在磁盘已满；请腾出空间后重试（没有写入任何不完整的文件）。"),
}
