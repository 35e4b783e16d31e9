# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext,-jupytext.text_representation
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 第 01 课：在 MNIST 上走一遍 Keras 的 8 个步骤
#
# **简介：** 训练你的第一个神经网络：一个识别手写数字的小型多层感知机（multi-layer perceptron, MLP）。我们按照经典教程的 8 步流程，用 Keras 3 来实现它。
#
# **多层感知机**是最简单的一种网络：若干层神经元依次堆叠，每个神经元都与上一层的每个值相连。
#
# 这 8 个步骤几乎适用于所有深度学习问题：
#
# 1. **加载**数据
# 2. **预处理**数据（改变形状、缩放、把标签转换为独热编码）
# 3. **建立**模型
# 4. **编译**模型：指定损失函数（loss）、优化器（optimizer）和评估指标（metrics）
# 5. **训练**（fit）模型
# 6. 在模型从未见过的数据上**评估**它
# 7. 用模型做**预测**
# 8. **保存**模型，再把它加载回来
#
# 本课所依据的教程是为 Keras 2 写的，其中的代码在 Keras 3 中已经无法运行。因此，凡是两者有差别的地方，都会有一个折叠起来的 **Keras 2 → Keras 3** 提示框，列出旧写法、Keras 3 对它的处理，以及新写法。点击提示框即可展开；如果你从没用过 Keras 2，可以全部跳过：不看它们，本课也能读通。
#
# *快速模式。* 设置了环境变量 `KTEACH_QUICK=1` 时（测试会设置它），本课使用 kteach 自带的小型真实 MNIST 样本进行训练，几秒钟就能跑完。不设置时，本课使用它能找到的完整数据。除此之外，一切都不变。
#
# *新术语在第一次出现时都会解释；[术语表](glossary.md)把它们汇总在一起。*
#
# *English version（英文版）: [../01_mnist_workflow.ipynb](../01_mnist_workflow.ipynb)*

# %% [markdown]
# *写代码之前先认识两个词。* 准备工作单元格顶部的那些常量是**超参数**（hyperparameter）：训练之前由我们选定的设置（训练多少遍、每一步用多少张图像、用多少个神经元），与网络自己学习得到的权重相对。一部分训练图像会被留出来，用来检查**过拟合**（overfitting）：模型把训练图像背了下来，而没有学会数字长什么样，于是在这些图像上表现很好，在没见过的图像上却差一些。
#
# *在 Colab 上？* 下一个单元格会在缺少 kteach 时安装它；在其他环境中，它什么也不做。

# %%
# 在 Colab 上：如果缺少 kteach，就安装它。在已经装好 kteach 的环境中（你自己的电脑、Binder），
# 这个单元格什么也不做。（超参数面板会自行开启 Colab 的 widget 支持。）
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)

# %% [markdown]
# ## 准备工作：导入模块，设置超参数（hyperparameter）
#
# 和教程一样，常量都放在最前面，这样你可以改动其中一个，然后重新运行。`kteach.seed_everything` 一次性为 Python、NumPy 和 TensorFlow 设置随机种子（教程中的 `np.random.seed(1671)` 只设置了 NumPy 的种子，所以它的 Keras 结果每次运行仍然会不同）。在快速模式下，它还让 Keras 用 64 位浮点数（`float64`）计算，而不是通常的 32 位 `float32`：不同的 CPU 对 `float32` 求和的最后几位舍入不同，训练会把这些差别放大到打印出来的数字里；用 `float64` 时，这些差别小得根本显示不出来。所以这些笔记本里保存的快速模式数字，在每台电脑上打印出来都一样。
#
# `kteach.set_language("en")` 用来选择 kteach 自身的提示信息、错误信息和图表标签所用的语言；传入 `"zh"` 则切换为中文，每一课的中文版（也就是本笔记本）都是这样做的。`kteach.versions()` 给出 Keras、后端和 NumPy 的版本：这些笔记本里保存的数字就是用这些版本算出来的（`constraints.txt` 固定了它们），换成其他版本，打印出来的数字可能会不同。

