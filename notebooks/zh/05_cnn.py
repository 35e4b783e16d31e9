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
# # 第 05 课：用卷积神经网络（convolutional neural network）识别 Fashion-MNIST
#
# **简介：** 用教程中由 `Conv2D` 和 `MaxPooling2D` 层组成的类 VGG 网络给服装图片分类，与第 01 课的 MLP（多层感知机）做比较，并看看它的卷积核（filter）看到了什么。
#
# 第 01 课的 MLP 在观察一张图像之前，先把它展平成 784 个数：即使把像素打乱（对每张图像都按同一种方式打乱），它也能学得一样好，所以它无法利用“相邻像素属于一个整体”这一事实。**卷积**神经网络（CNN）则把图像当作图像来处理。每个 `Conv2D` 层让一些 3×3 的小卷积核在图像上滑动，在每个位置寻找同样的局部模式（一条边、一个角、一道条纹）；随后 `MaxPooling2D` 做最大池化（max pooling），把图像的高和宽各减半，只保留每个 2×2 小块中最强的响应，这样下一层的卷积核就能看到更大的区域。
#
# 我们使用教程 Sequential 模型笔记中的 CNN（一个小型的类 VGG 网络：两个卷积层、池化、再两个卷积层、池化，最后是 `Dense` 层），数据集是 **Fashion-MNIST**：70,000 张 28×28 的灰度服装图片，共 10 类，格式与 MNIST 相同，但更难。
#
# *快速模式*（`KTEACH_QUICK=1`，自动测试运行的就是这种模式）用 kteach 自带的 2,000 + 1,000 张图片，按教程的设置训练 10 个轮次（epoch），批大小（batch size）为 32。不设置该变量时，使用完整的 60,000 + 10,000 张图片，并让 CNN 只训练 5 个轮次，这样整节课在 2 个 CPU 核心上大约需要 4 分钟（训练 10 个轮次则需要两倍的时间）。由于图片多了 30 倍，这 5 个轮次的权重更新次数仍然是快速模式下 10 个轮次的 15 倍。
#
# *新术语在第一次出现时都会解释；[术语表](glossary.md)把它们汇总在一起。*
#
# *English version（英文版）: [../05_cnn.ipynb](../05_cnn.ipynb)*

# %% [markdown]
# *在 Colab 上？* 下一个单元格会在缺少 kteach 时安装它；在其他环境中，它什么也不做。

# %%
# 在 Colab 上：如果缺少 kteach，就安装它。在已经装好 kteach 的环境中（你自己的电脑、Binder），
# 这个单元格什么也不做。（超参数面板会自行开启 Colab 的 widget 支持。）
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)

# %% [markdown]
# ## 准备工作

# %%
import time

import numpy as np
import keras
import kteach

kteach.set_language("zh")  # "zh"：kteach 的提示信息和图表标签使用中文
SEED = 1671
kteach.seed_everything(SEED)
QUICK = kteach.quick_mode()

# 教程中的 CNN 设置
EPOCHS = 10 if QUICK else 5  # 教程用 10 个轮次；取 5 个，完整模式在 CPU 上几分钟就能跑完
BATCH_SIZE = 32
LEARNING_RATE = 0.01
MOMENTUM = 0.9
# 第 01 课的 MLP 设置
MLP_EPOCHS = 20
MLP_BATCH_SIZE = 128
N_CLASSES = 10
VALIDATION_SPLIT = 0.2

CLASS_NAMES = kteach.class_names("fashion_mnist")  # 按类别编号排列的 "T-shirt/top"、"Trouser" 等（中文版中是中文名称）

print(kteach.versions(), "| quick mode:", QUICK)

# %% [markdown]
# ## 数据
#
# `kteach.load_fashion_mnist()` 返回的内容与 `keras.datasets.fashion_mnist.load_data()` 相同，而且离线也能用。标签是 0-9 的类别编号。Keras 没有给它们起名字；`kteach.class_names` 给出它们的名称（使用 `kteach.set_language` 所选的语言）。

# %%
(x_train, y_train), (x_test, y_test) = kteach.load_fashion_mnist()
print(x_train.shape, x_test.shape, "| images per class in train:", np.bincount(y_train))

# %%
fig = kteach.show_image_rows({"": x_train[:10]}, n=10, titles=[CLASS_NAMES[i] for i in y_train[:10]])

# %% [markdown]
# `Conv2D` 层接收形状为 (高, 宽, 通道数) 的图像：灰度图片只有一个通道（彩色图片有 3 个，就像教程中 100×100×3 的虚拟数据）。所以 CNN 的输入形状是 (28, 28, 1)；MLP 得到的是同样的像素，只是被展平成了 784 个数。

