<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name />
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="130" />
            <source>Run folder (set automatically after training)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="131" />
            <source>Choose…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="132" />
            <source>Best epoch (highest validation accuracy)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="133" />
            <source>Last epoch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="134" />
            <source>PyTorch state_dict (.pth)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="134" />
            <source>safetensors</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="135" />
            <source>TorchScript</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="135" />
            <source>ONNX</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="139" />
            <source>Install the 'onnx' package to export ONNX.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="140" />
            <source>Folder the bundle is written into</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="141" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="142" />
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="281" />
            <source>Weights:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="146" />
            <source>Run:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="146" />
            <source>Formats:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="146" />
            <source>Output folder:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="150" />
            <source>Export a trained model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="151" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="152" />
            <source>Open folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="117" />
            <source>Gallery</source>
            <comment>quarantine</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="118" />
            <source>Gallery</source>
            <comment>moved to {0}</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="119" />
            <source>Gallery</source>
            <comment>{0} → {1}
p = {2:.2f}</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="129" />
            <source>Gallery</source>
            <comment>{0}
true: {1} (p = {2:.3f})
predicted: {3} (p = {4:.3f})
loss: {5:.3f}</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="38" />
            <source>LintPanel</source>
            <comment>train</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="38" />
            <source>LintPanel</source>
            <comment>val</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="40" />
            <source>LintPanel</source>
            <comment>{0}, step {1}</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="47" />
            <source>LintPanel</source>
            <comment>Fix</comment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="279" />
            <source>Model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="280" />
            <source>Architecture:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="282" />
            <source>Dropout:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="283" />
            <source>ImageNet (pretrained)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="283" />
            <source>None (train from scratch)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="284" />
            <source>From file…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="286" />
            <source>Choose file…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="287" />
            <source>Layers to train</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="288" />
            <source>Plan:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="289" />
            <source>Backbone LR ×:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="290" />
            <source>Unfreeze after epoch:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="291" />
            <source>k:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="292" />
            <source>Full fine-tuning</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="292" />
            <source>Head only</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="292" />
            <source>Last k groups</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="293" />
            <source>Discriminative learning rates</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="294" />
            <source>Gradual unfreezing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="297" />
            <source>Tick a group to train it and every group after it; the head always trains.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="298" />
            <source>Optimization</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="299" />
            <source>Optimizer:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="300" />
            <source>Learning rate:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="301" />
            <source>Schedule:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="302" />
            <source>Weight decay:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="303" />
            <source>Epochs:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="304" />
            <source>Batch size:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="305" />
            <source>Label smoothing:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="306" />
            <source>Constant</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="306" />
            <source>Step decay</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="306" />
            <source>Exponential</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="307" />
            <source>Cosine</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="307" />
            <source>Warm-up + cosine</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="308" />
            <source>One-cycle</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="308" />
            <source>Reduce on plateau</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="314" />
            <source>SGD (momentum)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="315" />
            <source>Hardware</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="316" />
            <source>Device:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="317" />
            <source>Precision:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="318" />
            <source>Automatic (best available)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="319" />
            <source>Automatic</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="319" />
            <source>FP32 (full)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="319" />
            <source>BF16 mixed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="320" />
            <source>FP16 mixed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="323" />
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="324" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="325" />
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="325" />
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="326" />
            <source>Train with these settings on the current dataset and pipeline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="327" />
            <source>For example 1e-3; fine-tuning a pretrained model likes 1e-4 to 1e-3.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="332" />
            <source>Ready. Press Start to train.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>AppState</name>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="262" />
            <source>Add {0}</source>
            <translation>添加 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="271" />
            <source>Remove {0}</source>
            <translation>删除 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="282" />
            <source>Move {0}</source>
            <translation>移动 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="287" />
            <source>Edit {0}</source>
            <translation>编辑 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="301" />
            <source>Edit {0}.{1}</source>
            <translation>编辑 {0}.{1}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="306" />
            <source>Enable {0}</source>
            <translation>启用 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/state.py" line="306" />
            <source>Disable {0}</source>
            <translation>停用 {0}</translation>
        </message>
    </context>
    <context>
        <name>CodeView</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/code_view.py" line="41" />
            <source>Generated Python (torchvision.transforms.v2)</source>
            <translation>生成的 Python 代码（torchvision.transforms.v2）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/code_view.py" line="42" />
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/code_view.py" line="43" />
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
        <name>DataPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="256" />
            <source>Dataset folder:</source>
            <translation>数据集文件夹：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="257" />
            <source>Choose a folder, or drop one here</source>
            <translation>选择一个文件夹，或把文件夹拖到这里</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="258" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="259" />
            <source>Demo digits</source>
            <translation>示例数字</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="260" />
            <source>Open the small bundled digits dataset</source>
            <translation>打开自带的小型手写数字数据集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="261" />
            <source>Validation share:</source>
            <translation>验证集比例：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="262" />
            <source>For a folder without a val/ split: the share of each class held out for validation</source>
            <translation>对没有 val/ 子文件夹的数据集：每个类别留作验证的比例</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="264" />
            <source>Scan</source>
            <translation>扫描</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="265" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="266" />
            <source>Findings</source>
            <translation>检查结果</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="267" />
            <source>Images</source>
            <translation>图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="269" />
            <source>Images per class — train</source>
            <translation>每类图像数 — 训练集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="270" />
            <source>Images per class — val</source>
            <translation>每类图像数 — 验证集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="274" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="275" />
            <source>val</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="282" />
            <source>Choose a dataset folder</source>
            <translation>选择数据集文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="292" />
            <source>The demo dataset could not be created: {0}</source>
            <translation>无法创建示例数据集：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="336" />
            <source>No dataset scanned yet.</source>
            <translation>尚未扫描数据集。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="341" />
            <source>train/ and val/ folders</source>
            <translation>train/ 与 val/ 文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="342" />
            <source>one folder, no validation split</source>
            <translation>单个文件夹，没有验证集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="343" />
            <source>one folder, validation split generated</source>
            <translation>单个文件夹，已自动划分验证集</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="344" />
            <source>{0} classes · {1} training and {2} validation images · layout: {3}</source>
            <translation>{0} 个类别 · {1} 张训练图像，{2} 张验证图像 · 结构：{3}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="347" />
            <source>&lt;b&gt;cannot train yet&lt;/b&gt;: see the findings below</source>
            <translation>&lt;b&gt;暂时无法训练&lt;/b&gt;：请查看下方的检查结果</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="349" />
            <source>ready to train ✓</source>
            <translation>可以开始训练 ✓</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="382" />
            <source>No problems found.</source>
            <translation>未发现问题。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="396" />
            <source>cannot display</source>
            <translation>无法显示</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="426" />
            <source>Scanning {0}…</source>
            <translation>正在扫描 {0}…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="432" />
            <source>The scan failed: {0}</source>
            <translation>扫描失败：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/data_panel.py" line="436" />
            <source>Scan cancelled.</source>
            <translation>扫描已取消。</translation>
        </message>
    </context>
    <context>
        <name>EvaluationPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="409" />
            <source>Model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="410" />
            <source>Current run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="411" />
            <source>Run or bundle folder:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="412" />
            <source>a run directory (dtf train) or an export bundle (dtf export)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="413" />
            <source>Open…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="414" />
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="415" />
            <source>dataset folder (defaults to the one open in the Data view)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="416" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="417" />
            <source>Split</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="418" />
            <source>val</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="419" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="420" />
            <source>Checkpoint</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="421" />
            <source>best</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="422" />
            <source>last</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="423" />
            <source>Evaluate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="424" />
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="425" />
            <source>Export report…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="426" />
            <source>metrics.json, per_class.csv, confusion_matrix.csv, predictions.csv and PNG images of the plots</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="428" />
            <source>accuracy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="428" />
            <source>top-5 accuracy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="429" />
            <source>macro F1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="429" />
            <source>macro precision / recall</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="430" />
            <source>weighted F1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="430" />
            <source>weighted precision / recall</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="431" />
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="436" />
            <source>AUC</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="431" />
            <source>log loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="431" />
            <source>images</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="434" />
            <source>Per class (click a header to sort)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="435" />
            <source>class</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="435" />
            <source>precision</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="435" />
            <source>recall</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="436" />
            <source>F1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="436" />
            <source>support</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="437" />
            <source>Confusion matrix (click a cell)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="438" />
            <source>predicted →</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="438" />
            <source>true</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="439" />
            <source>Row-normalised</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="440" />
            <source>Show each row as rates (recall on the diagonal) instead of counts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="441" />
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="618" />
            <source>ROC curves (one-vs-rest)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="442" />
            <source>false positive rate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="443" />
            <source>true positive rate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="444" />
            <source>epoch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="445" />
            <source>Mistakes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="446" />
            <source>Training history</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="450" />
            <source>Train a model (or open a run or bundle folder), then press Evaluate.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="451" />
            <source>The training history of the run appears here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="486" />
            <source>Choose a run directory or a bundle folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="492" />
            <source>Choose the dataset folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="512" />
            <source>No model yet: train one, or choose a run or bundle folder.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="515" />
            <source>Choose the dataset folder to evaluate on.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="518" />
            <source>Training is still running; evaluating its best checkpoint so far.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="521" />
            <source>Evaluating {0} on the {1} split of {2}…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="533" />
            <source>{0} / {1} images</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="539" />
            <source>Evaluation failed: {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="544" />
            <source>Evaluation stopped.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="558" />
            <source>{0} ({1}, {2}) on the {3} split of {4}: {5} images in {6:.1f} s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="576" />
            <source>top-{0} accuracy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="583" />
            <source>AUC (macro, one-vs-rest)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="584" />
            <source>AUC ({0} positive)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="617" />
            <source>ROC curve ({0} positive)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="638" />
            <source>No training history: a bundle carries only its final metrics, and a run shows its metrics.csv here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="642" />
            <source>train loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="642" />
            <source>val loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="643" />
            <source>val accuracy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="657" />
            <source>{0} epoch(s) in {1:.0f} s · best val accuracy {2:.1%} at epoch {3} · last epoch: train loss {4:.3f}, val loss {5:.3f}, val accuracy {6:.1%}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="672" />
            <source>Export the evaluation report into</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="677" />
            <source>The report could not be written: {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="679" />
            <source>Evaluation report written to {0}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ExportPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="180" />
            <source>Replace folder?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="181" />
            <source>{0} is not empty. Replace its contents with the new bundle?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="186" />
            <source>Exporting…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="213" />
            <source>Choose the run to export (train a model first, or pick a run folder).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="215" />
            <source>{0} is not a run folder: it has no checkpoints/ subfolder. Pick the folder a training run created.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="218" />
            <source>Choose the output folder for the bundle.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="220" />
            <source>Tick at least one format to export.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="235" />
            <source>Choose a run folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="240" />
            <source>Choose the output folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="250" />
            <source>Bundle written to {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="252" />
            <source>Exported to {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="256" />
            <location filename="../../dtf_gui/qt/widgets/export_panel.py" line="257" />
            <source>Export failed: {0}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ImageDetailDialog</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="246" />
            <source>{0}: true {1} · predicted {2} (p = {3:.3f}) · loss {4:.3f}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="248" />
            <source>What the model saw: the val pipeline, step by step</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>LintPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="104" />
            <source>Checks could not run: {0}</source>
            <translation>无法运行检查：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="106" />
            <source>Checks: no problems found ✓</source>
            <translation>检查：未发现问题 ✓</translation>
        </message>
        <message numerus="yes">
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="108" />
            <source>Checks: %n finding(s)</source>
            <translation>
                <numerusform>检查：发现 %n 个问题</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lint_panel.py" line="123" />
            <source>Fix: {0}</source>
            <translation>修复：{0}</translation>
        </message>
    </context>
    <context>
        <name>LrPreview</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_preview.py" line="69" />
            <source>epoch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/lr_preview.py" line="97" />
            <source>Learning rate per epoch from the real torch scheduler; 'plateau' lowers it only when validation loss stops improving.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="198" />
            <location filename="../../dtf_gui/qt/main_window.py" line="230" />
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="199" />
            <location filename="../../dtf_gui/qt/main_window.py" line="230" />
            <source>Pipeline</source>
            <translation>流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="200" />
            <location filename="../../dtf_gui/qt/main_window.py" line="230" />
            <source>Training</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="201" />
            <location filename="../../dtf_gui/qt/main_window.py" line="230" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="203" />
            <source>The Training panel is not available in this build.</source>
            <translation>此版本不包含训练面板。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="205" />
            <source>The Export panel is not available in this build.</source>
            <translation>此版本不包含导出面板。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="206" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="207" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="208" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="209" />
            <source>&amp;Run</source>
            <translation>运行(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="210" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="211" />
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="212" />
            <source>Recent Folders</source>
            <translation>最近的文件夹</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="213" />
            <source>Recent Pipelines</source>
            <translation>最近的流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="214" />
            <source>Recent Configs</source>
            <translation>最近的配置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="215" />
            <source>Open Dataset &amp;Folder…</source>
            <translation>打开数据集文件夹(&amp;F)…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="216" />
            <source>&amp;Open Pipeline…</source>
            <translation>打开流水线(&amp;O)…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="217" />
            <source>&amp;Save Pipeline</source>
            <translation>保存流水线(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="218" />
            <source>Save Pipeline &amp;As…</source>
            <translation>流水线另存为(&amp;A)…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="219" />
            <source>Open Run &amp;Config…</source>
            <translation>打开运行配置(&amp;C)…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="220" />
            <source>Save Run Config As…</source>
            <translation>运行配置另存为…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="221" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="222" />
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="223" />
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="224" />
            <source>&amp;Start Training</source>
            <translation>开始训练(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="225" />
            <source>S&amp;top Training</source>
            <translation>停止训练(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="226" />
            <source>&amp;About dtf_gui</source>
            <translation>关于 dtf_gui(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="227" />
            <source>System Default</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="231" />
            <source>Show {0}</source>
            <translation>显示{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="250" />
            <source>Open Pipeline</source>
            <translation>打开流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="261" />
            <location filename="../../dtf_gui/qt/main_window.py" line="272" />
            <source>Pipeline saved to {0}</source>
            <translation>流水线已保存到 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="265" />
            <source>Save Pipeline</source>
            <translation>保存流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="276" />
            <source>Open Run Config</source>
            <translation>打开运行配置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="283" />
            <source>Save Run Config</source>
            <translation>保存运行配置</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="290" />
            <source>Run config saved to {0}</source>
            <translation>运行配置已保存到 {0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="302" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="312" />
            <source>File error: {0}</source>
            <translation>文件错误：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="320" />
            <source>Training is not available in this build.</source>
            <translation>此版本不支持训练。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="342" />
            <source>dtf_gui</source>
            <translation>dtf_gui</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="361" />
            <source>Dataset: {0}</source>
            <translation>数据集：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="361" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="365" />
            <source>({0} classes, {1} images)</source>
            <translation>（{0} 个类别，{1} 张图像）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="369" />
            <source>Run: {0}</source>
            <translation>运行：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="369" />
            <source>none yet</source>
            <translation>暂无</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="371" />
            <source>Device used when the run config says 'auto'</source>
            <translation>运行配置为 auto 时使用的设备</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="375" />
            <source>untitled pipeline</source>
            <translation>未命名流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="382" />
            <source>About dtf_gui</source>
            <translation>关于 dtf_gui</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="383" />
            <source>dtf_gui {0}
Point-and-click fine-tuning of image classifiers with PyTorch, showing the type of your data after every transform.</source>
            <translation>dtf_gui {0}
用鼠标点选完成 PyTorch 图像分类模型的微调，并显示每一步变换之后数据的类型。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="415" />
            <source>Training is running</source>
            <translation>训练正在进行</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/main_window.py" line="416" />
            <source>Training is still running. Stop it and close the window?</source>
            <translation>训练仍在进行。要停止训练并关闭窗口吗？</translation>
        </message>
    </context>
    <context>
        <name>MistakesGallery</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="331" />
            <source>Highest loss first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="331" />
            <source>Most confident first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="332" />
            <source>Least confident first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="335" />
            <source>Sort:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="336" />
            <source>Top losses</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="337" />
            <source>The images of the whole split with the highest loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="338" />
            <source>Undo move</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="339" />
            <source>Redo move</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="340" />
            <source>Double-click an image to see it large with its pipeline trace. Right-click to move it to another class or to the quarantine folder next to the dataset; nothing is deleted and every move can be undone.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="347" />
            <source>Click a cell of the confusion matrix to see its images.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="354" />
            <source>Top losses: {0} of {1} images</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="356" />
            <source>{0} predicted correctly: {1} images</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="358" />
            <source>True {0}, predicted {1}: {2} images</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="430" />
            <source>Move to class</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="437" />
            <source>Move to quarantine</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="440" />
            <source>Show large with pipeline trace</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="442" />
            <source>Copy path</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="461" />
            <source>Move {0} image(s) to {1}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="465" />
            <source>Quarantine {0} image(s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="479" />
            <source>quarantine</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="480" />
            <source>Moved {0} image(s) to {1}; Undo puts them back.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="494" />
            <source>Could not move {0}: {1}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/gallery.py" line="507" />
            <source>{0} was put back as {1}: its old name is taken now.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Palette</name>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="31" />
            <source>Geometry</source>
            <translation>几何变换</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="32" />
            <source>Color</source>
            <translation>颜色</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="33" />
            <source>Augmentation</source>
            <translation>数据增强</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="34" />
            <source>Type conversion</source>
            <translation>类型转换</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="35" />
            <source>Normalization</source>
            <translation>标准化</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="36" />
            <source>Cleaning</source>
            <translation>清洗</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/models/palette_model.py" line="77" />
            <source>random</source>
            <translation>随机</translation>
        </message>
    </context>
    <context>
        <name>ParamForm</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="280" />
            <source>No step selected</source>
            <translation>未选择步骤</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="281" />
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
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="101" />
            <source>Unchecked: no value (null)</source>
            <translation>未勾选：不设置（null）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="108" />
            <source>224 or 224, 224 (height, width)</source>
            <translation>224 或 224, 224（高, 宽）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="110" />
            <source>a number or min, max</source>
            <translation>一个数，或 最小, 最大</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="112" />
            <source>numbers separated by commas</source>
            <translation>用逗号分隔的数字</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/param_form.py" line="224" />
            <source>{0}: {1}</source>
            <translation>{0}：{1}</translation>
        </message>
    </context>
    <context>
        <name>PipelineEditor</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="228" />
            <source>Transforms</source>
            <translation>变换</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="229" />
            <source>Search transforms…</source>
            <translation>搜索变换…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="230" />
            <source>Train pipeline</source>
            <translation>训练流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="231" />
            <source>Validation pipeline</source>
            <translation>验证流水线</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="232" />
            <source>Drag transforms here; drag steps to reorder; Delete removes; the check box turns a step off.</source>
            <translation>把变换拖到这里；拖动步骤可调整顺序；按 Delete 删除；取消勾选可停用某一步。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="234" />
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/pipeline_editor.py" line="235" />
            <source>Code</source>
            <translation>代码</translation>
        </message>
    </context>
    <context>
        <name>PreviewStrip</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="201" />
            <source>Random sample</source>
            <translation>随机样本</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="202" />
            <source>Preview another image from the dataset</source>
            <translation>预览数据集中的另一张图像</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="203" />
            <source>Re-roll</source>
            <translation>重新抽取</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="204" />
            <source>Draw new random parameters for the random steps</source>
            <translation>为随机步骤重新抽取随机参数</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="205" />
            <source>Samples:</source>
            <translation>样本数：</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="206" />
            <source>Rows of previews with different random draws</source>
            <translation>用不同随机结果显示多行预览</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="212" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="212" />
            <source>val</source>
            <translation>验证</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="213" />
            <source>Preview ({0} pipeline)</source>
            <translation>预览（{0}流水线）</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="218" />
            <source>No sample selected: open a dataset, then click a thumbnail in the Data panel or press Random sample.</source>
            <translation>未选择样本：请先打开数据集，然后在“数据”面板中点击缩略图，或点击“随机样本”。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="237" />
            <source>Open a dataset first.</source>
            <translation>请先打开数据集。</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="245" />
            <source>updating…</source>
            <translation>更新中…</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="254" />
            <source>{0:.0f} ms</source>
            <translation>{0:.0f} 毫秒</translation>
        </message>
    </context>
    <context>
        <name>QtTr</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="122" />
            <source>true {0}, predicted {1}: {2} image(s), {3:.1%} of {0}
Click to see them.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="133" />
            <source>predicted {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/evaluation_panel.py" line="134" />
            <source>true {0}</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>StepCard</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="88" />
            <source>input: {0}</source>
            <translation>输入：{0}</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="106" />
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/preview_strip.py" line="115" />
            <source>type changed</source>
            <translation>类型已改变</translation>
        </message>
    </context>
    <context>
        <name>TrainingPanel</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="443" />
            <source>Random initialisation: slower to learn, needs more data.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="455" />
            <source>Found in the torch hub cache.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="456" />
            <source>Carried by an installed package.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="457" />
            <source>From file: {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="458" />
            <source>Not available offline: choose a file, or train from scratch.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="494" />
            <source>Trainable: {0} of {1} parameters ({2:.0f}%)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="497" />
            <source>All groups train from epoch {0} on.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="530" />
            <source>Choose pretrained weights</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="531" />
            <source>Weights (*.pth *.pt *.safetensors);;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="552" />
            <source>Choose a dataset folder first (Data panel), then press Start.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="560" />
            <source>Starting: loading data and building the model…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="581" />
            <source>Stopping after the current batch…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="623" />
            <source>{0} on {1} · {2} classes · {3} of {4} parameters trainable · {5}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="633" />
            <source>Epoch {0}/{1} · batch {2}/{3} · {4:.0f} images/s · ETA {5} · loss {6:.4f}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="636" />
            <source> · GPU {0:.0f} MB</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="638" />
            <source>Paused · </source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="654" />
            <source>Finished {0} epochs. Best validation accuracy {1:.1%}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="655" />
            <source>Stopped early after {0} epochs (no improvement). Best validation accuracy {1:.1%}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="656" />
            <source>Stopped by you after {0} epochs. Best validation accuracy {1:.1%}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="657" />
            <source>Run ended after {0} epochs ({1:.1%}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="665" />
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="666" />
            <source>Training failed: {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="686" />
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/training_panel.py" line="686" />
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
    </context>
    <context>
        <name>TrainingPlots</name>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="88" />
            <source>Training loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="88" />
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="91" />
            <source>step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="89" />
            <source>Loss per epoch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="89" />
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="90" />
            <source>epoch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="90" />
            <source>Validation accuracy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="91" />
            <source>Learning rate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="96" />
            <source>raw</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="97" />
            <source>smoothed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="99" />
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <location filename="../../dtf_gui/qt/widgets/plots.py" line="101" />
            <source>validation</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
