<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AppState</name>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="307" />
            <source>Add {0}</source>
            <translation>添加 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="316" />
            <source>Remove {0}</source>
            <translation>删除 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="327" />
            <source>Move {0}</source>
            <translation>移动 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="332" />
            <source>Edit {0}</source>
            <translation>编辑 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="346" />
            <source>Edit {0}.{1}</source>
            <translation>编辑 {0}.{1}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="351" />
            <source>Enable {0}</source>
            <translation>启用 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="351" />
            <source>Disable {0}</source>
            <translation>停用 {0}</translation>
        </message>
    </context>
    <context>
        <name>BatchCard</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/batch_stage.py" line="86" />
            <source>collated batch</source>
            <translation>合并后的批次</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/batch_stage.py" line="90" />
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/batch_stage.py" line="93" />
            <source>labels {0}; images {1}</source>
            <translation>标签 {0}；图像 {1}</translation>
        </message>
    </context>
    <context>
        <name>BatchStageBox</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/batch_stage.py" line="43" />
            <source>Batch stage (training only)</source>
            <translation>批次阶段（仅训练）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/batch_stage.py" line="44" />
            <source>MixUp and CutMix mix each batch of images and their labels after collation; validation never mixes.</source>
            <translation>MixUp 和 CutMix 在合并成批次后混合每批图像及其标签；验证时从不混合。</translation>
        </message>
    </context>
    <context>
        <name>CalibrationView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="150" />
            <source>Calibrate</source>
            <extracomment>(model path, data root, split, checkpoint) of what to calibrate: the Evaluate tab's choice</extracomment>
            <translation>校准</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="152" />
            <source>Fit a temperature on the val split so that the model's confidence matches how often it is right (the predicted classes do not change)</source>
            <translation>在验证集上拟合温度，使模型的置信度与其正确的频率相符（预测的类别不会改变）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="154" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="155" />
            <source>Unknown below</source>
            <translation>低于此值为未知</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="156" />
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="158" />
            <source>Predictions whose calibrated top probability is below this answer "unknown" (off: always answer)</source>
            <translation>校准后最高概率低于此值的预测回答“未知”（关闭：总是回答）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="159" />
            <source>Reliability (dashed: perfectly calibrated)</source>
            <translation>可靠性（虚线：完美校准）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="160" />
            <source>confidence</source>
            <translation>置信度</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="161" />
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="164" />
            <source>accuracy</source>
            <translation>准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="162" />
            <source>Accuracy and coverage of the threshold</source>
            <translation>阈值的准确率与覆盖率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="163" />
            <source>coverage (share of images answered)</source>
            <translation>覆盖率（得到回答的图像比例）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="167" />
            <source>Calibrate to see how far the model's confidence can be trusted.</source>
            <translation>校准后可查看模型的置信度有多可信。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="174" />
            <source>Save to bundle</source>
            <translation>保存到导出包</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="174" />
            <source>Save to run</source>
            <translation>保存到运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="176" />
            <source>Predict, the exported bundle and its predict.py then use this temperature and threshold</source>
            <translation>之后预测、导出包及其 predict.py 都会使用此温度和阈值</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="194" />
            <source>No model yet: train one, or choose a run or bundle folder.</source>
            <translation>还没有模型：请先训练一个，或选择运行文件夹或导出包文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="197" />
            <source>Choose the dataset folder to evaluate on.</source>
            <translation>请选择用于评估的数据集文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="201" />
            <source>Calibrating {0} on the {1} split of {2}…</source>
            <translation>正在 {2} 的 {1} 划分上校准 {0}…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="215" />
            <source>Calibration failed: {0}</source>
            <translation>校准失败：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="220" />
            <source>Calibration stopped.</source>
            <translation>校准已停止。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="233" />
            <source>T = {0:.3g}    ECE {1:.3f} → {2:.3f}    NLL {3:.3f} → {4:.3f}</source>
            <translation>T = {0:.3g}    ECE {1:.3f} → {2:.3f}    NLL {3:.3f} → {4:.3f}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="235" />
            <source>{0}: {1} images of the {2} split, accuracy {3:.1%}</source>
            <translation>{0}：{2} 划分的 {1} 张图像，准确率 {3:.1%}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="243" />
            <source>before (ECE {0:.3f})</source>
            <translation>校准前（ECE {0:.3f}）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="244" />
            <source>after (ECE {0:.3f})</source>
            <translation>校准后（ECE {0:.3f}）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="289" />
            <source>no image is answered at this threshold</source>
            <translation>在此阈值下没有图像得到回答</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="292" />
            <source>answers {0:.1%} of the images, {1:.1%} of them right; the rest is unknown</source>
            <translation>回答 {0:.1%} 的图像，其中 {1:.1%} 正确；其余为未知</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="306" />
            <source>The calibration could not be saved: {0}</source>
            <translation>无法保存校准：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/calibration_view.py" line="310" />
            <source>Calibration saved to {0}</source>
            <translation>校准已保存到 {0}</translation>
        </message>
    </context>
    <context>
        <name>CamOverlay</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/cam_overlay.py" line="36" />
            <source>Show what the model looks at</source>
            <extracomment>Images per background job: maps arrive a few at a time, and a newly asked-for image waits for at most this many.</extracomment>
            <translation>显示模型关注的区域</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/cam_overlay.py" line="37" />
            <source>Grad-CAM: colours the parts of the image that raised the score of the predicted class (red most), drawn on the image the model saw after its resize and crop.</source>
            <translation>Grad-CAM：为提高预测类别得分的图像区域着色（红色最强），绘制在模型经过缩放和裁剪后看到的图像上。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/cam_overlay.py" line="45" />
            <source>Grad-CAM of {0} (p = {1:.1%}) on the {2}×{3} image the model saw</source>
            <translation>{0} 的 Grad-CAM（p = {1:.1%}），绘制在模型看到的 {2}×{3} 图像上</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/cam_overlay.py" line="53" />
            <source>Grad-CAM: computing the map…</source>
            <translation>Grad-CAM：正在计算热力图…</translation>
        </message>
    </context>
    <context>
        <name>ClassCountCharts</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="62" />
            <source>Images per class — train</source>
            <translation>每类图像数 — 训练集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="63" />
            <source>Images per class — val</source>
            <translation>每类图像数 — 验证集</translation>
        </message>
    </context>
    <context>
        <name>ClassGrid</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/class_grid.py" line="116" />
            <source>Images</source>
            <translation>图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/class_grid.py" line="120" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/class_grid.py" line="121" />
            <source>val</source>
            <translation>验证</translation>
        </message>
    </context>
    <context>
        <name>CodeView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/code_view.py" line="42" />
            <source>Generated Python (torchvision.transforms.v2)</source>
            <translation>生成的 Python 代码（torchvision.transforms.v2）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/code_view.py" line="43" />
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/code_view.py" line="44" />
            <source>Copy the code to the clipboard</source>
            <translation>把代码复制到剪贴板</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/code_view.py" line="51" />
            <source>The pipeline cannot be turned into code yet:</source>
            <translation>流水线暂时无法生成代码：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/code_view.py" line="57" />
            <source>Code copied to the clipboard.</source>
            <translation>代码已复制到剪贴板。</translation>
        </message>
    </context>
    <context>
        <name>ComparePanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="164" />
            <source>Comparing {0} runs…</source>
            <extracomment>Okabe &amp; Ito's qualitative palette, reordered so that the first colours read well on white (yellow last) cell tints of the pipeline rows: a step removed / added / changed against the reference</extracomment>
            <translation>正在比较 {0} 个运行…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="170" />
            <source>Add a Run Folder to Compare</source>
            <translation>添加要比较的运行文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="194" />
            <source>Compare Runs</source>
            <translation>比较运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="198" />
            <source>{0} is chosen. Add at least one more run to compare.</source>
            <translation>已选择 {0}。请至少再添加一个运行进行比较。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="202" />
            <source>Choose {0} to {1} runs to compare them: their curves overlaid, the settings that differ and their final metrics side by side.</source>
            <translation>选择 {0} 到 {1} 个运行进行比较：叠加显示它们的曲线，并排列出不同的设置和最终指标。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="211" />
            <source>Comparing {0} runs (reference: {1})</source>
            <translation>比较 {0} 个运行（基准：{1}）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="264" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="264" />
            <source>The settings and pipelines are the same.</source>
            <translation>设置和流水线完全相同。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="292" />
            <source>Add Run Folder…</source>
            <translation>添加运行文件夹…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="293" />
            <source>Add one more run folder to the comparison</source>
            <translation>再添加一个运行文件夹进行比较</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="294" />
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="295" />
            <source>Settings that differ</source>
            <translation>不同的设置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="296" />
            <source>Final metrics</source>
            <translation>最终指标</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="297" />
            <source>Loss (solid: validation, dashed: training)</source>
            <translation>损失（实线：验证，虚线：训练）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="298" />
            <source>Validation accuracy</source>
            <translation>验证准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="299" />
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/compare_panel.py" line="301" />
            <source>epoch</source>
            <translation>轮次</translation>
        </message>
    </context>
    <context>
        <name>DataPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="203" />
            <source>Dataset folder:</source>
            <translation>数据集文件夹：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="204" />
            <source>Choose a folder, or drop one here</source>
            <translation>选择一个文件夹，或把文件夹拖到这里</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="205" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="206" />
            <source>Demo digits</source>
            <translation>示例数字</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="207" />
            <source>Open the small bundled digits dataset</source>
            <translation>打开自带的小型手写数字数据集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="208" />
            <source>Validation share:</source>
            <translation>验证集比例：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="322" />
            <source>For a folder without a val/ split: the share of each class held out for validation</source>
            <translation>对没有 val/ 子文件夹的数据集：每个类别留作验证的比例</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="217" />
            <source>Scan</source>
            <translation>扫描</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="209" />
            <source>Val folder:</source>
            <translation>验证集文件夹：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="210" />
            <source>Optional: the dataset's own val/ folder, or the validation share of train, is used</source>
            <translation>可选：不选时使用数据集自带的 val/ 文件夹，或从训练集中按验证比例划出</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="212" />
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="213" />
            <source>Use a folder of class folders kept elsewhere as the val split</source>
            <translation>把放在别处、按类别分子文件夹的文件夹用作验证集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="214" />
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="215" />
            <source>Stop using the chosen val folder</source>
            <translation>不再使用所选的验证集文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="218" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="219" />
            <source>Suspects…</source>
            <translation>可疑图像…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="220" />
            <source>Find images that are probably in the wrong class folder</source>
            <translation>查找可能放错类别文件夹的图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="221" />
            <source>Findings</source>
            <translation>检查结果</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="229" />
            <source>Choose a dataset folder</source>
            <translation>选择数据集文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="235" />
            <source>Choose a val folder (one sub-folder per class)</source>
            <translation>选择验证集文件夹（每个类别一个子文件夹）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="244" />
            <source>The demo dataset could not be created: {0}</source>
            <translation>无法创建示例数据集：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="320" />
            <source>Not used: a val folder is chosen</source>
            <translation>未使用：已选择验证集文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="321" />
            <source>Not used: the dataset has its own val/ folder</source>
            <translation>未使用：数据集自带 val/ 文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="353" />
            <source>No dataset scanned yet.</source>
            <translation>尚未扫描数据集。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="358" />
            <source>train/ and val/ folders</source>
            <translation>train/ 与 val/ 文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="359" />
            <source>one folder, no validation split</source>
            <translation>单个文件夹，没有验证集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="360" />
            <source>one folder, validation split generated</source>
            <translation>单个文件夹，已自动划分验证集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="361" />
            <source>training folder and a chosen val folder</source>
            <translation>训练文件夹加所选的验证集文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="363" />
            <source>{0} classes · {1} training and {2} validation images · layout: {3}</source>
            <translation>{0} 个类别 · {1} 张训练图像，{2} 张验证图像 · 结构：{3}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="366" />
            <source>&lt;b&gt;cannot train yet&lt;/b&gt;: see the findings below</source>
            <translation>&lt;b&gt;暂时无法训练&lt;/b&gt;：请查看下方的检查结果</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="368" />
            <source>ready to train ✓</source>
            <translation>可以开始训练 ✓</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="346" />
            <source>Scanning {0}…</source>
            <translation>正在扫描 {0}…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="348" />
            <source>The scan failed: {0}</source>
            <translation>扫描失败：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="350" />
            <source>Scan cancelled.</source>
            <translation>扫描已取消。</translation>
        </message>
    </context>
    <context>
        <name>DatasetStatsBox</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="62" />
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="104" />
            <source>Use dataset statistics</source>
            <translation>使用数据集统计量</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="63" />
            <source>Compute the per-channel mean and std of the train images after the steps before Normalize (random steps left out) and use them here</source>
            <translation>计算训练集图像经过 Normalize 之前的步骤（不含随机步骤）后各通道的均值和标准差，并在此使用</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="65" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="129" />
            <source>Open a dataset folder first: the statistics are computed from its train images.</source>
            <translation>请先打开数据集文件夹：统计量由其中的训练集图像计算。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="131" />
            <source>Computing the statistics of the train images…</source>
            <translation>正在计算训练集图像的统计量…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="133" />
            <source>The pipeline changed while the statistics were computed; select the Normalize step and try again.</source>
            <translation>计算统计量期间流水线有改动；请选中 Normalize 步骤后重试。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="136" />
            <source>Stopped; Normalize is unchanged.</source>
            <translation>已停止；Normalize 未改变。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="141" />
            <source>Set mean {0} and std {1} from {2} train images.</source>
            <translation>已根据 {2} 张训练集图像设置均值 {0}、标准差 {1}。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/dataset_stats.py" line="145" />
            <source>(from the cache: nothing changed since they were computed)</source>
            <translation>（来自缓存：计算之后没有任何改动）</translation>
        </message>
    </context>
    <context>
        <name>EmaBox</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="38" />
            <source>Weight averaging</source>
            <translation>权重平均</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="39" />
            <source>Average the weights (EMA)</source>
            <translation>对权重做平均（EMA）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="40" />
            <source>EMA decay:</source>
            <translation>EMA 衰减：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="40" />
            <source>EMA warm-up epochs:</source>
            <translation>EMA 预热轮次：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="41" />
            <source>Keep and export:</source>
            <translation>保留并导出：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="43" />
            <source>The better of raw and EMA</source>
            <translation>原始权重与 EMA 中较好者</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="43" />
            <source>EMA weights</source>
            <translation>EMA 权重</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="44" />
            <source>Raw weights</source>
            <translation>原始权重</translation>
        </message>
    </context>
    <context>
        <name>EmbeddingMapButton</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="534" />
            <source>Embedding map…</source>
            <translation>嵌入图…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="535" />
            <source>Every image as a point on a map of what a pretrained network sees, coloured by class; select points to look at and curate their images</source>
            <translation>把每张图像画成一个点，位置由预训练网络看到的特征决定，按类别着色；选中点即可查看并整理对应的图像</translation>
        </message>
    </context>
    <context>
        <name>EmbeddingMapView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="282" />
            <source>Drag on the map to select points: their images show here.</source>
            <translation>在图上拖动以选中点：对应的图像会显示在这里。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="314" />
            <source>Embedding map</source>
            <translation>嵌入图</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="315" />
            <source>Features:</source>
            <translation>特征：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="316" />
            <source>Map:</source>
            <translation>映射：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="317" />
            <source>Select:</source>
            <translation>选择：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="321" />
            <source>Pretrained {0} (ImageNet)</source>
            <translation>预训练的 {0}（ImageNet）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="322" />
            <source>The open run's model</source>
            <translation>当前打开的运行的模型</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="326" />
            <source>Auto (UMAP if installed, else PCA)</source>
            <translation>自动（已安装 UMAP 时用 UMAP，否则用 PCA）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="330" />
            <source>Mark the open run's mistakes</source>
            <translation>标出当前运行预测错误的图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="331" />
            <source>Compute</source>
            <translation>计算</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="332" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="333" />
            <source>Rectangle</source>
            <translation>矩形</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="334" />
            <source>Drag a rectangle over the map to select the points inside</source>
            <translation>在图上拖出一个矩形，选中其中的点</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="335" />
            <source>Lasso</source>
            <translation>套索</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="336" />
            <source>Draw around points with the mouse to select them</source>
            <translation>用鼠标圈出要选中的点</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="337" />
            <source>Show all</source>
            <translation>显示全部</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="346" />
            <source>mistakes of the run</source>
            <translation>运行的预测错误</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="346" />
            <source>suspected label errors</source>
            <translation>疑似标注错误</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="354" />
            <source>Evaluates {0} on the map's images and marks those it gets wrong</source>
            <translation>在图中的图像上评估 {0}，并标出它预测错误的图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="355" />
            <source>Open a run (Runs tab, or train one) first</source>
            <translation>请先打开一个运行（在“运行记录”页，或训练一个）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="364" />
            <source>Compute the map of the dataset's images.</source>
            <translation>请计算数据集图像的嵌入图。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="365" />
            <source>Choose a dataset folder in the Data tab first.</source>
            <translation>请先在“数据”页选择数据集文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="367" />
            <source>{0} images, {1} of {2} features</source>
            <translation>{0} 张图像，{2} 特征的 {1}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="369" />
            <source> · {0} mistakes</source>
            <translation> · {0} 个预测错误</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="371" />
            <source> · {0} suspects</source>
            <translation> · {0} 个疑似标注错误</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="373" />
            <source> · {0} unreadable files left out</source>
            <translation> · 已略过 {0} 个无法读取的文件</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="374" />
            <source> · {0} selected</source>
            <translation> · 已选中 {0} 个</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="376" />
            <source> · the dataset changed: Compute again to update the map</source>
            <translation> · 数据集已改变：请重新计算以更新嵌入图</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="385" />
            <source>class {0} · {1}</source>
            <translation>类别 {0} · {1}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="388" />
            <source>the run predicts {0} (p = {1:.2f})</source>
            <translation>运行预测为 {0}（p = {1:.2f}）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="390" />
            <source>suspected label error</source>
            <translation>疑似标注错误</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="439" />
            <source>Stopped.</source>
            <translation>已停止。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/embedding_map.py" line="446" />
            <source>Computing the map…</source>
            <translation>正在计算嵌入图…</translation>
        </message>
    </context>
    <context>
        <name>EnsembleMaker</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="45" />
            <source>Choose an empty folder for the ensemble</source>
            <translation>为集成选择一个空文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="56" />
            <source>Replace folder?</source>
            <translation>替换文件夹？</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="57" />
            <source>{0} holds an earlier bundle. Replace it with the ensemble?</source>
            <translation>{0} 中有一个先前的导出包。要用该集成替换它吗？</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="63" />
            <source>Making the ensemble of {0} runs…</source>
            <translation>正在生成 {0} 个运行的集成…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="71" />
            <source>Ensemble weights</source>
            <translation>集成权重</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="72" />
            <source>Weights of {0} (one per run, in this order; equal weights average the probabilities):</source>
            <translation>{0} 的权重（每个运行一个，按此顺序；权重相同即对概率取平均）：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="88" />
            <source>Ensemble written to {0}; the Evaluate tab can open it.</source>
            <translation>集成已写入 {0}；可在“评估”标签页中打开它。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="90" />
            <source>Ensemble written to {0}</source>
            <translation>集成已写入 {0}</translation>
        </message>
    </context>
    <context>
        <name>EvaluationPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="130" />
            <source>true {0}, predicted {1}: {2} image(s), {3:.1%} of {0}