# %%
img_train = x_train[..., np.newaxis].astype("float32") / 255
img_test = x_test[..., np.newaxis].astype("float32") / 255
flat_train = img_train.reshape(len(img_train), -1)
flat_test = img_test.reshape(len(img_test), -1)
Y_train = keras.utils.to_categorical(y_train, N_CLASSES)
Y_test = keras.utils.to_categorical(y_test, N_CLASSES)
print("CNN input:", img_train.shape, "| MLP input:", flat_train.shape)

# %% [markdown]
# ## CNN 模型
#
# 逐层来看（教程的笔记解释了每个参数）：
#
# - `Conv2D(32, (3, 3), activation="relu")`：32 个**卷积核**（即输出通道数），每个由 3×3 个权重组成。在默认的 `padding="valid"` 下，卷积核只在能完整放下的位置上计算，所以每次卷积都会在每条边上削掉一个像素（28 → 26）；`padding="same"` 则会保持尺寸不变。`strides`（默认为 1）是卷积核每一步移动的距离。
# - `MaxPooling2D(pool_size=(2, 2))`：保留每个 2×2 小块中的最大值，把高和宽各减半。
# - `Dropout(0.25)`：第 02 课讲过的正则化（regularization），这里放在各个卷积块之间。
# - `Flatten()`：把最后的特征图展平成一个向量，交给 `Dense` 层；和 MLP 一样，网络最后是几个 `Dense` 层和一个 softmax。
#
# > **Keras 2 → Keras 3：** 第一层写成 `Conv2D(32, (3, 3), activation='relu', input_shape=(100, 100, 3))` 仍能运行，但会发出警告：应当以 `keras.Input(shape=(28, 28, 1))` 开头。各层要从 `keras.layers` 导入，而不是从 `keras.layers.core` 或 `keras.layers.convolutional` 导入（这两个现在都会引发 `ModuleNotFoundError`）。

# %%
cnn = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(32, (3, 3), activation="relu"),
        keras.layers.Conv2D(32, (3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Dropout(0.25),
        keras.layers.Conv2D(64, (3, 3), activation="relu"),
        keras.layers.Conv2D(64, (3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Dropout(0.25),
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(N_CLASSES, activation="softmax"),
    ],
    name="vgg_like_cnn",
)
cnn.summary()

# %% [markdown]
# 跟着输出形状看：28×28 → 26 → 24，池化后变为 12，→ 10 → 8，池化后变为 4：最后的特征图是 4×4×64 = 1,024 个数。卷积核的权重在整张图像上共享，所以卷积层的参数很少：第一个卷积层有 3 × 3 × 1 × 32 个权重 + 32 个偏置 = 320 个参数。大部分参数都在第一个 `Dense` 层里（1,024 × 256 + 256）：

# %%
for layer in cnn.layers:
    if layer.count_params():
        print(f"{layer.name:10} {layer.count_params():8,}")
print(f"{'total':10} {cnn.count_params():8,}")
conv_params = sum(layer.count_params() for layer in cnn.layers if isinstance(layer, keras.layers.Conv2D))
print(f"of which the 4 convolutions: {conv_params:,}")

# %%
kteach.show_model(cnn)

# %% [markdown]
# ## 编译和训练
#
# 教程用带**动量**（momentum）的 SGD 训练（每一步都保留上一步的 90%，让权重沿着一致的方向持续移动），而且用的是它的 **Nesterov** 形式（在动量即将把权重带到的位置计算梯度，从而更早地纠正冲过头的情况）。
#
# > **Keras 2 → Keras 3：** `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)` 会因为 `lr=` 而报错（`ValueError`："Argument(s) not recognized"）：应写作 `learning_rate=`。`decay=` 则不会报错：Keras 3 接受它，发出一条警告（"no longer supported and will be ignored"），然后忽略它，所以只改掉 `lr` 的话，衰减会在不知不觉中丢失。优化器（optimizer）的这个衰减在这里的作用微乎其微：学习率（learning rate）按 `0.01 / (1 + 1e-6 × step)` 缩小，10 个轮次、每个轮次 1,500 步下来只降低了约 1.5%，所以我们把它去掉了。如果想保留它，可以传入一个学习率调度：`learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6)`。教程编译时没有指定 `metrics`；我们加上了 `"accuracy"`，以便在训练过程中跟踪它。

# %%
optimizer = keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM, nesterov=True)
cnn.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])

