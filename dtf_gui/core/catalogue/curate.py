"""Messages of the curate domain: code -> (English, Simplified Chinese). A data table."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- a journal record that cannot be read (the line is skipped and reported) --
    "curate.record_not_object": ("a journal record must be a JSON object", "日志记录必须是一个 JSON 对象"),
    "curate.record_b64_not_string": ("a _b64 field of a journal record must be a string",
                                     "日志记录的 _b64 字段必须是字符串"),
    "curate.record_bad_b64": ("a _b64 field of a journal record is not valid base64 ({detail})",
                              "日志记录的 _b64 字段不是有效的 base64（{detail}）"),
    "curate.record_b64_not_list": ("created_dirs_b64 of a journal record must be a list",
                                   "日志记录的 created_dirs_b64 必须是列表"),
    "curate.record_not_string": ("the field {field} of a journal record must be a string",
                                 "日志记录的字段 {field} 必须是字符串"),
    "curate.record_dirs_not_strings": ("created_dirs of a journal record must be a list of strings",
                                       "日志记录的 created_dirs 必须是字符串列表"),
    # -- the dataset folder ----------------------------------------------------------------------------------
    "curate.root_missing": (
        "Dataset folder {path} does not exist; open the dataset again.",
        "数据集文件夹 {path} 不存在；请重新打开数据集。"),
    "curate.root_not_folder": (
        "{path} is not a folder; pick the dataset folder that holds train/ and val/ (or the class folders).",
        "{path} 不是文件夹；请选择包含 train/ 和 val/（或各类别文件夹）的数据集文件夹。"),
    "curate.root_has_no_name": (
        "{path} has no folder name, so it cannot be curated as a dataset folder: the quarantine folder and the "
        "journal live next to the dataset folder (<name>.quarantine, <name>.curation.jsonl). Pick the folder "
        "that holds train/ and val/ (or the class folders).",
        "{path} 没有文件夹名，不能作为数据集文件夹整理：隔离区文件夹和日志放在数据集文件夹旁边"
        "（<名称>.quarantine、<名称>.curation.jsonl）。请选择包含 train/ 和 val/（或各类别文件夹）的文件夹。"),
    # -- the file to move ---------------------------------------------------------------------------------------
    "curate.file_missing": (
        "{path} does not exist (was it moved already?). Rescan the dataset.",
        "{path} 不存在（是否已被移走？）。请重新扫描数据集。"),
    "curate.not_regular_file": (
        "{path} is not a regular file (it is a folder, a symbolic link or a device); curation moves only image "
        "files, never what a link points to.",
        "{path} 不是普通文件（是文件夹、符号链接或设备）；整理只移动图像文件，从不移动链接指向的内容。"),
    "curate.outside_root": (
        "{path} is not inside the dataset folder {root}; only images of the dataset can be moved.",
        "{path} 不在数据集文件夹 {root} 内；只能移动该数据集中的图像。"),
    "curate.through_link": (
        "{path} lies in a folder that is a symbolic link to {real}, outside the dataset folder {root} and its "
        "quarantine folder; curation never moves files into or out of folders outside the dataset.",
        "{path} 所在的文件夹是指向 {real} 的符号链接，位于数据集文件夹 {root} 及其隔离区之外；"
        "整理从不把文件移入或移出数据集之外的文件夹。"),
    "curate.not_a_sample": (
        "{path} is not an image the scan uses (it is not inside a class folder of a split, or it is hidden or "
        "not an image file), so it has no class to change. Move it into a class folder by hand, or quarantine "
        "it.",
        "{path} 不是扫描会使用的图像（不在某个划分的类别文件夹内，或是隐藏文件、非图像文件），因此没有可更改的类别。"
        "请手动把它移入类别文件夹，或将其移到隔离区。"),
    "curate.already_in_class": (
        "{file} is already in class '{label}'; choose another class.",
        "{file} 已在类别“{label}”中；请选择其他类别。"),
    # -- the class to move to -------------------------------------------------------------------------------------
    "curate.bad_label": (
        "'{label}' cannot be a class folder name; use a plain name such as 'cat' (no slashes, no ':' or '*').",
        "“{label}”不能作为类别文件夹名；请使用简单的名称，例如 “cat”（不含斜杠、“:”或“*”）。"),
    "curate.hidden_label": (
        "'{label}' starts with '.', so the scan would not see it as a class (hidden folders are skipped); use a "
        "name without the leading dot.",
        "“{label}”以“.”开头，扫描会把它当作隐藏文件夹跳过，不会视为类别；请使用不以点开头的名称。"),
    "curate.junk_label": (
        "'{label}' is a folder name that operating systems use for their own files, so the scan skips it; "
        "choose another class name.",
        "“{label}”是操作系统存放自身文件所用的文件夹名，扫描会跳过它；请选择其他类别名称。"),
    "curate.split_label": (
        "'{label}' is the name of a dataset split (train, val, test); as a class folder in {folder} it would "
        "change how the whole dataset is read. Choose another class name.",
        "“{label}”是数据集划分的名称（train、val、test）；作为 {folder} 中的类别文件夹，它会改变整个数据集的读取方式。"
        "请选择其他类别名称。"),
    # -- moving ---------------------------------------------------------------------------------------------------
    "curate.no_free_name": (
        "Could not find a free file name next to {path}.",
        "无法在 {path} 旁边找到可用的文件名。"),
    "curate.move_failed": (
        "Could not move {src} to {dst}: {reason}. Check that the folder is writable.",
        "无法把 {src} 移动到 {dst}：{reason}。请检查文件夹是否可写。"),
    "curate.copy_mismatch": (
        "The copy of {src} to {dst} does not match the original; nothing was moved and the original is "
        "untouched. Check the disk, then try again.",
        "{src} 复制到 {dst} 的副本与原文件不一致；没有移动任何文件，原文件未被改动。请检查磁盘后重试。"),
    "curate.copy_unlink_failed": (
        "{src} was copied to {dst} but could not be removed ({reason}); both copies exist now. Remove the "
        "original by hand.",
        "{src} 已复制到 {dst}，但无法删除原文件（{reason}）；现在两份副本都存在。请手动删除原文件。"),
    # -- undo -----------------------------------------------------------------------------------------------------
    "curate.undo_not_move": (
        "Only a move can be undone; to redo it, move the file again.",
        "只能撤销移动操作；如需重做，请再次移动该文件。"),
    "curate.undo_gone": (
        "Cannot undo the move of {file}: {path} is no longer there. Look for it in {quarantine} or in the "
        "class folders.",
        "无法撤销 {file} 的移动：{path} 已不在原处。请在 {quarantine} 或各类别文件夹中查找。"),
    "curate.undo_changed": (
        "Cannot undo the move of {file}: {path} was changed since it was moved. Move it back by hand if you "
        "still want to.",
        "无法撤销 {file} 的移动：{path} 在移动后被修改过。如仍需恢复，请手动移回。"),
    "curate.undo_never_moved": (
        "Cannot undo the move of {file}: it never happened (the file is still at {path}); there is nothing "
        "to undo.",
        "无法撤销 {file} 的移动：该移动从未完成（文件仍在 {path}）；没有可撤销的内容。"),
    "curate.record_refused": (
        "Refused journal record {id}: {path} is outside the dataset folder {root} and its quarantine folder "
        "{quarantine} (or is reached through a symbolic link out of them). The journal {journal} may have been "
        "edited by hand; nothing was moved.",
        "已拒绝日志记录 {id}：{path} 位于数据集文件夹 {root} 及其隔离区 {quarantine} 之外（或经由符号链接指向其外）。"
        "日志 {journal} 可能被手动修改过；没有移动任何文件。"),
    # -- the journal ----------------------------------------------------------------------------------------------
    "curate.journal_write_failed": (
        "Could not write the journal {path} ({reason}); nothing was moved. Check that the folder next to the "
        "dataset is writable.",
        "无法写入日志 {path}（{reason}）；没有移动任何文件。请检查数据集旁边的文件夹是否可写。"),
    "curate.journal_unreadable": (
        "Cannot read the journal {path} ({reason}); check its permissions.",
        "无法读取日志 {path}（{reason}）；请检查其权限。"),
    "curate.journal_broken_lines": (
        "The journal {path} has line(s) that cannot be read: {lines}. They were skipped; the other records "
        "are listed (a crash while writing can cut a line short).",
        "日志 {path} 中有无法读取的行：{lines}。这些行已被跳过，其余记录照常列出（写入时崩溃可能导致某行不完整）。"),
    "curate.rollback_failed": (
        "{src} was moved to {dst}, but the journal could not record it and moving it back failed too "
        "({reason}). Move it back by hand.",
        "{src} 已移动到 {dst}，但日志无法记录此次移动，移回也失败了（{reason}）。请手动移回。"),
    # -- the command line -----------------------------------------------------------------------------------------
    "curate.nothing_to_undo": (
        "Nothing to undo: {path} lists no move that is not undone yet.",
        "没有可撤销的操作：{path} 中没有尚未撤销的移动。"),
    "curate.no_such_move": (
        "No move '{key}' to undo. `dtf curate {root}` lists the moves that can be undone.",
        "没有可撤销的移动“{key}”。`dtf curate {root}` 会列出可撤销的移动。"),
    "curate.move_already_undone": (
        "No move '{key}' to undo (it was undone already). `dtf curate {root}` lists the moves that can be "
        "undone.",
        "没有可撤销的移动“{key}”（已撤销过）。`dtf curate {root}` 会列出可撤销的移动。"),
    "curate.ambiguous_id": (
        "'{key}' matches {n} moves; give more of the id.",
        "“{key}”匹配到 {n} 个移动；请输入更长的编号。"),
    "curate.no_moves": (
        "No moves to undo in {path}.",
        "{path} 中没有可撤销的移动。"),
    "curate.rescan_hint": (
        "Rescan before training: dtf scan {root}",
        "训练前请重新扫描：dtf scan {root}"),
}