# %%
import numpy as np
import keras
import kteach

kteach.set_language("zh")  # "zh"：kteach 的提示信息和图表标签使用中文
kteach.seed_everything(1671)

N_EPOCH = 20  # 遍历训练数据的次数
BATCH_SIZE = 128  # 每次更新权重所用的图像数
N_CLASSES = 10  # 数字 0-9
N_HIDDEN = 128  # 每个隐藏层的神经元个数
VALIDATION_SPLIT = 0.2  # 训练集的最后 20% 用来检查是否过拟合
RESHAPED = 28 * 28  # 每张图像 784 个像素

print(kteach.versions(), "| quick mode:", kteach.quick_mode())

# %% [markdown]
# ## 第 1 步：加载数据
#
# MNIST 包含 70,000 张手写数字的灰度图像，每张 28×28 像素：其中 60,000 张构成训练集（training set），10,000 张构成测试集（test set）。`kteach.load_mnist()` 的返回值与 `keras.datasets.mnist.load_data()` 完全相同，但它离线时也能用：它先找本地副本，再找 Keras 的缓存，然后尝试下载，最后退而使用 kteach 自带的小型真实样本。它会打印出实际用的是哪一个。

# %%
(X_train, y_train), (X_test, y_test) = kteach.load_mnist()

print(X_train.shape[0], "train samples")
print(X_test.shape[0], "test samples")
print("image shape:", X_train.shape[1:], "| pixel type:", X_train.dtype, "| labels:", np.unique(y_train))

# %% [markdown]
# ## 第 2 步：预处理
#
# `Dense` 层即全连接层（fully connected layer），它的输入是一个扁平的向量，所以每张 28×28 的图像要变成一行 784 个数。像素值是 0 到 255 的整数，除以 255 就把它们缩放到 [0, 1] 区间，这样最初几次权重更新的幅度较小，训练也更稳定。
#
# Keras 把这样的数组称为**张量**（tensor）：可以有任意多个维度的数字数组（NumPy 数组就是一种张量）。`X_train` 原来是一个三维张量（图像 × 行 × 列），现在变成了二维张量（图像 × 像素）。

# %%
X_train = X_train.reshape(-1, RESHAPED).astype("float32") / 255
X_test = X_test.reshape(-1, RESHAPED).astype("float32") / 255

print("X_train:", X_train.shape, "min", X_train.min(), "max", X_train.max())

# %% [markdown]
# 标签是数字 0-9。网络将输出 10 个概率，每个数字对应一个，所以每个标签都要变成长度为 10 的**独热（one-hot）向量**：数字所在的位置为 1，其余位置为 0。
#
# <details><summary><b>Keras 2 → Keras 3：</b><code>np_utils</code></summary>
#
# > **Keras 2 → Keras 3：** `from keras.utils import np_utils` 和 `np_utils.to_categorical(...)` 在 Keras 3 中会报错（`ImportError`）：`np_utils` 模块已经不存在了。请改为调用 `keras.utils.to_categorical(...)`。
#
# </details>

# %%
Y_train = keras.utils.to_categorical(y_train, N_CLASSES)
Y_test = keras.utils.to_categorical(y_test, N_CLASSES)

print("label", y_train[0], "->", Y_train[0])

# %% [markdown]
# ## 第 3 步：建立模型
#
# `Sequential` 模型就是把多个层堆叠起来，每一层的输出作为下一层的输入。`Dense` 层中的每个神经元先计算所有输入的加权和，再加上一个**偏置**（bias，一个可学习的常数，让神经元的输出可以平移），然后经过一个**激活函数**（activation function）。我们的模型有两个隐藏层（hidden layer），各有 128 个神经元，使用 **ReLU** 激活函数 `max(0, x)`；输出层有 10 个神经元，它的 **softmax** 把 10 个分数变成 10 个和为 1 的概率。
#
# <details><summary><b>Keras 2 → Keras 3：</b>导入与输入形状</summary>
#
# > **Keras 2 → Keras 3：** `from keras.layers.core import Dense, Activation` 会报错（`ModuleNotFoundError`）：应该从 `keras.layers` 导入各个层。把 `Dense(128, input_shape=(784,))` 作为第一层仍然可用，但会发出警告：Keras 3 希望先放一个 `keras.Input(shape=...)`。`Dense(N_HIDDEN, activation="relu")` 与教程中 `Dense` 后接 `Activation("relu")` 的效果相同；这里我们保留教程的写法。
#
# </details>