start = time.perf_counter()
cnn_history = cnn.fit(
    img_train,
    Y_train,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    validation_split=VALIDATION_SPLIT,
    verbose=0,
    callbacks=[kteach.LiveHistory()],
)
cnn_seconds = time.perf_counter() - start
cnn_loss, cnn_accuracy = cnn.evaluate(img_test, Y_test, batch_size=BATCH_SIZE, verbose=0)
print(f"CNN test accuracy {cnn_accuracy:.4f} | loss {cnn_loss:.4f} | training time {cnn_seconds:.1f}s")

# %% [markdown]
# ## 把第 01 课的 MLP 用在同样的服装图片上
#
# 作为对照，这里用第 01 课的网络和第 01 课的设置（两个各有 128 个单元的 `Dense` 层、学习率为 0.01 的 SGD、训练 20 个轮次、批大小 128），在同样的图片（展平后）上训练。

# %%
kteach.seed_everything(SEED)
mlp = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(N_CLASSES, activation="softmax"),
    ],
    name="lesson01_mlp",
)
mlp.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])

start = time.perf_counter()
mlp_history = mlp.fit(
    flat_train, Y_train, batch_size=MLP_BATCH_SIZE, epochs=MLP_EPOCHS, validation_split=VALIDATION_SPLIT, verbose=0
)
mlp_seconds = time.perf_counter() - start
mlp_loss, mlp_accuracy = mlp.evaluate(flat_test, Y_test, verbose=0)
print(f"MLP test accuracy {mlp_accuracy:.4f} | loss {mlp_loss:.4f} | training time {mlp_seconds:.1f}s")

# %% [markdown]
# ## CNN 还是 MLP？
#
# `kteach.compare_runs` 把两次运行的曲线叠画在一起，并列成表格（“用时”一列会因机器而异）。

# %%
runs = [
    {
        "name": "MLP (lesson 01)",
        "params": {"parameters": f"{mlp.count_params():,}", "epochs": MLP_EPOCHS, "batch size": MLP_BATCH_SIZE},
        "history": mlp_history.history,
        "test_accuracy": mlp_accuracy,
        "seconds": mlp_seconds,
    },
    {
        "name": "CNN (VGG-like)",
        "params": {"parameters": f"{cnn.count_params():,}", "epochs": EPOCHS, "batch size": BATCH_SIZE},
        "history": cnn_history.history,
        "test_accuracy": cnn_accuracy,
        "seconds": cnn_seconds,
    },
]
comparison = kteach.compare_runs(runs, metrics=["accuracy"])
comparison

# %%
print(f"test accuracy: CNN {cnn_accuracy:.4f} vs MLP {mlp_accuracy:.4f} ({100 * (cnn_accuracy - mlp_accuracy):+.1f} points)")
print(f"test errors:   CNN {1 - cnn_accuracy:.4f} vs MLP {1 - mlp_accuracy:.4f}")
print(f"parameters:    CNN {cnn.count_params():,} = {cnn.count_params() / mlp.count_params():.1f} x the MLP's")
print(f"training time: CNN {cnn_seconds:.1f}s vs MLP {mlp_seconds:.1f}s")
print("the CNN is more accurate:", cnn_accuracy > mlp_accuracy)
print("the CNN takes longer to train:", cnn_seconds > mlp_seconds)

# %% [markdown]
# CNN 比 MLP 犯的错误更少：它在整张图片上到处寻找同样的形状，而不是对每个像素位置分别学习。它的参数更多，但几乎全都在第一个 `Dense` 层里；它的四个卷积层只有大约 65,000 个参数。不过，这些参数要在图像的每个位置上使用，所以 CNN 处理每张图片需要多得多的计算，训练也要慢得多。（两者的 SGD 设置也不一样：MLP 用的是第 01 课的设置，没有动量。第 02 课的超参数（hyperparameter）面板可以让你给 MLP 换一个更好的优化器，看看它能达到什么水平。）
#
# ## 它会把哪些衣服搞混？

# %%
probabilities = cnn.predict(img_test, verbose=0)
fig = kteach.show_predictions(x_test, y_test, probabilities, n=18, class_names=CLASS_NAMES)

# %%
matrix, fig = kteach.confusion_matrix(y_test, probabilities, CLASS_NAMES)
mistakes = matrix - np.diag(np.diag(matrix))
true_class, predicted_class = np.unravel_index(mistakes.argmax(), mistakes.shape)
print("most frequent mistake:", CLASS_NAMES[true_class], "taken for", CLASS_NAMES[predicted_class], f"({mistakes.max()} times)")
per_class = {name: round(float(matrix[i, i] / matrix[i].sum()), 2) for i, name in enumerate(CLASS_NAMES)}
print("accuracy per class:", per_class)
print("hardest class:", min(per_class, key=per_class.get))