Click to see them.</source>
            <translation>真实 {0}，预测 {1}：{2} 张图像，占 {0} 的 {3:.1%}
点击查看。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="142" />
            <source>predicted {0}</source>
            <translation>预测为 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="144" />
            <source>true {0}</source>
            <translation>真实为 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="354" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="355" />
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="356" />
            <source>dataset folder (defaults to the one open in the Data view)</source>
            <translation>数据集文件夹（默认为数据视图中打开的文件夹）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="357" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="358" />
            <source>Split</source>
            <translation>划分</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="359" />
            <source>val</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="360" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="361" />
            <source>all images</source>
            <translation>全部图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="362" />
            <source>'all images' evaluates every image of the folder, unsplit: choose it for a separate test folder of class folders</source>
            <translation>“全部图像”评估文件夹中的每张图像、不划分：用于单独的、按类别分子文件夹的测试集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="364" />
            <source>Checkpoint</source>
            <translation>检查点</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="365" />
            <source>best</source>
            <translation>最佳</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="366" />
            <source>last</source>
            <translation>最新</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="367" />
            <source>Evaluate</source>
            <translation>评估</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="368" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="369" />
            <source>Export report…</source>
            <translation>导出报告…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="370" />
            <source>metrics.json, per_class.csv, confusion_matrix.csv, predictions.csv and PNG images of the plots</source>
            <translation>metrics.json、per_class.csv、confusion_matrix.csv、predictions.csv 以及图表的 PNG 图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="373" />
            <source>Per class (click a header to sort)</source>
            <translation>各类别（点击表头排序）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="375" />
            <source>Confusion matrix (click a cell)</source>
            <translation>混淆矩阵（点击单元格）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="376" />
            <source>predicted →</source>
            <translation>预测 →</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="376" />
            <source>true</source>
            <translation>真实</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="377" />
            <source>Row-normalised</source>
            <translation>按行归一化</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="378" />
            <source>Show each row as rates (recall on the diagonal) instead of counts</source>
            <translation>按行显示比例（对角线即召回率），而不是计数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="382" />
            <source>Mistakes</source>
            <translation>错误样本</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="383" />
            <source>Training history</source>
            <translation>训练历史</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="384" />
            <source>Calibration</source>
            <translation>校准</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="388" />
            <source>Train a model (or open a run or bundle folder), then press Evaluate.</source>
            <translation>先训练一个模型（或打开运行或导出包文件夹），然后点击“评估”。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="418" />
            <source>Choose the dataset folder</source>
            <translation>选择数据集文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="439" />
            <source>No model yet: train one, or choose a run or bundle folder.</source>
            <translation>还没有模型：请先训练，或选择运行或导出包文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="442" />
            <source>Choose the dataset folder to evaluate on.</source>
            <translation>请选择要评估的数据集文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="445" />
            <source>Training is still running; evaluating its best checkpoint so far.</source>
            <translation>训练仍在进行；将评估目前为止的最佳检查点。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="448" />
            <source>Evaluating {0} on the {1} split of {2}…</source>
            <translation>正在 {2} 的 {1} 划分上评估 {0}…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="460" />
            <source>{0} / {1} images</source>
            <translation>{0} / {1} 张图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="467" />
            <source>Evaluation failed: {0}</source>
            <translation>评估失败：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="472" />
            <source>Evaluation stopped.</source>
            <translation>评估已停止。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="491" />
            <source>{0} ({1}, {2}) on the {3} split of {4}: {5} images in {6:.1f} s</source>
            <translation>{0}（{1}，{2}）在 {4} 的 {3} 划分上：{5} 张图像，用时 {6:.1f} 秒</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="498" />
            <source>Out of date: 1 image was moved since this evaluation. Press Evaluate to update the numbers.</source>
            <translation>已过期：此次评估之后有 1 张图像被移动。按“评估”更新这些数字。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="500" />
            <source>Out of date: {0} images were moved since this evaluation. Press Evaluate to update the numbers.</source>
            <translation>已过期：此次评估之后有 {0} 张图像被移动。按“评估”更新这些数字。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="563" />
            <source>Export the evaluation report into</source>
            <translation>将评估报告导出到</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="568" />
            <source>The report could not be written: {0}</source>
            <translation>无法写入报告：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="570" />
            <source>Evaluation report written to {0}</source>
            <translation>评估报告已写入 {0}</translation>
        </message>
    </context>
    <context>
        <name>ExportPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="156" />
            <source>Run folder (set automatically after training)</source>
            <translation>运行文件夹（训练后自动填写）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="157" />
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="158" />
            <source>Best epoch (highest validation accuracy)</source>
            <translation>最佳轮次（验证准确率最高）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="159" />
            <source>Last epoch</source>
            <translation>最后一轮</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="160" />
            <source>PyTorch state_dict (.pth)</source>
            <translation>PyTorch state_dict (.pth)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="160" />
            <source>safetensors</source>
            <translation>safetensors</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="161" />
            <source>TorchScript</source>
            <translation>TorchScript</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="161" />
            <source>ONNX</source>
            <translation>ONNX</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="164" />
            <source>train.py (plain PyTorch)</source>
            <translation>train.py（纯 PyTorch）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="165" />
            <source>The run as a standalone training script that needs only torch, torchvision and Pillow, with split.csv listing its train and val images.</source>
            <translation>将该运行写成独立的训练脚本，只需要 torch、torchvision 和 Pillow，并附带列出其训练和验证图像的 split.csv。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="169" />
            <source>Install the 'onnx' package to export ONNX.</source>
            <translation>安装 “onnx” 软件包后才能导出 ONNX。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="170" />
            <source>Folder the bundle is written into</source>
            <translation>导出包写入的文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="171" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="172" />
            <source>Weights:</source>
            <translation>权重：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="172" />
            <source>predict.py applies:</source>
            <translation>predict.py 采用：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="176" />
            <source>Run:</source>
            <translation>运行：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="176" />
            <source>Formats:</source>
            <translation>格式：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="176" />
            <source>Output folder:</source>
            <translation>输出文件夹：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="180" />
            <source>Export a trained model</source>
            <translation>导出训练好的模型</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="181" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="182" />
            <source>Open folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="220" />
            <source>Another run's bundle</source>
            <translation>另一个运行的导出包</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="221" />
            <source>{0} holds the bundle of another run ({1}). Write the bundle of {2} there instead?</source>
            <translation>{0} 中是另一个运行（{1}）的导出包。要改为在那里写入 {2} 的导出包吗？</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="227" />
            <source>Replace folder?</source>
            <translation>替换文件夹？</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="228" />
            <source>{0} is not empty. Replace its contents with the new bundle?</source>
            <translation>{0} 不是空的。要用新的导出包替换其内容吗？</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="245" />
            <source>Replace train.py?</source>
            <translation>替换 train.py？</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="246" />
            <source>{0} already holds train.py or split.csv. Replace them with this run's?</source>
            <translation>{0} 中已有 train.py 或 split.csv。要用该运行的文件替换它们吗？</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="252" />
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="280" />
            <source>Choose the run to export (train a model first, or pick a run folder).</source>
            <translation>请选择要导出的运行（先训练模型，或选择一个运行文件夹）。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="284" />
            <source>Choose the output folder for the bundle.</source>
            <translation>请为导出包选择输出文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="286" />
            <source>Tick at least one format to export.</source>
            <translation>请至少勾选一种导出格式。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="311" />
            <source>Choose a run folder</source>
            <translation>选择运行文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="316" />
            <source>Choose the output folder</source>
            <translation>选择输出文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="329" />
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="333" />
            <source>{0} written to {1}</source>
            <translation>{0} 已写入 {1}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="331" />
            <source>Bundle written to {0}</source>
            <translation>导出包已写入 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="338" />
            <source>Exported to {0}</source>
            <translation>已导出到 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="343" />
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="344" />
            <source>Export failed: {0}</source>
            <translation>导出失败：{0}</translation>
        </message>
    </context>
    <context>
        <name>FileActions</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="41" />
            <source>Open Pipeline</source>
            <translation>打开流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="52" />
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="63" />
            <source>Pipeline saved to {0}</source>
            <translation>流水线已保存到 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="56" />
            <source>Save Pipeline</source>
            <translation>保存流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="67" />
            <source>Open Run Config</source>
            <translation>打开运行配置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="74" />
            <source>Save Run Config</source>
            <translation>保存运行配置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="81" />
            <source>Run config saved to {0}</source>
            <translation>运行配置已保存到 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="93" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/file_actions.py" line="103" />
            <source>File error: {0}</source>
            <translation>文件错误：{0}</translation>
        </message>
    </context>
    <context>
        <name>FindingCuration</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="252" />
            <source>Quarantine {0}</source>
            <translation>隔离 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="253" />
            <source>Moved {0} image(s) to {1}; Undo puts them back.</source>
            <translation>已将 {0} 张图像移到 {1}；撤销可放回原处。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="254" />
            <source>quarantine</source>
            <translation>隔离区</translation>
        </message>
    </context>
    <context>
        <name>FindingsView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="147" />
            <source>No problems found.</source>
            <translation>未发现问题。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="153" />
            <source>Open Containing Folder</source>
            <translation>打开所在文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="156" />
            <source>Quarantine this file</source>
            <translation>隔离此文件</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="157" />
            <source>Move the file to the quarantine folder next to the dataset; nothing is deleted and Undo puts it back.</source>
            <translation>将文件移到数据集旁的隔离文件夹；不会删除任何文件，撤销可放回原处。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="163" />
            <source>Include again</source>
            <translation>重新包含</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="164" />
            <source>Train on class {0} again</source>
            <translation>重新训练类别 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="167" />
            <source>Exclude this class from training</source>
            <translation>将此类别排除在训练之外</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="168" />
            <source>Leave class {0} out of the class list; its files stay where they are</source>
            <translation>将类别 {0} 移出类别列表；其文件保持原位</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_report.py" line="200" />
            <source>cannot display</source>
            <translation>无法显示</translation>
        </message>
    </context>
    <context>
        <name>GalleryModel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="158" />
            <source>quarantine</source>
            <translation>隔离区</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="160" />
            <source>moved to {0}</source>
            <translation>已移到 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="163" />
            <source>{0} → {1}