# %%
model = keras.Sequential(name="mnist_mlp")
model.add(keras.Input(shape=(RESHAPED,)))
model.add(keras.layers.Dense(N_HIDDEN))
model.add(keras.layers.Activation("relu"))
model.add(keras.layers.Dense(N_HIDDEN))
model.add(keras.layers.Activation("relu"))
model.add(keras.layers.Dense(N_CLASSES))
model.add(keras.layers.Activation("softmax"))
model.summary()

# %% [markdown]
# 第一个 `Dense` 层有 784 × 128 个权重，再加上 128 个偏置，共 100,480 个参数；三层加起来约有 118,000 个参数。下面是同一个模型的结构图：

# %%
kteach.show_model(model)

# %% [markdown]
# `kteach.show_model` 封装的是 Keras 自己的 `keras.utils.plot_model`，后者把结构图写入一个文件：`show_shapes` 标出每层的输入和输出形状，`show_layer_names` 标出层名，`dpi` 决定分辨率。它需要 Graphviz 程序和 `pydot` 包。缺少它们时，在笔记本中它会打印 "You must install graphviz (see instructions at https://graphviz.gitlab.io/download/) for `plot_model` to work."，然后什么也不画（在脚本中则会引发带有这段文字的 `ImportError`）。解决办法：先安装 Graphviz 本身（`sudo apt-get install graphviz`、`conda install graphviz`，Windows 上用 graphviz.org 的安装程序），再 `pip install pydot`，然后重启内核。（`kteach.show_model` 在这种情况下会改为画一张文字版的结构图。）

# %%
import os
import tempfile
from IPython.display import Image

diagram_file = os.path.join(tempfile.mkdtemp(prefix="lesson01_"), "mnist_mlp.png")
keras.utils.plot_model(model, to_file=diagram_file, show_shapes=True, show_layer_names=True, dpi=60)
Image(diagram_file) if os.path.exists(diagram_file) else print("no diagram: see the fix above")

# %% [markdown]
# ReLU 和 softmax 是 Keras 能按名字识别的两种激活函数。教程还列出了其他几种：**sigmoid**（从 0 到 1 的 S 形曲线，用于输出一个是/否的概率）、**tanh**（从 -1 到 1 的 S 形曲线）、**elu**（负半轴是一段下限为 -1 的平滑曲线的 ReLU）、**selu**（按比例放缩的 elu，使很深的层堆叠仍能保持输出的均值和离散程度）以及 **softplus**（平滑版的 ReLU，`log(1 + exp(x))`）。下面看看它们各自把五个数变成什么；`softmax` 把五个数作为一个整体处理，所以它的输出之和为 1。

# %%
examples = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]], dtype="float32")
for name in ["relu", "sigmoid", "tanh", "elu", "selu", "softplus", "softmax"]:
    values = keras.ops.convert_to_numpy(keras.activations.get(name)(examples))[0]
    print(f"{name:8}", np.round(values, 3))