# %% [markdown]
# 裤子、包和鞋子都很容易分辨。最难的类别是衬衫（Shirt），它大多被误认为其他上衣（T-shirt/top、Pullover、Coat）：在 28×28 像素下，这些衣服连人都很难分清。
#
# ## 第一层在寻找什么
#
# 第一个卷积层的 32 个卷积核本身就是 3×3 的小图片：`kteach.show_filters` 把它们画出来，红色表示正权重，蓝色表示负权重。图像中哪里长得像某个卷积核，这个卷积核在哪里的响应就最强：上面一行红、下面一行蓝的卷积核能找出水平边缘（上亮下暗），一列红挨着一列蓝的卷积核则能找出竖直边缘。

# %%
fig = kteach.show_filters(cnn.layers[0])

# %% [markdown]
# **特征图**（feature map）展示了每一层针对一张图片向后传递的内容：每个卷积核对应一张小图，卷积核找到其模式的地方就亮。`kteach.feature_maps` 让这张图片通过训练好的网络，返回每个卷积层和池化层的输出（一个由数组组成的字典）；`kteach.show_feature_maps` 画出每一层的前 8 个通道。前几层的特征图看起来仍然像那件衣服，只是沿着不同方向的边缘勾出了轮廓；每经过一次池化，特征图就变得更小、更抽象：它们更多地表示某个模式*是否*出现，而不是出现在*哪里*。一张始终暗着的特征图，说明对应的卷积核在这张图片里完全没有找到它的模式。

# %%
maps = kteach.feature_maps(cnn, img_test[:1])
print({name: array.shape for name, array in maps.items()})
print("the picture:", CLASS_NAMES[y_test[0]])

# %%
fig = kteach.show_feature_maps(maps, channels=8)

# %% [markdown]
# ## 与 Keras 2 相比的变化
#
# | 教程（Keras 2） | Keras 3 |
# | --- | --- |
# | `from keras.layers import Conv2D, MaxPooling2D` | 不变，或写成 `keras.layers.Conv2D` |
# | 第一层为 `Conv2D(32, (3, 3), input_shape=(100, 100, 3))` | 先写 `keras.Input(shape=(100, 100, 3))`，再写 `Conv2D(32, (3, 3))` |
# | `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)` | `SGD(learning_rate=0.01, momentum=0.9, nesterov=True)`；如需衰减，用 `learning_rate=InverseTimeDecay(0.01, 1, 1e-6)` |
# | `keras.datasets.fashion_mnist.load_data()`（需要下载） | 不变；`kteach.load_fashion_mnist()` 离线也能用 |
#
# 卷积不只用于图片：`Conv1D` 让卷积核沿着序列滑动，比如第 03 课影评中的词序列。
#
# **下一课：** 第 06 课用 LSTM 预测一个时间序列（time series），并与一个朴素基线（naive baseline）做比较。

# %% [markdown]
# ## 练习
#
# 四道练习，由易到难：修改每个代码单元格并运行，`kteach.check` 会用一句话给出判断。`kteach.hint("05.1")` 给出提示，用完提示后 `kteach.solution("05.1")` 给出参考答案，`kteach.progress()` 列出你已答对的练习。

# %% [markdown]
# ### 05.1 · 简单：预测输出形状
#
# `Conv2D(32, (3, 3))` 在默认的 `padding="valid"` 下，作用在一张 28×28 的灰度图像上，输出形状是什么？给出 (高, 宽, 通道数)。

# %%
shape = ...
kteach.check("05.1", shape)

# %% [markdown]
# ### 05.2 · 简单：数一数卷积层的参数
#
# CNN 的第三个卷积层 `Conv2D(64, (3, 3))` 接收 32 个通道的特征图。它有多少个参数？先算出来，再去看模型摘要。

# %%
conv_parameters = ...
kteach.check("05.2", conv_parameters)

# %% [markdown]
# ### 05.3 · 中等：为 Conv2D 准备图像
#
# 把原始测试图像 `x_test`（0 到 255 的整数，形状为 (数量, 28, 28)）变成 CNN 接收的样子。

# %%
images = ...
kteach.check("05.3", images, x_test)

# %% [markdown]
# ### 05.4 · 较难：一个小 CNN
#
# 为 28×28×1 的图像搭一个小 CNN：一个有 16 个 3×3 卷积核、使用 ReLU 的 `Conv2D`，一个 2×2 的 `MaxPooling2D`，以及 10 个类别的 softmax 输出层。

# %%
small_cnn = ...
kteach.check("05.4", small_cnn)