p = {2:.2f}</source>
            <translation>{0} → {1}
p = {2:.2f}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="179" />
            <source>{0}
true: {1} (p = {2:.3f})
predicted: {3} (p = {4:.3f})
loss: {5:.3f}</source>
            <translation>{0}
真实：{1}（p = {2:.3f}）
预测：{3}（p = {4:.3f}）
损失：{5:.3f}</translation>
        </message>
    </context>
    <context>
        <name>GroupRow</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="105" />
            <source>⚠ Leak: the same picture in train and val (similarity {0})</source>
            <extracomment>Rows drawn at most (the biggest data sets can have thousands of groups; the findings list has them all). What "Compare" offers: (request settings, default threshold of the spin box).</extracomment>
            <translation>⚠ 泄漏：同一张图像同时在训练集和验证集中（相似度 {0}）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="107" />
            <source>⚠ Label conflict: the same picture as {0} (similarity {1})</source>
            <translation>⚠ 标签冲突：同一张图像被标为 {0}（相似度 {1}）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="110" />
            <source>Near-duplicates in {0} (similarity {1})</source>
            <translation>{0} 中的近似重复图像（相似度 {1}）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="112" />
            <source>Keep this one, quarantine the rest</source>
            <translation>保留这一张，隔离其余</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="113" />
            <source>Click the image to keep first; the others go to the quarantine folder next to the dataset (nothing is deleted).</source>
            <translation>先点击要保留的图像；其余图像移到数据集旁的隔离文件夹（不会删除任何文件）。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="115" />
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="116" />
            <source>Put every file of this group back where it was</source>
            <translation>把这一组的每个文件放回原处</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="118" />
            <source>{0} image(s) quarantined</source>
            <translation>已隔离 {0} 张图像</translation>
        </message>
    </context>
    <context>
        <name>HistoryView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="222" />
            <source>epoch</source>
            <translation>轮次</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="224" />
            <source>The training history of the run appears here.</source>
            <translation>运行的训练历史显示在这里。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="231" />
            <source>No training history: a bundle carries only its final metrics, and a run shows its metrics.csv here.</source>
            <translation>没有训练历史：导出包只带有最终指标；运行文件夹会在这里显示其 metrics.csv。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="235" />
            <source>train loss</source>
            <translation>训练损失</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="235" />
            <source>val loss</source>
            <translation>验证损失</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="236" />
            <source>val accuracy</source>
            <translation>验证准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="238" />
            <source>val R²</source>
            <translation>验证 R²</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="253" />
            <source>{0} epoch(s) in {1:.0f} s · best val R² {2:.4f} at epoch {3} · last epoch: train loss {4:.3f}, val loss {5:.3f}, val R² {6:.4f}</source>
            <translation>{0} 个轮次，用时 {1:.0f} 秒 · 最佳验证 R² {2:.4f}（第 {3} 轮）· 最后一轮：训练损失 {4:.3f}，验证损失 {5:.3f}，验证 R² {6:.4f}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="260" />
            <source>{0} epoch(s) in {1:.0f} s · best val accuracy {2:.1%} at epoch {3} · last epoch: train loss {4:.3f}, val loss {5:.3f}, val accuracy {6:.1%}</source>
            <translation>{0} 轮，用时 {1:.0f} 秒 · 最佳验证准确率 {2:.1%}（第 {3} 轮）· 最后一轮：训练损失 {4:.3f}，验证损失 {5:.3f}，验证准确率 {6:.1%}</translation>
        </message>
    </context>
    <context>
        <name>ImageDetailDialog</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="338" />
            <source>{0}: true {1} · predicted {2} (p = {3:.3f}) · loss {4:.3f}</source>
            <translation>{0}：真实 {1} · 预测 {2}（p = {3:.3f}）· 损失 {4:.3f}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="340" />
            <source>What the model saw: the val pipeline, step by step</source>
            <translation>模型看到的内容：验证流水线的每一步</translation>
        </message>
    </context>
    <context>
        <name>LintPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="43" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="44" />
            <source>val</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="46" />
            <source>{0}, step {1}</source>
            <translation>{0}，第 {1} 步</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="53" />
            <source>Fix</source>
            <translation>修复</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="110" />
            <source>Checks could not run: {0}</source>
            <translation>无法运行检查：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="112" />
            <source>Checks: no problems found ✓</source>
            <translation>检查：未发现问题 ✓</translation>
        </message>
        <message numerus="yes">
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="114" />
            <source>Checks: %n finding(s)</source>
            <translation>
                <numerusform>检查：发现 %n 个问题</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="126" />
            <source>Fix: {0}</source>
            <translation>修复：{0}</translation>
        </message>
    </context>
    <context>
        <name>LrFindDialog</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="122" />
            <source>Find learning rate</source>
            <translation>查找学习率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="124" />
            <source>Trains the current model for a few dozen batches while the learning rate grows from the start value to the end value, and suggests a learning rate where the loss falls fastest. Nothing is saved and the next training run is not changed by it.</source>
            <translation>在学习率从起始值逐渐增大到结束值的同时，用当前模型训练几十个批次，并建议一个损失下降最快处的学习率。不会保存任何内容，下一次训练运行也不会因此改变。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="127" />
            <source>Start learning rate:</source>
            <translation>起始学习率：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="128" />
            <source>End learning rate:</source>
            <translation>结束学习率：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="128" />
            <source>Steps:</source>
            <translation>步数：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="132" />
            <source>learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="133" />
            <source>loss (smoothed)</source>
            <translation>损失（平滑后）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="134" />
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="135" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="136" />
            <source>Apply</source>
            <translation>应用</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="137" />
            <source>Use the suggested learning rate in the training settings.</source>
            <translation>在训练设置中使用建议的学习率。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="138" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="183" />
            <source>Preparing the model and data…</source>
            <translation>正在准备模型和数据…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="187" />
            <source>Step {0} of {1}</source>
            <translation>第 {0}/{1} 步</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="203" />
            <source>Stopped; the model was left as it was.</source>
            <translation>已停止；模型保持原样。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_find_dialog.py" line="243" />
            <source>Not while a training run is in progress.</source>
            <translation>训练运行进行中时不可用。</translation>
        </message>
    </context>
    <context>
        <name>LrPreview</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_preview.py" line="86" />
            <source>epoch</source>
            <translation>轮次</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_preview.py" line="88" />
            <source>Learning rate over the run, from the engine's own scheduler; 'plateau' lowers it only when validation loss stops improving.</source>
            <translation>整个运行中的学习率，由训练引擎自己的调度器计算；“平台期降低”只在验证损失不再下降时才降低学习率。</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="217" />
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="217" />
            <source>Pipeline</source>
            <translation>流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="218" />
            <source>Training</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="220" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="219" />
            <source>Evaluate</source>
            <translation>评估</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="220" />
            <source>Predict</source>
            <translation>预测</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="221" />
            <source>Runs</source>
            <translation>运行记录</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="221" />
            <source>Compare</source>
            <translation>比较</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="222" />
            <source>Search</source>
            <translation>搜索</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="228" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="229" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="230" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="231" />
            <source>&amp;Run</source>
            <translation>运行(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="232" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="233" />
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="234" />
            <source>Recent Folders</source>
            <translation>最近的文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="235" />
            <source>Recent Pipelines</source>
            <translation>最近的流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="236" />
            <source>Recent Configs</source>
            <translation>最近的配置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="237" />
            <source>Open Dataset &amp;Folder…</source>
            <translation>打开数据集文件夹(&amp;F)…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="238" />
            <source>&amp;Open Pipeline…</source>
            <translation>打开流水线(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="239" />
            <source>&amp;Save Pipeline</source>
            <translation>保存流水线(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="240" />
            <source>Save Pipeline &amp;As…</source>
            <translation>流水线另存为(&amp;A)…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="241" />
            <source>Open Run &amp;Config…</source>
            <translation>打开运行配置(&amp;C)…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="242" />
            <source>Save Run Config As…</source>
            <translation>运行配置另存为…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="243" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="244" />
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="245" />
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="246" />
            <source>&amp;Start Training</source>
            <translation>开始训练(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="247" />
            <source>S&amp;top Training</source>
            <translation>停止训练(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="248" />
            <source>&amp;Resume Stopped Run</source>
            <translation>继续已停止的运行(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="249" />
            <source>Continue the stopped run from its last checkpoint</source>
            <translation>从最后一个检查点继续已停止的运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="251" />
            <source>&amp;About dtf_gui</source>
            <translation>关于 dtf_gui(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="252" />
            <source>System Default</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="256" />
            <source>Show {0}</source>
            <translation>显示{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="326" />
            <source>&amp;Continue Training</source>
            <translation>继续训练(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="326" />
            <source>&amp;Pause Training</source>
            <translation>暂停训练(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="334" />
            <source>Training finished. Next: the Evaluate tab (Ctrl+4) shows how well the model does.</source>
            <translation>训练已完成。下一步：“评估”页（Ctrl+4）显示模型的表现。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="336" />
            <source>The run stopped. Run &gt; Resume Stopped Run (Ctrl+F5) goes on from its last checkpoint.</source>
            <translation>运行已停止。“运行 &gt; 继续已停止的运行”（Ctrl+F5）会从最后一个检查点接着训练。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="338" />
            <source>Next: open a dataset folder (File &gt; Open Dataset Folder, Ctrl+Shift+D).</source>
            <translation>下一步：打开一个数据集文件夹（“文件 &gt; 打开数据集文件夹”，Ctrl+Shift+D）。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="340" />
            <source>Next: press Start (F5) to train a model on this dataset.</source>
            <translation>下一步：按“开始”（F5）在此数据集上训练模型。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="350" />
            <source>dtf_gui</source>
            <translation>dtf_gui</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="369" />
            <source>Dataset: {0}</source>
            <translation>数据集：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="369" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="373" />
            <source>({0} classes, {1} images)</source>
            <translation>（{0} 个类别，{1} 张图像）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="377" />
            <source>Run: {0}</source>
            <translation>运行：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="377" />
            <source>none yet</source>
            <translation>暂无</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="379" />
            <source>Device used when the run config says 'auto'</source>
            <translation>运行配置为 auto 时使用的设备</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="387" />
            <source>untitled pipeline</source>
            <translation>未命名流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="392" />
            <source>About dtf_gui</source>
            <translation>关于 dtf_gui</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="393" />
            <source>dtf_gui {0}
Point-and-click fine-tuning of image classifiers with PyTorch, showing the type of your data after every transform.</source>
            <translation>dtf_gui {0}
用鼠标点选完成 PyTorch 图像分类模型的微调，并显示每一步变换之后数据的类型。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="427" />
            <source>Training is running</source>
            <translation>训练正在进行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="428" />
            <source>Training is still running. Stop it and close the window?</source>
            <translation>训练仍在进行。要停止训练并关闭窗口吗？</translation>
        </message>
    </context>
    <context>
        <name>MetricCards</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="72" />
            <source>accuracy</source>
            <translation>准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="72" />
            <source>top-5 accuracy</source>
            <translation>top-5 准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="73" />
            <source>macro F1</source>
            <translation>宏平均 F1</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="73" />
            <source>macro precision / recall</source>
            <translation>宏平均精确率 / 召回率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="74" />
            <source>weighted F1</source>
            <translation>加权 F1</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="74" />
            <source>weighted precision / recall</source>
            <translation>加权精确率 / 召回率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="75" />
            <source>AUC</source>
            <translation>AUC</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="75" />
            <source>log loss</source>
            <translation>对数损失</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="75" />
            <source>images</source>
            <translation>图像数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="93" />
            <source>top-{0} accuracy</source>
            <translation>top-{0} 准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="100" />
            <source>AUC (macro, one-vs-rest)</source>
            <translation>AUC（宏平均，一对其余）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="101" />
            <source>AUC ({0} positive)</source>
            <translation>AUC（{0} 为正类）</translation>
        </message>
    </context>
    <context>
        <name>MistakesGallery</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="445" />
            <source>Highest loss first</source>
            <translation>损失最高优先</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="445" />
            <source>Most confident first</source>
            <translation>置信度最高优先</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="446" />
            <source>Least confident first</source>
            <translation>置信度最低优先</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="449" />
            <source>Sort:</source>
            <translation>排序：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="450" />
            <source>Top losses</source>
            <translation>最高损失</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="451" />
            <source>The images of the whole split with the highest loss</source>
            <translation>整个划分中损失最高的图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="452" />
            <source>Undo move</source>
            <translation>撤销移动</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="453" />
            <source>Redo move</source>
            <translation>重做移动</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="455" />
            <source>Double-click an image to see it large with its pipeline trace. Right-click to move it to another class or to the quarantine folder next to the dataset; nothing is deleted and every move can be undone.</source>
            <translation>双击图像可放大查看其流水线追踪。右键可将其移到其他类别，或移到数据集旁的隔离文件夹；不会删除任何文件，每次移动都可撤销。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="463" />
            <source>Click a cell of the confusion matrix to see its images.</source>
            <translation>点击混淆矩阵的单元格查看对应图像。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="469" />
            <source>Selected: {0} images</source>
            <translation>已选中：{0} 张图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="473" />
            <source>Top losses: {0} of {1} images</source>
            <translation>最高损失：{1} 张中的 {0} 张</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="475" />
            <source>{0} predicted correctly: {1} images</source>
            <translation>{0} 预测正确：{1} 张图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="477" />
            <source>True {0}, predicted {1}: {2} images</source>
            <translation>真实 {0}，预测 {1}：{2} 张图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="573" />
            <source>Move to class</source>
            <translation>移到类别</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="580" />
            <source>Move to quarantine</source>
            <translation>移到隔离区</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="583" />
            <source>Show large with pipeline trace</source>
            <translation>放大查看并显示流水线追踪</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="585" />
            <source>Copy path</source>
            <translation>复制路径</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="604" />
            <source>Move {0} image(s) to {1}</source>
            <translation>将 {0} 张图像移到 {1}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="608" />
            <source>Quarantine {0} image(s)</source>
            <translation>隔离 {0} 张图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="619" />
            <source>quarantine</source>
            <translation>隔离区</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="620" />
            <source>Moved {0} image(s) to {1}; Undo puts them back.</source>
            <translation>已将 {0} 张图像移到 {1}；撤销可放回原处。</translation>
        </message>
    </context>
    <context>
        <name>ModelSourcePicker</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/model_source.py" line="59" />
            <source>Current run</source>
            <translation>当前运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/model_source.py" line="60" />
            <source>Run or bundle folder:</source>
            <translation>运行或导出包文件夹：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/model_source.py" line="61" />
            <source>a run directory (dtf train) or an export bundle (dtf export)</source>
            <translation>运行文件夹（dtf train）或导出的导出包（dtf export）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/model_source.py" line="62" />
            <source>Open…</source>
            <translation>打开…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/model_source.py" line="88" />
            <source>Choose a run directory or a bundle folder</source>
            <translation>选择运行文件夹或导出包文件夹</translation>
        </message>
    </context>
    <context>
        <name>Palette</name>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="32" />
            <source>Geometry</source>
            <translation>几何变换</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="33" />
            <source>Color</source>
            <translation>颜色</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="34" />
            <source>Augmentation</source>
            <translation>数据增强</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="35" />
            <source>Type conversion</source>
            <translation>类型转换</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="36" />
            <source>Normalization</source>
            <translation>标准化</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="37" />
            <source>Cleaning</source>
            <translation>清洗</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="38" />
            <source>Batch stage (MixUp, CutMix)</source>
            <translation>批次阶段（MixUp、CutMix）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="77" />
            <source>random</source>
            <translation>随机</translation>
        </message>
    </context>
    <context>
        <name>ParallelPlot</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_plots.py" line="102" />
            <source>val acc</source>
            <translation>验证准确率</translation>
        </message>
    </context>
    <context>
        <name>ParamForm</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="282" />
            <source>No step selected</source>
            <translation>未选择步骤</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="283" />
            <source>Select a step in a pipeline to edit its parameters, or drag one from the palette.</source>
            <translation>在流水线中选择一个步骤来编辑参数，或从变换列表中拖入一个步骤。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="287" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="287" />
            <source>val</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="288" />
            <source>{0} — step {1} of the {2} pipeline</source>
            <translation>{0} — {2}流水线的第 {1} 步</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="296" />
            <source>Random step: use Re-roll in the preview to see other draws.</source>
            <translation>随机步骤：在预览中点击“重新抽取”查看其他随机结果。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="299" />
            <source>This step has no parameters.</source>
            <translation>此步骤没有参数。</translation>
        </message>
    </context>
    <context>
        <name>ParamRow</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="104" />
            <source>Unchecked: no value (null)</source>
            <translation>未勾选：不设置（null）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="111" />
            <source>224 or 224, 224 (height, width)</source>
            <translation>224 或 224, 224（高, 宽）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="113" />
            <source>a number or min, max</source>
            <translation>一个数，或 最小, 最大</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="115" />
            <source>numbers separated by commas</source>
            <translation>用逗号分隔的数字</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="223" />
            <source>{0}: {1}</source>
            <translation>{0}：{1}</translation>
        </message>
    </context>
    <context>
        <name>PerClassTable</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="126" />
            <source>class</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="126" />
            <source>precision</source>
            <translation>精确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="126" />
            <source>recall</source>
            <translation>召回率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="127" />
            <source>F1</source>
            <translation>F1</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="127" />
            <source>support</source>
            <translation>样本数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="127" />
            <source>AUC</source>
            <translation>AUC</translation>
        </message>
    </context>
    <context>
        <name>PipelineEditor</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="259" />
            <source>Transforms</source>
            <translation>变换</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="260" />
            <source>Search transforms…</source>
            <translation>搜索变换…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="261" />
            <source>Train pipeline</source>
            <translation>训练流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="262" />
            <source>Validation pipeline</source>
            <translation>验证流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="263" />
            <source>Drag transforms here; drag steps to reorder; Delete removes; the check box turns a step off.</source>
            <translation>把变换拖到这里；拖动步骤可调整顺序；按 Delete 键删除；取消勾选可停用某一步。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="265" />
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="266" />
            <source>Code</source>
            <translation>代码</translation>
        </message>
    </context>
    <context>
        <name>PredictPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="180" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="181" />
            <source>Pick images…</source>
            <translation>选择图像…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="182" />
            <source>Clear</source>
            <translation>清空</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="183" />
            <source>Drop images or folders here, or use Pick images…</source>
            <translation>将图像或文件夹拖到这里，或使用“选择图像…”</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="184" />
            <source>What the model saw: the val pipeline, step by step</source>
            <translation>模型看到的内容：验证流水线的每一步</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="185" />
            <source>probability</source>
            <translation>概率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="186" />
            <source>Top {0} classes</source>
            <translation>前 {0} 个类别</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="189" />
            <source>Predictions use the model's own val pipeline, like dtf predict.</source>
            <translation>预测使用模型自己的验证流水线，与 dtf predict 相同。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="211" />
            <source>Pick images to classify</source>
            <translation>选择要分类的图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="213" />
            <source>Images ({0})</source>
            <translation>图像 ({0})</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="222" />
            <source>No model yet: train one, or open a bundle or run folder.</source>
            <translation>还没有模型：请先训练，或打开导出包或运行文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="230" />
            <source>Predicting {0} image(s) with {1}…</source>
            <translation>正在用 {1} 预测 {0} 张图像…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="255" />
            <source>{0} ({1}, {2} classes)</source>
            <translation>{0}（{1}，{2} 个类别）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="270" />
            <source>{0}
⚠ cannot read</source>
            <translation>{0}
⚠ 无法读取</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="280" />
            <source>Prediction failed: {0}</source>
            <translation>预测失败：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="310" />
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="312" />
            <source>{0}: {1}</source>
            <translation>{0}：{1}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="314" />
            <source>{0}: {1} (the top class {2} has {3:.1%}, below the threshold {4:.1%})</source>
            <translation>{0}：{1}（最可能的类别 {2} 为 {3:.1%}，低于阈值 {4:.1%}）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/predict_panel.py" line="318" />
            <source>{0}: {1} ({2:.1%})</source>
            <translation>{0}：{1}（{2:.1%}）</translation>
        </message>
    </context>
    <context>
        <name>PreviewStrip</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="233" />
            <source>Random sample</source>
            <translation>随机样本</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="234" />
            <source>Preview another image from the dataset</source>
            <translation>预览数据集中的另一张图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="235" />
            <source>Re-roll</source>
            <translation>重新抽取</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="236" />
            <source>Draw new random parameters for the random steps</source>
            <translation>为随机步骤重新抽取随机参数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="237" />
            <source>Samples:</source>
            <translation>样本数：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="238" />
            <source>Rows of previews with different random draws</source>
            <translation>用不同随机结果显示多行预览</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="245" />
            <source>Preview (batch stage)</source>
            <translation>预览（批次阶段）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="247" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="247" />
            <source>val</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="248" />
            <source>Preview ({0} pipeline)</source>
            <translation>预览（{0}流水线）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="253" />
            <source>No sample selected: open a dataset, then click a thumbnail in the Data panel or press Random sample.</source>
            <translation>未选择样本：请先打开数据集，然后在“数据”面板中点击缩略图，或点击“随机样本”。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="270" />
            <source>Open a dataset first.</source>
            <translation>请先打开数据集。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="278" />
            <source>updating…</source>
            <translation>更新中…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="287" />
            <source>{0:.0f} ms</source>
            <translation>{0:.0f} 毫秒</translation>
        </message>
    </context>
    <context>
        <name>RegressionView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="87" />
            <source>Target:</source>
            <extracomment>rows of the largest-errors table (each with a thumbnail)</extracomment>
            <translation>目标：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="88" />
            <source>true value</source>
            <translation>真实值</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="89" />
            <source>predicted value</source>
            <translation>预测值</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="90" />
            <source>Predicted vs true (dashed: perfect)</source>
            <translation>预测值与真实值（虚线：完全准确）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="91" />
            <source>residual (predicted − true)</source>
            <translation>残差（预测值 − 真实值）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="92" />
            <source>images</source>
            <translation>图像数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="93" />
            <source>Residuals</source>
            <translation>残差</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="94" />
            <source>Largest errors</source>
            <translation>误差最大的图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="95" />
            <source>image</source>
            <translation>图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="95" />
            <source>true</source>
            <translation>真实值</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="95" />
            <source>predicted</source>
            <translation>预测值</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="96" />
            <source>error</source>
            <translation>误差</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/regression_view.py" line="160" />
            <source>{0}: R² {1} · MSE {2:.4g} · MAE {3:.4g} · RMSE {4:.4g} · {5} images</source>
            <translation>{0}：R² {1} · MSE {2:.4g} · MAE {3:.4g} · RMSE {4:.4g} · {5} 张图像</translation>
        </message>
    </context>
    <context>
        <name>RocView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="174" />
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="188" />
            <source>ROC curves (one-vs-rest)</source>
            <translation>ROC 曲线（一对其余）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="175" />
            <source>false positive rate</source>
            <translation>假阳性率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="176" />
            <source>true positive rate</source>
            <translation>真阳性率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/eval_views.py" line="187" />
            <source>ROC curve ({0} positive)</source>
            <translation>ROC 曲线（{0} 为正类）</translation>
        </message>
    </context>
    <context>
        <name>RunController</name>
        <message>
            <location filename="../../dtf_gui/qt/controllers/run_controller.py" line="110" />
            <source>Choose a dataset folder first (Data panel), then press Start.</source>
            <translation>请先在“数据”面板选择数据集文件夹，再按“开始”。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/controllers/run_controller.py" line="133" />
            <source>Cannot resume the run: {0}</source>
            <translation>无法继续该运行：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/controllers/run_controller.py" line="215" />
            <source>Training failed: {0}</source>
            <translation>训练失败：{0}</translation>
        </message>
    </context>
    <context>
        <name>RunProgressView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="112" />
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="231" />
            <source>%p% · batch %v of %m</source>
            <translation>%p% · 第 %v / %m 批</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="113" />
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="114" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="115" />
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="205" />
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="115" />
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="205" />
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="116" />
            <source>Train with these settings on the current dataset and pipeline</source>
            <translation>用这些设置在当前数据集和流水线上训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="117" />
            <source>Resume run</source>
            <translation>继续此运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="118" />
            <source>Continue the stopped run from its last checkpoint, with the settings it was started with</source>
            <translation>用开始时的设置，从最后一个检查点继续已停止的运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="131" />
            <source>Ready. Press Start (F5) to train.</source>
            <translation>就绪。按“开始”（F5）进行训练。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="143" />
            <source>Showing run {0}: 1 finished epoch.</source>
            <translation>正在显示运行 {0}：已完成 1 轮。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="144" />
            <source>Showing run {0}: {1} finished epochs.</source>
            <translation>正在显示运行 {0}：已完成 {1} 轮。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="155" />
            <source>Finished 1 epoch. Best validation accuracy {0:.1%}.</source>
            <translation>已完成 1 轮。最佳验证准确率 {0:.1%}。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="156" />
            <source>Finished {1} epochs. Best validation accuracy {0:.1%}.</source>
            <translation>已完成 {1} 轮。最佳验证准确率 {0:.1%}。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="158" />
            <source>Stopped early after 1 epoch (no improvement). Best validation accuracy {0:.1%}.</source>
            <translation>1 轮后提前停止（没有改进）。最佳验证准确率 {0:.1%}。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="160" />
            <source>Stopped early after {1} epochs (no improvement). Best validation accuracy {0:.1%}.</source>
            <translation>{1} 轮后提前停止（没有改进）。最佳验证准确率 {0:.1%}。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="162" />
            <source>Stopped in epoch 1, before any validation. Resume run goes on from where it stopped.</source>
            <translation>已在第 1 轮中停止，尚未进行任何验证。“继续此运行”会从停止处接着训练。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="163" />
            <source>The run ended in epoch 1, before any validation.</source>
            <translation>运行在第 1 轮中结束，尚未进行任何验证。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="165" />
            <source>Stopped by you after 1 epoch. Best validation accuracy {0:.1%}.</source>
            <translation>已按你的要求在 1 轮后停止。最佳验证准确率 {0:.1%}。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="166" />
            <source>Stopped by you after {1} epochs. Best validation accuracy {0:.1%}.</source>
            <translation>已按你的要求在 {1} 轮后停止。最佳验证准确率 {0:.1%}。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="168" />
            <source>The run ended after 1 epoch (best validation accuracy {0:.1%}).</source>
            <translation>运行在 1 轮后结束（最佳验证准确率 {0:.1%}）。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="169" />
            <source>The run ended after {1} epochs (best validation accuracy {0:.1%}).</source>
            <translation>运行在 {1} 轮后结束（最佳验证准确率 {0:.1%}）。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="133" />
            <source>Starting: loading data and building the model…</source>
            <translation>正在启动：加载数据并构建模型…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="135" />
            <source>Stopping after the current batch…</source>
            <translation>当前批次结束后停止…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="138" />
            <source>Training failed: {0}</source>
            <translation>训练失败：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="177" />
            <source>{0} on {1} · {2} classes · {3} of {4} parameters trainable · {5}</source>
            <translation>{0}，设备 {1} · {2} 个类别 · {3} / {4} 个参数可训练 · {5}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="245" />
            <source>Epoch {0}/{1} · batch {2}/{3} · {4:.0f} images/s · ETA {5} · loss {6:.4f}</source>
            <translation>第 {0}/{1} 轮 · 第 {2}/{3} 批 · {4:.0f} 张/秒 · 剩余 {5} · 损失 {6:.4f}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="248" />
            <source> · GPU {0:.0f} MB</source>
            <translation> · GPU {0:.0f} MB</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="250" />
            <source>Pausing after this batch… · </source>
            <translation>本批次结束后暂停… · </translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/run_progress.py" line="252" />
            <source>Paused · </source>
            <translation>已暂停 · </translation>
        </message>
    </context>
    <context>
        <name>RunsPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="177" />
            <source>Workspace:</source>
            <translation>工作区：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="178" />
            <source>Change…</source>
            <translation>更改…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="179" />
            <source>Choose the folder that holds your runs; new runs are created there too</source>
            <translation>选择存放运行的文件夹；新运行也会创建在那里</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="181" />
            <source>Search name, architecture, dataset, tags, note</source>
            <translation>搜索名称、架构、数据集、标签、备注</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="185" />
            <source>All statuses</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="190" />
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="191" />
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="192" />
            <source>Make this the current run: Evaluate and Export use it</source>
            <translation>设为当前运行：评估和导出将使用它</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="193" />
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="194" />
            <source>Continue a stopped or interrupted run from its last checkpoint</source>
            <translation>从最后一个检查点继续已停止或已中断的运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="195" />
            <source>Duplicate Settings</source>
            <translation>复制设置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="196" />
            <source>Use this run's settings, dataset and pipeline for a new run</source>
            <translation>将此运行的设置、数据集和流水线用于新的运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="197" />
            <source>Compare</source>
            <translation>比较</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="198" />
            <source>Compare 2 to 8 selected runs</source>
            <translation>比较选中的 2 到 8 个运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="199" />
            <source>Make Ensemble…</source>
            <translation>生成集成…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="200" />
            <source>Write one bundle that averages the predictions of the selected runs (2 or more, same classes)</source>
            <translation>写出一个导出包，对所选运行（2 个或更多、类别相同）的预测取平均</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="202" />
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="206" />
            <source>Move to Trash</source>
            <translation>移到回收站</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="203" />
            <source>Move the selected runs into the workspace's .trash folder; nothing is deleted</source>
            <translation>将选中的运行移到工作区的 .trash 文件夹；不会删除任何内容</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="205" />
            <source>Undo Trash</source>
            <translation>撤销移到回收站</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="221" />
            <source>Choose the workspace folder</source>
            <translation>选择工作区文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="327" />
            <source>Runs in this workspace: {0}</source>
            <translation>此工作区中的运行：{0} 个</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="328" />
            <source>No runs in this workspace yet: the Training tab's Start creates one.</source>
            <translation>此工作区中还没有运行：在“训练”选项卡中点击“开始”即可创建。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="335" />
            <source>Opened {0}: Evaluate and Export now use it.</source>
            <translation>已打开 {0}：评估和导出现在使用它。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="343" />
            <source>Cannot resume {0}: training is busy or the run has no checkpoint.</source>
            <translation>无法继续 {0}：正在训练，或该运行没有检查点。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="367" />
            <source>Settings of {0} copied: Start trains a new run with them.</source>
            <translation>已复制 {0} 的设置：点击“开始”将用它们训练新的运行。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="400" />
            <source>Moved to the trash: {0}. Undo Trash brings it back.</source>
            <translation>已移到回收站：{0}。“撤销移到回收站”可将其还原。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="414" />
            <source>Restored: {0}.</source>
            <translation>已还原：{0}。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="437" />
            <source>Edit Tags</source>
            <translation>编辑标签</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/runs_panel.py" line="437" />
            <source>Edit Note</source>
            <translation>编辑备注</translation>
        </message>
    </context>
    <context>
        <name>RunsTableModel</name>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="73" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="73" />
            <source>Created</source>
            <translation>创建时间</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="73" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="73" />
            <source>Architecture</source>
            <translation>架构</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="74" />
            <source>Dataset</source>
            <translation>数据集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="74" />
            <source>Image size</source>
            <translation>图像尺寸</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="74" />
            <source>Epochs</source>
            <translation>轮次</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="74" />
            <source>Best val acc</source>
            <translation>最佳验证准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="75" />
            <source>Duration</source>
            <translation>时长</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="75" />
            <source>Tags</source>
            <translation>标签</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="75" />
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/runs_model.py" line="117" />
            <source>Double-click to edit</source>
            <translation>双击编辑</translation>
        </message>
    </context>
    <context>
        <name>SearchPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="252" />
            <source>Load Search Space</source>
            <translation>加载搜索空间</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="253" />
            <source>Search space (*.json);;All files (*)</source>
            <translation>搜索空间 (*.json);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="287" />
            <source>Set up a run in the Training tab first: the search starts from its settings.</source>
            <translation>请先在“训练”标签页中设置运行：搜索从其设置开始。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="264" />
            <source>Loaded {0}</source>
            <translation>已加载 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="301" />
            <source>Searching: study {0} in {1}</source>
            <translation>正在搜索：{1} 中的研究 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="313" />
            <source>No complete trial yet.</source>
            <translation>还没有完成的试验。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="322" />
            <source>Best settings of trial {0}</source>
            <translation>试验 {0} 的最佳设置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="324" />
            <source>Best settings of trial {0} applied to the run configuration.</source>
            <translation>已将试验 {0} 的最佳设置应用到运行配置。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="373" />
            <source>complete</source>
            <translation>已完成</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="373" />
            <source>pruned</source>
            <translation>已剪枝</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="373" />
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="374" />
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="374" />
            <source>waiting</source>
            <translation>等待中</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="377" />
            <source>Search space (one row per setting; choices separated by commas)</source>
            <translation>搜索空间（每行一个设置；选项以逗号分隔）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="378" />
            <source>Setting</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="378" />
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="378" />
            <source>Low</source>
            <translation>下限</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="379" />
            <source>High</source>
            <translation>上限</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="379" />
            <source>Log</source>
            <translation>对数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="379" />
            <source>Choices or step</source>
            <translation>选项或步长</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="380" />
            <source>Add Row</source>
            <translation>添加行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="381" />
            <source>Remove Row</source>
            <translation>删除行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="382" />
            <source>Load Space…</source>
            <translation>加载空间…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="383" />
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="383" />
            <source>Random</source>
            <translation>随机</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="383" />
            <source>TPE (Bayesian)</source>
            <translation>TPE（贝叶斯）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="384" />
            <source>Median</source>
            <translation>中位数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="384" />
            <source>Hyperband</source>
            <translation>Hyperband</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="384" />
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="388" />
            <source>Sampler</source>
            <translation>采样器</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="388" />
            <source>Pruner</source>
            <translation>剪枝器</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="388" />
            <source>Trials (0: no limit)</source>
            <translation>试验次数（0：不限）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="389" />
            <source>Time budget, minutes (0: none)</source>
            <translation>时间预算，分钟（0：无）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="389" />
            <source>Study</source>
            <translation>研究</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="390" />
            <source>Database (empty: the workspace's search.db)</source>
            <translation>数据库（留空：工作区的 search.db）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="392" />
            <source>Start Search</source>
            <translation>开始搜索</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="393" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="394" />
            <source>Use Best Settings</source>
            <translation>使用最佳设置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="395" />
            <source>Rank</source>
            <translation>排名</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="395" />
            <source>Trial</source>
            <translation>试验</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="395" />
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="395" />
            <source>Val acc</source>
            <translation>验证准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="396" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="396" />
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="397" />
            <source>History</source>
            <translation>历史</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="397" />
            <source>Importances</source>
            <translation>重要性</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/search_panel.py" line="397" />
            <source>Parallel coordinates</source>
            <translation>平行坐标</translation>
        </message>
    </context>
    <context>
        <name>SimilarButton</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="376" />
            <source>Near-duplicates…</source>
            <translation>近似重复…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="377" />
            <source>Find edited copies of images: within a split, leaks between train and val, and label conflicts</source>
            <translation>查找图像经编辑后的副本：同一划分内的、训练集与验证集之间的泄漏，以及标签冲突</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="380" />
            <source>Near-duplicates</source>
            <translation>近似重复</translation>
        </message>
    </context>
    <context>
        <name>SimilarView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="200" />
            <source>Stopped.</source>
            <translation>已停止。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="208" />
            <source>Compare:</source>
            <translation>比较：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="209" />
            <source>image features and pixels</source>
            <translation>图像特征和像素</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="209" />
            <source>image features only</source>
            <translation>仅图像特征</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="210" />
            <source>pixels only (fastest)</source>
            <translation>仅像素（最快）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="213" />
            <source>Similarity at least:</source>
            <translation>相似度至少：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="214" />
            <source>Features: the cosine similarity a pair needs (the pixel check decides the rest). Pixels only: the fingerprint's correlation.</source>
            <translation>图像特征：一对图像所需的余弦相似度（其余由像素检查决定）。仅像素：像素指纹的相关系数。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="216" />
            <source>Find near-duplicates</source>
            <translation>查找近似重复</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="217" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="225" />
            <source>Finds copies that were resized, re-saved, cropped or made brighter: in one split, across train and val (leaks) and across classes.</source>
            <translation>查找经缩放、重新保存、裁剪或调亮的副本：同一划分内、训练集与验证集之间（泄漏）以及不同类别之间。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="230" />
            <source>{0} groups ({1} train/val leaks, {2} label conflicts) among {3} images, {4:.1f} s.</source>
            <translation>{3} 张图像中有 {0} 组（{1} 组训练/验证泄漏，{2} 组标签冲突），用时 {4:.1f} 秒。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="233" />
            <source>Showing the first {0}; the findings list has them all.</source>
            <translation>仅显示前 {0} 组；问题列表中列出了全部。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="253" />
            <source>Choose a dataset folder first.</source>
            <translation>请先选择数据集文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="255" />
            <source>Comparing images…</source>
            <translation>正在比较图像…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="277" />
            <source>Moved {0} image(s) to {1}; Undo puts them back.</source>
            <translation>已将 {0} 张图像移到 {1}；撤销可放回原处。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="278" />
            <source>quarantine</source>
            <translation>隔离区</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/similar_view.py" line="304" />
            <source>The search failed: {0}</source>
            <translation>查找失败：{0}</translation>
        </message>
    </context>
    <context>
        <name>StepCard</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="109" />
            <source>input: {0}</source>
            <translation>输入：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="127" />
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="134" />
            <source>{0:.1f} ms</source>
            <translation>{0:.1f} 毫秒</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="136" />
            <source>type changed</source>
            <translation>类型已改变</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="145" />
            <source>loaded as RGB</source>
            <translation>加载为 RGB</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="147" />
            <source>file {0}</source>
            <translation>文件 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="149" />
            <source>input</source>
            <translation>输入</translation>
        </message>
    </context>
    <context>
        <name>SuggestBar</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suggest_bar.py" line="123" />
            <source>Classes change when mirrored (digits, text)</source>
            <translation>镜像后类别会变（数字、文字）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suggest_bar.py" line="124" />
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suggest_bar.py" line="125" />
            <source>Keep the current pipeline</source>
            <translation>保留当前流水线</translation>
        </message>
    </context>
    <context>
        <name>SuspectsView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="112" />
            <source>Stopped; nothing was changed.</source>
            <translation>已停止，未做任何更改。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="118" />
            <source>Suspects: images that may be in the wrong class</source>
            <translation>可疑图像：可能放错类别的图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="119" />
            <source>Find suspects</source>
            <translation>查找可疑图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="120" />
            <source>Look for images whose class folder is most likely wrong (runs in the background; the image features are kept for next time)</source>
            <translation>查找最可能放错类别文件夹的图像（在后台运行；图像特征会保存以供下次使用）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="122" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="123" />
            <source>Use the open run's predictions</source>
            <translation>使用已打开运行的预测</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="124" />
            <source>Check the val images with the model of the run open in the Training tab instead of features of a pretrained network</source>
            <translation>用“训练”页中已打开运行的模型检查验证集图像，而不使用预训练网络的特征</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="126" />
            <source>Image</source>
            <translation>图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="126" />
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="126" />
            <source>Class</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="127" />
            <source>Looks like</source>
            <translation>看起来像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="127" />
            <source>Score</source>
            <translation>分数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="154" />
            <source>Open a dataset folder in the Data tab first.</source>
            <translation>请先在“数据”页打开一个数据集文件夹。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="185" />
            <source>Find suspects lists the images most likely filed under the wrong class, worst first.</source>
            <translation>“查找可疑图像”会列出最可能放错类别的图像，最可疑的排在最前。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="188" />
            <source>the run's val predictions</source>
            <translation>运行在验证集上的预测</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="189" />
            <source>k-fold on image features</source>
            <translation>基于图像特征的 k 折交叉验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="190" />
            <source>{0} suspects among {1} images ({2}, {3:.1f} s). A lower score means more likely mislabelled.</source>
            <translation>{1} 张图像中有 {0} 张可疑（{2}，{3:.1f} 秒）。分数越低，标注错误的可能越大。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="193" />
            <source>{0} file(s) could not be read and were left out.</source>
            <translation>{0} 个文件无法读取，已跳过。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="206" />
            <source>Moved to {0} ✓</source>
            <translation>已移到 {0} ✓</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="206" />
            <source>Quarantined ✓</source>
            <translation>已移入隔离区 ✓</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="208" />
            <source>Relabel as {0}</source>
            <translation>改标为 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="211" />
            <source>Move to quarantine</source>
            <translation>移到隔离区</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="233" />
            <source>Relabel {0} as {1}</source>
            <translation>将 {0} 改标为 {1}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="238" />
            <source>Quarantine {0}</source>
            <translation>隔离 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="248" />
            <source>quarantine</source>
            <translation>隔离区</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="249" />
            <source>Moved {0} image(s) to {1}; Undo puts them back.</source>
            <translation>已将 {0} 张图像移到 {1}；撤销可放回原处。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="293" />
            <source>Looking for suspects in {0}…</source>
            <translation>正在 {0} 中查找可疑图像…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/suspects_view.py" line="305" />
            <source>Finding suspects failed: {0}</source>
            <translation>查找可疑图像失败：{0}</translation>
        </message>
    </context>
    <context>
        <name>TaskBox</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="66" />
            <source>Task</source>
            <translation>任务</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="67" />
            <source>Task:</source>
            <translation>任务：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="67" />
            <source>Regression loss:</source>
            <translation>回归损失：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="67" />
            <source>Huber delta:</source>
            <translation>Huber δ：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="70" />
            <source>Classification (class folders)</source>
            <translation>分类（类别文件夹）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="71" />
            <source>Regression (numbers from targets.csv)</source>
            <translation>回归（targets.csv 中的数值）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="72" />
            <source>Mean squared error</source>
            <translation>均方误差</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/recipe_boxes.py" line="72" />
            <source>Huber</source>
            <translation>Huber</translation>
        </message>
    </context>
    <context>
        <name>TopTrialsEnsemble</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="149" />
            <source>Make Ensemble of Top {0}…</source>
            <translation>用前 {0} 名生成集成…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="150" />
            <source>Write one bundle that averages the predictions of the runs of the study's best complete trials; the Evaluate tab can open it.</source>
            <translation>写出一个导出包，对该研究中最佳已完成试验的运行的预测取平均；可在“评估”标签页中打开它。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/ensemble_maker.py" line="152" />
            <source>How many of the best complete trials to ensemble</source>
            <translation>用多少个最佳已完成试验组成集成</translation>
        </message>
    </context>
    <context>
        <name>TrainingPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="369" />
            <source>Random initialisation: slower to learn, needs more data.</source>
            <translation>随机初始化：学得更慢，需要更多数据。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="381" />
            <source>Found in the torch hub cache.</source>
            <translation>已在 torch hub 缓存中找到。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="382" />
            <source>Carried by an installed package.</source>
            <translation>由已安装的软件包提供。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="383" />
            <source>From file: {0}</source>
            <translation>来自文件：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="421" />
            <source>Trainable: {0} of {1} parameters ({2:.0f}%)</source>
            <translation>可训练：{0} / {1} 个参数（{2:.0f}%）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="424" />
            <source>All groups train from epoch {0} on.</source>
            <translation>从第 {0} 轮起训练所有组。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="448" />
            <source>Choose pretrained weights</source>
            <translation>选择预训练权重</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="449" />
            <source>Weights (*.pth *.pt *.safetensors);;All files (*)</source>
            <translation>权重 (*.pth *.pt *.safetensors);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="241" />
            <source>{0} ({1:.1f}M params)</source>
            <translation>{0}（{1:.1f}M 参数）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="238" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="242" />
            <source>Architecture:</source>
            <translation>架构：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="243" />
            <source>Weights:</source>
            <translation>权重：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="244" />
            <source>Dropout:</source>
            <translation>随机失活（dropout）：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="245" />
            <source>ImageNet (pretrained)</source>
            <translation>ImageNet（预训练）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="245" />
            <source>None (train from scratch)</source>
            <translation>无（从头训练）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="246" />
            <source>From file…</source>
            <translation>来自文件…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="248" />
            <source>Choose file…</source>
            <translation>选择文件…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="249" />
            <source>Layers to train</source>
            <translation>要训练的层</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="250" />
            <source>Plan:</source>
            <translation>方案：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="251" />
            <source>Backbone LR ×:</source>
            <translation>骨干网络学习率 ×：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="252" />
            <source>Unfreeze after epoch:</source>
            <translation>解冻前的轮数：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="253" />
            <source>k:</source>
            <translation>k：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="254" />
            <source>Full fine-tuning</source>
            <translation>全部微调</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="254" />
            <source>Head only</source>
            <translation>仅分类头</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="254" />
            <source>Last k groups</source>
            <translation>最后 k 组</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="255" />
            <source>Discriminative learning rates</source>
            <translation>分层学习率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="256" />
            <source>Gradual unfreezing</source>
            <translation>逐步解冻</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="259" />
            <source>Tick a group to train it and every group after it; the head always trains.</source>
            <translation>勾选一组即训练该组及其后的所有组；分类头始终训练。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="260" />
            <source>Optimization</source>
            <translation>优化</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="261" />
            <source>Optimizer:</source>
            <translation>优化器：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="262" />
            <source>Learning rate:</source>
            <translation>学习率：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="263" />
            <source>Find learning rate…</source>
            <translation>查找学习率…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="264" />
            <source>Sweep the learning rate on a few dozen batches and suggest one.</source>
            <translation>在几十个批次上扫描学习率并给出建议值。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="265" />
            <source>Schedule:</source>
            <translation>学习率调度：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="266" />
            <source>Weight decay:</source>
            <translation>权重衰减：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="267" />
            <source>Epochs:</source>
            <translation>轮数：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="268" />
            <source>Batch size:</source>
            <translation>批大小：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="269" />
            <source>Label smoothing:</source>
            <translation>标签平滑：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="272" />
            <source>Constant</source>
            <translation>恒定</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="272" />
            <source>Step decay</source>
            <translation>阶梯衰减</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="272" />
            <source>Exponential</source>
            <translation>指数衰减</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="273" />
            <source>Cosine</source>
            <translation>余弦</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="273" />
            <source>Warm-up + cosine</source>
            <translation>预热 + 余弦</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="274" />
            <source>One-cycle</source>
            <translation>单周期 (One-cycle)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="274" />
            <source>Reduce on plateau</source>
            <translation>平台期降低</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="280" />
            <source>SGD (momentum)</source>
            <translation>SGD（动量）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="281" />
            <source>Hardware</source>
            <translation>硬件</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="282" />
            <source>Device:</source>
            <translation>设备：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="283" />
            <source>Precision:</source>
            <translation>精度：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="284" />
            <source>Automatic (best available)</source>
            <translation>自动（最佳可用）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="285" />
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="285" />
            <source>FP32 (full)</source>
            <translation>FP32（全精度）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="285" />
            <source>BF16 mixed</source>
            <translation>BF16 混合精度</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="286" />
            <source>FP16 mixed</source>
            <translation>FP16 混合精度</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="289" />
            <source>Write TensorBoard logs</source>
            <translation>写入 TensorBoard 日志</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="292" />
            <source>For example 1e-3; fine-tuning a pretrained model likes 1e-4 to 1e-3.</source>
            <translation>例如 1e-3；微调预训练模型宜用 1e-4 到 1e-3。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="363" />
            <source>about {0:.0f} MB</source>
            <translation>约 {0:.0f} MB</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="366" />
            <source>Download the weights if missing ({0}, gives up after {1:.0f} s)</source>
            <translation>缺少时下载权重（{0}，{1:.0f} 秒后放弃）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="384" />
            <source>Not available offline: choose a file, tick “Download the weights if missing”, or train from scratch.</source>
            <translation>离线不可用：请选择文件，勾选“缺少时下载权重”，或从头训练。</translation>
        </message>
    </context>
    <context>
        <name>TrainingPlots</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="156" />
            <source>Training loss</source>
            <translation>训练损失</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="156" />
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="161" />
            <source>step</source>
            <translation>步</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="157" />
            <source>Loss per epoch</source>
            <translation>每轮损失</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="157" />
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="159" />
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="161" />
            <source>epoch</source>
            <translation>轮次</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="158" />
            <source>Validation R²</source>
            <translation>验证 R²</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="159" />
            <source>Validation accuracy</source>
            <translation>验证准确率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="160" />
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="164" />
            <source>raw</source>
            <translation>原始</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="164" />
            <source>smoothed</source>
            <translation>平滑</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="165" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="165" />
            <source>validation</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="166" />
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="273" />
            <source>raw weights</source>
            <translation>原始权重</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="166" />
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="274" />
            <source>EMA weights</source>
            <translation>EMA 权重</translation>
        </message>
    </context>
    <context>
        <name>TtaCombo</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/tta_combo.py" line="29" />
            <source>No test-time augmentation</source>
            <translation>不做测试时增强</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/tta_combo.py" line="29" />
            <source>Flip: image + mirror image</source>
            <translation>翻转：原图 + 镜像图</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/tta_combo.py" line="30" />
            <source>Five crops: corners + centre</source>
            <translation>五裁剪：四角 + 中心</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/tta_combo.py" line="33" />
            <source>Average the model's probabilities over a few views of each image. Flip helps when a mirrored picture is the same class; it can hurt on digits or text.</source>
            <translation>在每张图像的几个视图上平均模型的概率。镜像后类别不变时翻转有帮助；对数字或文字可能有害。</translation>
        </message>
    </context>
</TS>