# %% [markdown]
# ## 第 4 步：编译
#
# `compile` 决定模型如何学习：
#
# - **损失函数**：模型要最小化的目标，这里用 `categorical_crossentropy`，适用于独热编码的标签。**交叉熵**（cross-entropy）就是模型给正确数字的概率取对数再取负：模型很有把握且答对时为 0，很有把握却答错时很大；
# - **优化器**：负责更新权重，这里用最普通的随机梯度下降（stochastic gradient descent, SGD）。损失的**梯度**（gradient）告诉我们，每个权重稍微增大一点时，损失会增加多少；**梯度下降**让每个权重朝相反方向走一小步，一遍又一遍。“随机”是指每一步只在一小批随机选出的图像上估计梯度，而不是用全部图像。每一步的大小就是**学习率**（learning rate）；
# - **评估指标**：模型要报告的衡量标准，这里用准确率（accuracy），即识别正确的数字所占的比例。
#
# 损失函数由任务和标签决定。常见情况的搭配如下：
#
# | 任务 | 最后一层 | 损失函数 | 标签 |
# | --- | --- | --- | --- |
# | 多个类别中选一个 | `Dense(n, activation="softmax")` | `categorical_crossentropy` | 独热编码的行，和这里一样 |
# | 多个类别中选一个 | `Dense(n, activation="softmax")` | `sparse_categorical_crossentropy` | 整数 0 ... n-1（不需要 `to_categorical`） |
# | 是或否 | `Dense(1, activation="sigmoid")` | `binary_crossentropy` | 0 和 1（第 03 课） |
# | 一个数值（回归） | `Dense(1)`，不加激活函数 | `mse`（均方误差） | 数值（第 06 课） |
#
# 像 `"categorical_crossentropy"`、`"sgd"` 或 `"relu"` 这样的字符串，指的是 Keras 用默认设置构造的一个对象。想改某个设置，就自己写出这个对象：`keras.losses.CategoricalCrossentropy(label_smoothing=0.1)`、`keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)`、`keras.activations.relu`；下面的优化器就写成了对象，这样它的学习率一目了然。
#
# <details><summary><b>Keras 2 → Keras 3：</b><code>lr=</code></summary>
#
# > **Keras 2 → Keras 3：** `SGD(lr=0.01)` 在 Keras 3 中会报错（`ValueError`："Argument(s) not recognized"）。TensorFlow 2.11 到 2.15 会接受它，记录一条警告，然后忽略这个值，按默认的学习率（learning rate）训练。这个参数应写作 `learning_rate=`。它的默认值是 0.01，与教程所用的相同。
#
# </details>

# %%
optimizer = keras.optimizers.SGD(learning_rate=0.01)
model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])

# %% [markdown]
# ## 第 5 步：训练（fit）
#
# `fit` 把训练图像按每批 128 张送给网络，每处理完一批就更新一次权重；把全部训练图像过一遍称为一个**轮次**（epoch）。`validation_split=0.2` 把训练图像的最后 20% 留出来作为验证集（validation set）：模型从不在这些图像上训练，所以它们上面的准确率能告诉我们，模型学会的是一般意义上的数字，还是只记住了自己的训练图像。
#
# `kteach.LiveHistory()` 在训练过程中实时绘制损失和准确率（下面的图会原地刷新）。我们传入 `verbose=0`，这样 Keras 就不会再另外打印一个进度条。

# %%
history = model.fit(
    X_train,
    Y_train,
    batch_size=BATCH_SIZE,
    epochs=N_EPOCH,
    verbose=0,
    validation_split=VALIDATION_SPLIT,
    callbacks=[kteach.LiveHistory()],
)

# %% [markdown]
# ## 第 6 步：评估
#
# 测试集是模型从未见过的 10,000 个数字，模型在测试集上的准确率才是应该报告的结果。`evaluate` 先返回损失，再按传给 `compile` 的顺序返回各项评估指标。

# %%
score = model.evaluate(X_test, Y_test, verbose=0)
print(f"Test score (loss): {score[0]:.4f}")
print(f"Test accuracy:     {score[1]:.4f}")

# %% [markdown]
# 教程报告，在全部 60,000 张训练图像上训练 20 个轮次后，测试准确率为 **0.9462**：每个轮次 375 个批次，总共 7,500 次权重更新。用更少的图像训练时（快速模式，或 5,000 张图像的样本），可供学习的东西少了，每个轮次的批次也少了，所以同样 20 个轮次里的权重更新要少得多。到底是哪一个因素拖了后腿？训练历史会告诉我们。（README 记录了本课在完整模式下达到的准确率，以及所用的数据。）
#
# ### 训练历史
#
# `fit` 返回了一个 `History` 对象；`history.history` 是一个字典，每个键对应一个列表，列表中每个轮次有一个值。
#
# <details><summary><b>Keras 2 → Keras 3：</b><code>acc</code> 与 <code>val_acc</code></summary>
#
# > **Keras 2 → Keras 3：** Keras 2 把准确率命名为 `acc` 和 `val_acc`。使用 `metrics=["accuracy"]` 时，Keras 3 把它们命名为 `accuracy` 和 `val_accuracy`，所以教程中的 `history.history['acc']` 会引发 `KeyError`。（`kteach.plot_history` 两种名字都接受。）
#
# </details>

# %%
print(sorted(history.history.keys()))
print("last epoch:", {key: round(values[-1], 4) for key, values in sorted(history.history.items())})

# %%
fig, axes = kteach.plot_history(history)

# %% [markdown]
# `kteach.plot_history` 只是省去一些代码，别无其他：用纯 matplotlib 画同样的图，只需对两个量做一个循环，训练一条线，验证一条线。

# %%
import matplotlib.pyplot as plt

fig, panels = plt.subplots(1, 2, figsize=(10, 3.5))
for measure, panel in zip(["loss", "accuracy"], panels):
    panel.plot(history.history[measure], label="训练集")
    panel.plot(history.history["val_" + measure], label="验证集")
    panel.set_xlabel("轮次")
    panel.set_ylabel(measure)
    panel.legend()
plt.show()
print("last epoch:", ", ".join(f"{name} {values[-1]:.4f}" for name, values in history.history.items()))

# %% [markdown]
# 怎样读这些曲线？`kteach.diagnose_fit` 根据这次运行的数字替你解读，下一个单元格打印出它的结论，以及这次运行做了多少次权重更新：
#
# - **仍在学习**：训练停止时，训练损失还在快速下降。模型**训练不足**（under-trained）：多训练几个轮次、用更大的学习率或更快的优化器（第 02 课），都能在增加新数据之前先提高它的准确率。
# - **过拟合**：验证损失降到最低点之后又开始上升，而训练损失还在下降：模型学到的是自己的训练图像，而不是数字本身。第 02 课讲的就是这时该怎么办。
# - **趋于平稳**：两条损失曲线都几乎不再变化；照原样继续训练也不会有帮助。

# %%
updates_per_epoch = int(np.ceil(len(X_train) * (1 - VALIDATION_SPLIT) / BATCH_SIZE))
print(f"{len(history.epoch)} epochs x {updates_per_epoch} batches = {len(history.epoch) * updates_per_epoch} weight updates")
print(kteach.diagnose_fit(history))

# %% [markdown]
# 学习率为 0.01 的普通 SGD 步子很小：在 1,600 张图像（快速模式）或 4,000 张图像（5,000 张的样本）上训练 20 个轮次，只有几百次更新，模型仍在学习；让它低于教程的 0.9462 的，主要是这一点，而不是图像的数量。教程的那次运行做了 7,500 次更新。第 02 课会展示：同样的数据、同样的轮次，Adam 能走多远。
#
# ## 第 7 步：预测
#
# `predict` 为每张图像返回 10 个概率。预测的数字就是概率最高的那个。
#
# <details><summary><b>Keras 2 → Keras 3：</b><code>predict_classes</code></summary>
#
# > **Keras 2 → Keras 3：** `model.predict_classes(X)` 和 `model.predict_proba(X)` 已被移除（从 TF 2.6 起；`AttributeError`）。`predict` 本身就返回概率；要得到类别，取 `np.argmax(..., axis=1)` 即可。
#
# </details>

# %%
probabilities = model.predict(X_test, verbose=0)
predicted = np.argmax(probabilities, axis=1)

print("first 10 predicted:", predicted[:10])
print("first 10 true:     ", y_test[:10])
print("wrong:", int((predicted != y_test).sum()), "of", len(y_test))

# %% [markdown]
# 模型也是一个函数：`model(x)` 直接在一个批次上运行模型，返回一个张量。对少量样本来说这是最快捷的方式；`predict` 则会把大量数据分成批次处理，并返回 NumPy 数组。

# %%
direct = keras.ops.convert_to_numpy(model(X_test[:5]))
print("model(x) agrees with predict:", np.allclose(direct, probabilities[:5], atol=1e-6))

# %% [markdown]
# 下面的网格显示前 24 个测试数字，以及预测的标签和真实的标签；预测错的用红色标出，下面几行把它们一一列出，并给出模型对它错误答案的概率（在十个数字里纯靠猜，概率是 0.10）。逐个看一看：这个数字人看了也会犹豫，还是写得很清楚？概率低说明模型自己也拿不准；在清楚的数字上自信地出错（概率很高），是模型错了，而不是这个数字难认。

# %%
fig = kteach.show_predictions(X_test.reshape(-1, 28, 28), y_test, probabilities, n=24)
for i in np.flatnonzero(predicted[:24] != y_test[:24]):
    print(f"test digit {i}: predicted {predicted[i]} with probability {probabilities[i].max():.2f}, true {y_test[i]}")

# %% [markdown]
# ## 第 8 步：保存与加载
#
# 训练好的模型值得保存下来。Keras 可以保存：
#
# | 保存什么 | 怎么保存 | 包含什么 |
# | --- | --- | --- |
# | 整个模型 | `model.save("model.keras")` | 模型结构、权重、优化器状态、编译设置 |
# | 整个模型（旧版格式） | `model.save("model.h5")` | 同样的内容，但使用较旧的 HDF5 格式（Keras 会警告这是旧版格式） |
# | 只保存结构 | `model.to_json()` | 一个 JSON 字符串，不含权重 |
# | 只保存权重 | `model.save_weights("model.weights.h5")` | 权重数值，不含结构 |
#
# <details><summary><b>Keras 2 → Keras 3：</b>保存</summary>
#
# > **Keras 2 → Keras 3：** 教程中的 `model.to_jason()` 是 `to_json()` 的笔误（`AttributeError`）。`save_weights` 现在要求文件名以 `.weights.h5` 结尾：`save_weights('modelWeight.h5')` 会引发 `ValueError`。`model.save("model.h5")` 仍然可用，但会警告 HDF5 是旧版格式：`.keras` 才是原生格式。`load_model` 拒绝运行保存在文件中的代码（例如 `Lambda` 层里的 Python 函数，`ValueError`），除非你传入 `safe_mode=False`：只对你信任的文件这样做。
#
# </details>
#
# 我们把文件保存到一个临时文件夹中，这样本课不会留下任何文件。

# %%
folder = tempfile.mkdtemp(prefix="lesson01_")
model.save(os.path.join(folder, "model.keras"))
model.save(os.path.join(folder, "model.h5"))
architecture = model.to_json()
model.save_weights(os.path.join(folder, "model.weights.h5"))

print(sorted(os.listdir(folder)))
print("the JSON describes", architecture.count('"class_name": "Dense"'), "Dense layers and holds no weights")

# %% [markdown]
# 把每种形式都加载回来，检查它的预测是否与训练好的模型完全一致。从 JSON 重建的模型在 `load_weights` 填入权重之前，只有随机初始化的权重，也没有训练设置：要先用同样的方式编译它，让保存下来的优化器状态有处可放。（加载 `.h5` 文件时，Keras 会警告说，它的评估指标要等到再次训练或评估时才会构建；这是正常现象。）

# %%
restored = {
    ".keras": keras.models.load_model(os.path.join(folder, "model.keras")),
    ".h5 (legacy)": keras.models.load_model(os.path.join(folder, "model.h5")),
}
from_json = keras.models.model_from_json(architecture)
from_json.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])
from_json.load_weights(os.path.join(folder, "model.weights.h5"))
restored["to_json + weights"] = from_json

for name, loaded in restored.items():
    same = np.array_equal(loaded.predict(X_test, verbose=0), probabilities)
    print(f"{name:18} identical predictions: {same}")

# %% [markdown]
# ## 与 Keras 2 相比的变化，一表总结
#
# | 教程（Keras 2） | Keras 3 |
# | --- | --- |
# | `from keras.layers.core import Dense, Activation` | `from keras.layers import Dense, Activation` |
# | `from keras.utils import np_utils`；`np_utils.to_categorical(y, 10)` | `keras.utils.to_categorical(y, 10)` |
# | 第一层写成 `Dense(128, input_shape=(784,))` | 先写 `keras.Input(shape=(784,))`，再写 `Dense(128)` |
# | `SGD(lr=0.01)` | `SGD(learning_rate=0.01)` |
# | `history.history['acc']`、`['val_acc']` | `history.history['accuracy']`、`['val_accuracy']` |
# | `model.predict_classes(X)` | `np.argmax(model.predict(X), axis=1)` |
# | `model.to_jason()` | `model.to_json()` |
# | `model.save_weights('modelWeight.h5')` | `model.save_weights('model.weights.h5')` |
# | `model.save('model.h5')` | `model.save('model.keras')`（`.h5` 仍可作为旧版格式加载） |
#
# **下一课：** 第 02 课会一次只改动一处，逐步改进这个网络：dropout、正则化（regularization）、其他优化器、更宽的层，以及不同的批大小（batch size）。

# %% [markdown]
# ## 练习
#
# 四道练习，由易到难。每个代码单元格都以 `kteach.check(...)` 结尾：修改单元格并运行，检查会用一句话说出哪里对了，或者第一处要改的地方；答错了也不会看到一长串报错信息（traceback）。卡住了？`kteach.hint("01.1")` 给出一条提示，每多问一次就更直接一些；用完提示后（或连问两次），`kteach.solution("01.1")` 会显示参考答案。`kteach.progress()` 列出你尝试过和答对的练习：进度保存在 `~/.kteach/progress.json` 中（用 `KTEACH_PROGRESS` 可以换一个文件）。

# %% [markdown]
# ### 01.1 · 简单：预测参数个数
#
# `N_HIDDEN = 128` 时，上面的网络有 118,282 个参数。如果每个隐藏层有 256 个神经元，它会有多少个参数？不搭模型，直接预测：写出算式。

# %%
parameters = ...  # 算式，例如 784 * 256 + ...
kteach.check("01.1", parameters)

# %% [markdown]
# ### 01.2 · 简单：改写一行 Keras 2 代码
#
# 一篇 Keras 2 教程写的是 `optimizer = SGD(lr=0.05)`。请用 Keras 3 的写法重写它，学习率不变。

# %%
sgd = ...
kteach.check("01.2", sgd)

# %% [markdown]
# ### 01.3 · 中等：搭一个更深的网络
#
# 为展平后的图像搭一个 `Sequential` 模型：**三个**隐藏层，每层 256 个使用 ReLU 激活函数的神经元，输出层仍是 10 个单元的 softmax。

# %%
deeper = ...  # 在这里搭建模型
kteach.check("01.3", deeper)

# %% [markdown]
# ### 01.4 · 较难：训练到 90% 以上
#
# 为独热编码的标签编译你在 01.3 中搭的模型：用学习率 0.001 的 Adam 和准确率指标；在 `X_train` 和 `Y_train` 上训练 10 个轮次，再在测试集上检查：测试准确率要达到 0.90（快速模式下用小样本，要求 0.85），而本课的 SGD 网络没有达到。

# %%
# 在这里编译 deeper，再用 deeper.fit(...) 训练它

kteach.check("01.4", deeper, X_test, Y_test)
