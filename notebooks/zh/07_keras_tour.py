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
# # 第 07 课：Keras 工具箱巡礼
#
# **简介：** 简要浏览教程中一笔带过的那些工具：回调（callback）、自定义评估指标、类别权重与样本权重、手写的训练循环、初始化器、约束、批量归一化（batch normalization）、动量，以及循环层、卷积（convolution）层和融合层。
#
# 每一部分都很短，并在 MNIST 或 IMDB 上跑一个真实的实验，让你看到一个工具**做了什么**，而不只是怎么调用它。一路上，我们还会回答一位学习者在“30 秒上手 Keras”教程页边用红字写下的问题：`compile` 做了什么，轮次（epoch）和批大小（batch size）是什么意思，什么时候用 `train_on_batch`，以及为什么 `predict` 也有批大小。
#
# *快速模式*（`KTEACH_QUICK=1`，自动测试运行的就是这种模式）使用 kteach 自带的真实 MNIST 和 IMDB 样本，轮次也更少；不设置时，本课会使用它能找到的完整数据，并训练更多轮次。这次巡礼的各个要点在两种模式下都成立，打印出来的各行会逐一验证。
#
# *新术语在第一次出现时都会解释；[术语表](glossary.md)把它们汇总在一起。*
#
# *English version（英文版）: [../07_keras_tour.ipynb](../07_keras_tour.ipynb)*

# %% [markdown]
# *在 Colab 上？* 下一个单元格会在缺少 kteach 时安装它；在其他环境中，它什么也不做。

# %%
# 在 Colab 上：如果缺少 kteach，就安装它。在已经装好 kteach 的环境中（你自己的电脑、Binder），
# 这个单元格什么也不做。（超参数面板会自行开启 Colab 的 widget 支持。）
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)

# %% [markdown]
# ## 准备工作：第 01 课的 MNIST 数据

# %%
import csv
import os
import tempfile

import numpy as np
import keras
import kteach

kteach.set_language("zh")  # "zh"：kteach 的提示信息和图表标签使用中文
SEED = 1671
kteach.seed_everything(SEED)
QUICK = kteach.quick_mode()

EPOCHS = 5 if QUICK else 20  # 用于 MLP 的对比实验
BATCH_SIZE = 128
N_HIDDEN = 128
IMDB_WORDS = 5000  # 与第 03 课相同
MAXLEN = 200
IMDB_EPOCHS = 2 if QUICK else 3

(X_train, y_train), (X_test, y_test) = kteach.load_mnist()
X_train = X_train.reshape(-1, 784).astype("float32") / 255
X_test = X_test.reshape(-1, 784).astype("float32") / 255
Y_train = keras.utils.to_categorical(y_train, 10)
Y_test = keras.utils.to_categorical(y_test, 10)
folder = tempfile.mkdtemp(prefix="lesson07_")  # 本课写出的所有文件都放在这里

print(kteach.versions(), "| quick mode:", QUICK, "| train", X_train.shape, "| test", X_test.shape)

# %% [markdown]
# 第 01 课的网络，用一个函数来构建，这样每个实验都可以只改动一处：`dense_options` 会传给两个 `Dense` 隐藏层（hidden layer），用来指定初始化器或约束；而 `batch_norm=True` 会在每个 `Dense` 层和它的激活函数（activation function）之间插入一个 `BatchNormalization` 层。`build(params)` 把一次运行的设置变成一个编译好的模型，再由第 02 课的 `kteach.Trainer` 来运行它：重新设置随机种子、构建模型、用 `validation_split=0.2` 训练 `EPOCHS` 个轮次、在测试集（test set）上测试，并记录这次运行。这样，下面的各个实验之间只有各自改动的那一处不同。

# %%
def mlp(batch_norm: bool = False, **dense_options) -> keras.Sequential:
    """Lesson 01's MLP (Dense 128 ReLU x2, softmax), optionally with batch normalization."""
    layers = [keras.Input(shape=(784,))]
    for _ in range(2):
        layers.append(keras.layers.Dense(N_HIDDEN, **dense_options))
        if batch_norm:
            layers.append(keras.layers.BatchNormalization())
        layers.append(keras.layers.Activation("relu"))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers)


def build(params: dict) -> keras.Sequential:
    """Lesson 01's MLP changed by a run's params, compiled with SGD at learning rate 0.01 (no momentum unless given)."""
    max_norm = params.get("max_norm")
    model = mlp(
        params.get("batch_norm", False),
        kernel_initializer=params.get("initializer", "glorot_uniform"),
        kernel_constraint=keras.constraints.MaxNorm(max_norm) if max_norm else None,
    )
    optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=params.get("momentum", 0.0), nesterov=params.get("nesterov", False))
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


trainer = kteach.Trainer(((X_train, Y_train), (X_test, Y_test)), build=build, params={"epochs": EPOCHS, "batch_size": BATCH_SIZE}, seed=SEED)

# %% [markdown]
# ## 1. `compile` 做了什么？
#
# *红字问题：模型的编译过程是在做什么？*
#
# `compile` 既不训练模型，也不碰权重。它的作用是**配置学习过程**：指定要最小化的损失函数（loss function）、负责更新权重的优化器（optimizer），以及要报告的评估指标（metric）。`fit`、`evaluate` 和 `train_on_batch` 都需要这些设置，所以它们会拒绝未编译的模型。（之后在 `fit` 第一次运行时，Keras 会把训练步骤转换成一张高效的 TensorFlow 计算图。）

# %%
model = mlp()
before = [w.copy() for w in model.get_weights()]
try:
    model.fit(X_train, Y_train, epochs=1, verbose=0)
except ValueError as error:
    print("fit before compile:", error)

model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
print("weights unchanged by compile:", all(np.array_equal(a, b) for a, b in zip(before, model.get_weights())))
print("optimizer now:", type(model.optimizer).__name__, "| learning rate", round(float(model.optimizer.learning_rate), 4))

# %% [markdown]
# ## 2. 回调，以及轮次和批大小的含义
#
# **回调**是 `fit` 在固定时机调用的对象：训练开始和结束时、每个轮次开始和结束时、每个批次开始和结束时。下面是其中四个内置回调：
#
# - `LambdaCallback`：运行你自己写的小函数，这里用它在每个轮次结束时打印一行报告，并统计权重更新的次数；
# - `ModelCheckpoint`：在训练过程中保存模型（或它的权重），这里保存到目前为止最好的模型，以及每个轮次之后的权重；
# - `EarlyStopping`：早停（early stopping），当验证损失不再下降时停止训练（第 03 课和第 06 课）；
# - `CSVLogger`：边训练边把训练历史写入一个 CSV 文件，每个轮次一行。
#
# *红字问题：再明确下轮次和 batch_size 的意思。* **批大小**是模型每次更新权重之前看到的样本数；一个**轮次**是把全部训练样本过一遍。因此一个轮次会进行 `ceil(samples / batch_size)` 次更新。我们用计数器来验证这一点。
#
# > **Keras 2 → Keras 3：** `ModelCheckpoint('weights.h5', save_weights_only=True)` 现在会报错（`ValueError`）：权重文件必须以 `.weights.h5` 结尾，完整模型则以 `.keras` 结尾（`.h5` 仍然可用，作为旧格式）。`period=5` 会引发 `TypeError`：它改成了 `save_freq`（以批次为单位，或者取 `"epoch"`）。

# %%
updates = []
callbacks = [
    keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: print(f"epoch {epoch + 1}: loss {logs['loss']:.4f}, val_loss {logs['val_loss']:.4f}"),
        on_train_batch_end=lambda batch, logs: updates.append(batch),
    ),
    keras.callbacks.ModelCheckpoint(os.path.join(folder, "best.keras"), monitor="val_loss", save_best_only=True),
    keras.callbacks.ModelCheckpoint(os.path.join(folder, "epoch{epoch:02d}.weights.h5"), save_weights_only=True),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True),
    keras.callbacks.CSVLogger(os.path.join(folder, "history.csv")),
]
kteach.seed_everything(SEED)
model = mlp()
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(
    X_train, Y_train, epochs=4 * EPOCHS, batch_size=BATCH_SIZE, validation_split=0.2, callbacks=callbacks, verbose=0
)

# %%
train_samples = int(len(X_train) * 0.8)
per_epoch = int(np.ceil(train_samples / BATCH_SIZE))
print(f"{train_samples} training samples / batch size {BATCH_SIZE} -> {per_epoch} updates per epoch")
print(f"{len(history.epoch)} epochs -> {len(updates)} updates counted (expected {per_epoch * len(history.epoch)})")
print(kteach.diagnose_fit(history))

# %% [markdown]
# 结论那一行（第 01 课的 `kteach.diagnose_fit`）解读了这次运行的曲线：用 Adam 时训练损失一直在下降，但验证损失在最低的那个轮次之后掉头向上，训练准确率（accuracy）也把验证准确率甩在了后面。模型开始死记硬背它的训练图像，也就是过拟合（overfitting），而这正是 `EarlyStopping(patience=2)` 所等待的：连续两个轮次验证损失没有降低，它就停止训练，并恢复最好的权重。
#
# 下面看看回调在文件夹里留下了什么。`EarlyStopping` 恢复了最佳轮次的权重，所以内存中的模型和检查点 `best.keras` 的预测结果必须完全相同：

# %%
files = sorted(os.listdir(folder))
print([name for name in files if not name.startswith("epoch")], "and", sum(name.startswith("epoch") for name in files), "epochNN.weights.h5 files")
best = keras.models.load_model(os.path.join(folder, "best.keras"))
print("best.keras predicts like the restored model:", np.allclose(best.predict(X_test, verbose=0), model.predict(X_test, verbose=0)))

with open(os.path.join(folder, "history.csv"), newline="") as handle:
    rows = list(csv.DictReader(handle))
print("history.csv columns:", list(rows[0]))
print("last row:", {key: round(float(value), 4) for key, value in rows[-1].items()})

# %% [markdown]
# ## 3. 为什么 `predict` 也有批大小？
#
# *红字问题：predict 的时候，还有 batch_size 的吗？*
#
# 有的，这是为了内存，而不是为了结果：模型一次只计算一个批次的输出，这样一百万张图像就不必同时放进内存。`predict` 期间不会学习任何东西，所以批大小只影响速度和内存占用，从不影响答案（浮点舍入误差除外）：

# %%
small_batches = model.predict(X_test, batch_size=8, verbose=0)
one_batch = model.predict(X_test, batch_size=len(X_test), verbose=0)
print("same predictions with batch_size=8 and one batch:", np.allclose(small_batches, one_batch, atol=1e-6))

# %% [markdown]
# ## 4. `train_on_batch`：自己写训练循环
#
# *红字问题：什么时候会要用到这个？*
#
# `fit` 会替你运行训练循环。`train_on_batch(x, y)` 在你给它的批次上恰好做**一次**权重更新，并返回这一批的损失和评估指标。当你需要自己控制循环时就用它：数据以流的形式陆续到来、两个模型轮流训练（比如 GAN 的生成器和判别器），或者 `fit` 无法表达的训练安排。下面把 `fit` 运行的循环完整地写出来：

# %%
kteach.seed_everything(SEED)
model = mlp()
model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
rng = np.random.default_rng(SEED)

for epoch in range(3):
    order = rng.permutation(len(X_train))  # 每个轮次都打乱顺序，和 fit 一样
    losses = []
    for start in range(0, len(order), BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        loss, accuracy = model.train_on_batch(X_train[batch], Y_train[batch])
        losses.append(loss)
    test_loss, test_accuracy = model.evaluate(X_test, Y_test, verbose=0)
    print(f"epoch {epoch + 1}: {len(losses)} updates, mean batch loss {np.mean(losses):.4f}, test accuracy {test_accuracy:.4f}")

# %% [markdown]
# ## 5. 自定义评估指标：`mean_pred`
#
# *红字问题：metrics 是什么？* 评估指标是 Keras 在训练和评估期间报告给**你**看的数值；和损失不同，它不会被最小化。任何以 `(y_true, y_pred)` 为参数的函数都可以作为评估指标。教程中的 `mean_pred` 报告平均预测概率：对于二分类器，也就是它平均而言有多倾向于回答“是”。这不是回答“是”的比例：一个给每张图像都输出 0.6 的检测器，`mean_pred` 是 0.6，却每次都回答“是”（高于 0.5）。（自定义**损失函数**也是这样写，通过 `loss=` 传入。）
#
# > **Keras 2 → Keras 3：** `import keras.backend as K` 仍然可用，但 `K.mean(y_pred)` 会失败（`AttributeError`）：`keras.backend` 不再包含数学函数。它们现在位于 `keras.ops` 中，适用于所有后端。

# %%
def mean_pred(y_true, y_pred):
    """The mean predicted probability of the batch (the tutorial's custom metric)."""
    return keras.ops.mean(y_pred)

# %% [markdown]
# 自定义**损失函数**（loss function）的写法相同，每个样本返回一个数，通过 `loss=` 传入。下面手写一个均方误差，与 Keras 自带的对照，再用它编译一个模型：

# %%
def my_mse(y_true, y_pred):
    """Mean squared error per sample, written by hand (what loss="mse" computes)."""
    return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)


y_true = np.array([[0.0, 1.0], [1.0, 1.0]], dtype="float32")
y_pred = np.array([[0.1, 0.8], [0.7, 1.0]], dtype="float32")
print("by hand:", round(float(keras.ops.mean(my_mse(y_true, y_pred))), 4), "| Keras:", round(float(keras.losses.MeanSquaredError()(y_true, y_pred)), 4))
regression = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2)])
regression.compile(optimizer="sgd", loss=my_mse)
print("loss of the untrained model with my_mse:", np.isfinite(regression.evaluate(y_pred, y_true, verbose=0)))

# %% [markdown]
# ## 6. 不平衡的任务：`class_weight` 与 `sample_weight`
#
# 稀有的类别很容易被忽略。我们来构造一个这样的任务：“这个数字是 5 吗？”训练数据中的 5 每五个只保留一个，这样训练图像中只有约 2% 是正样本。测试集（test set）保持自然比例，约 10%。一个永远回答“不是”的模型在训练数据上就已经有约 98% 的准确率（accuracy），所以准确率说明不了什么：要看 5 的**召回率**（recall，真正的 5 中被模型找出来的比例）和**精确率**（precision，模型回答“5”的那些样本中答对的比例）。

# %%
is_five = y_train == 5
keep = ~is_five | (np.cumsum(is_five) % 5 == 1)  # 每五个 5 保留一个，其他数字全部保留
x_rare, y_rare = X_train[keep], is_five[keep].astype("float32")
y_rare_test = (y_test == 5).astype("float32")
print(f"training: {int(y_rare.sum())} fives in {len(y_rare)} images ({y_rare.mean():.1%}) | test: {y_rare_test.mean():.1%} fives")


def fit_detector(**weights) -> keras.Sequential:
    """Train a logistic-regression '5 detector' with `weights` (class_weight or sample_weight) passed to fit."""
    kteach.seed_everything(SEED)
    detector = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(1, activation="sigmoid")])
    detector.compile(
        loss="binary_crossentropy",
        optimizer="adam",
        metrics=[keras.metrics.Recall(name="recall"), keras.metrics.Precision(name="precision"), mean_pred],
    )
    detector.fit(x_rare, y_rare, epochs=EPOCHS, batch_size=32, verbose=0, **weights)
    return detector

# %% [markdown]
# `class_weight={0: 1, 1: w}` 把每个正样本的损失乘以 `w`；当 `w` 等于负样本与正样本的数量之比时，两个类别的总权重相同。`sample_weight` 则给**每个样本**单独一个权重：它更通用（例如让近期数据的权重更大，或让可疑标签的权重更小）；而在这里，按类别给出同样的权重数值，得到的训练过程也完全相同。

# %%
ratio = float((y_rare == 0).sum() / (y_rare == 1).sum())
detectors = {
    "no weights": fit_detector(),
    f"class_weight 1:{ratio:.0f}": fit_detector(class_weight={0: 1.0, 1: ratio}),
    "sample_weight": fit_detector(sample_weight=np.where(y_rare == 1, ratio, 1.0)),
}
scores = {}
for name, detector in detectors.items():
    scores[name] = detector.evaluate(X_test, y_rare_test, verbose=0, return_dict=True)
    print(f"{name:18} recall {scores[name]['recall']:.4f} | precision {scores[name]['precision']:.4f} | mean_pred {scores[name]['mean_pred']:.4f}")

unweighted, weighted = scores["no weights"], scores[f"class_weight 1:{ratio:.0f}"]
print("weights raise recall:", weighted["recall"] > unweighted["recall"], "| same result with sample_weight:", scores["sample_weight"] == weighted)
print(f"mean_pred with weights / without: {weighted['mean_pred'] / unweighted['mean_pred']:.1f} times")

# %% [markdown]
# 不加权重时，检测器漏掉了许多 5（在快速模式下只训练几个轮次，会全部漏掉：它从不回答“5”，而 Keras 把一个“5”都没回答时的精确率记为 0）：回答“不是”的正确率太高了，一直这么回答反而划算。加上权重后，它能找出大部分 5，代价是误报：它的精确率远低于 1。`mean_pred` 显示了这种变化：加权检测器给出的平均“5”概率至少是未加权检测器的两倍，因为加权之后，训练时 5 的分量就相当于其他所有数字加起来那么多。哪种权衡才对，取决于漏报的代价：漏诊一个肿瘤比一次误报的代价大得多。
#
# ## 7. 初始化器
#
# 权重一开始是随机的。随机到什么程度很重要：太大，信号在层与层之间传递时会爆炸；太小，信号又会消失。`Dense` 默认使用 `glorot_uniform`：在 `±sqrt(6 / (inputs + outputs))` 范围内均匀分布，这样选择是为了让信号在各层之间大致保持相同的大小。`he_normal` 是专门为 ReLU 调整的。全部初始化为**零**是经典错误：同一层的每个神经元计算的都是同样的东西，得到的更新也一样，因此它们永远不会变得不同，而在这里它们干脆一直停留在零。
#
# > **Keras 2 → Keras 3：** `from keras.initializers import glorot_uniform` 仍然可用；对应的类是 `keras.initializers.GlorotUniform()`，也可以用字符串 `"glorot_uniform"`、`"he_normal"`、`"zeros"` 来指定它们。

# %%
first = keras.layers.Dense(N_HIDDEN, kernel_initializer="glorot_uniform")
first.build((None, 784))
kernel = first.kernel.numpy()
print(f"glorot_uniform limit sqrt(6 / (784 + 128)) = {np.sqrt(6 / (784 + 128)):.4f}; drawn weights in [{kernel.min():.4f}, {kernel.max():.4f}]")

models = {}
for initializer in ("glorot_uniform", "he_normal", "zeros"):
    models[initializer] = trainer.train(name=f"init {initializer}", initializer=initializer).model

# %% [markdown]
# ## 8. 约束：`MaxNorm`
#
# `kernel_constraint=MaxNorm(2.0)`（教程中的写法）会在每次更新之后，把每个神经元的输入权重向量中长度超过 2 的那些缩放回长度 2。和第 02 课的 L2 正则化（regularization）一样，它让权重保持较小，但它是一个硬性上限，而不是惩罚项；它常和 dropout 搭配使用。用 `glorot_uniform` 初始化时，这些向量的长度本来就约为 1.3，而 SGD 训练几个轮次也不会把它们拉长到 2，所以在这里这个上限根本不会起作用：我们改用 `MaxNorm(1.0)` 来看它发挥作用。
#
# > **教程中的一处错误：** 教程说 `MaxNorm` 限制的是*梯度*（梯度裁剪，gradient clipping）。实际上它限制的是*权重*。梯度裁剪是优化器的一个选项：`keras.optimizers.SGD(learning_rate=0.01, clipnorm=1.0)`。

# %%
models["MaxNorm(1.0)"] = trainer.train(name="MaxNorm(1.0)", max_norm=1.0).model
for name, trained in (("no constraint", models["glorot_uniform"]), ("MaxNorm(1.0)", models["MaxNorm(1.0)"])):
    norms = np.linalg.norm(trained.layers[0].kernel.numpy(), axis=0)
    print(f"{name:14} longest incoming weight vector in layer 1: {norms.max():.4f}")

# %% [markdown]
# ## 9. 批量归一化与带动量的 SGD
#
# `BatchNormalization` 在批次内对每个神经元的输出做标准化（均值为 0、标准差为 1，然后再做一次可学习的缩放和平移）。这样每一层接收到的输入大小都比较稳定，让普通的 SGD 学得更快。测试时，它使用训练期间累计的滑动平均值，因此一个样本的预测不依赖于同一批次中的其他样本。
#
# > **教程中的一个错误。** 其中一篇教程（seed 001）说，批量归一化使每一层的输出分布“相互独立”，并且“服从均值为 0、标准差为 1 的正态分布”。这两点都不对：它只是在批次内把每个神经元的输出平移、缩放到均值 0、标准差 1（然后再做一次可学习的缩放和平移），既不改变输出分布的形状（不一定是正态分布），也不改变神经元之间的相互依赖。
#
# **动量**（momentum）让 SGD 记住之前的步伐：每次更新都会加上上一次更新的 0.9 倍，因此在梯度持续指向同一方向时，优化器会越走越快，而来回的之字形震荡则会被抑制。**Nesterov** 动量在往前一步的位置计算梯度，这是一个小小的改进。
#
# > **Keras 2 → Keras 3：** `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)`：`lr` 会报错（`ValueError`），要写成 `learning_rate=0.01`。`decay` 会被接受，给出一条警告，然后被忽略，所以学习率（learning rate）保持不变：想让学习率衰减，就传入一个学习率调度（schedule），`learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1,
# > decay_rate=1e-6)`。

# %%
batch_norm = trainer.train(name="BatchNormalization", batch_norm=True)
momentum = trainer.train(name="SGD momentum 0.9 Nesterov", momentum=0.9, nesterov=True)

# %% [markdown]
# 所有运行结果并排比较（除非名字中另有说明，都使用学习率为 0.01 的普通 SGD，相同的随机种子，相同的轮次数）。这些运行故意很短：每次 `EPOCHS` 个轮次，快速模式下每个轮次 13 个批次（用 5,000 张图像的样本时是 32 个），总共最多几百次小小的 SGD 步，所以普通 SGD 离学完还远，快速模式下尤其如此，`glorot_uniform` 基线也远低于同一个网络用 Adam 所能达到的水平（第 02 课）。这个比较展示的是每种工具让学习多快起步，而不是最终能学到哪里（下一个单元格打印出更新次数）：

# %%
comparison = kteach.compare_runs(trainer.runs, metrics=["val_accuracy"])
comparison

# %%
print("weight updates per run:", EPOCHS * per_epoch)
accuracy = {run.name: run.test_accuracy for run in trainer.runs}
baseline = accuracy["init glorot_uniform"]
for name in ("init zeros", "BatchNormalization", "SGD momentum 0.9 Nesterov"):
    print(f"{name:26} {'above' if accuracy[name] > baseline else 'not above'} the glorot_uniform baseline ({accuracy[name]:.4f} vs {baseline:.4f})")

# %% [markdown]
# 权重全部为零时，网络除了瞎猜什么也学不到，大约十个数字猜对一个。批量归一化和动量都能让同样的普通 SGD 在相同的轮次数内走得更远；上面几行输出在这次运行中验证了这一点。如果训练更多轮次或者改用 Adam（第 02 课），差距会缩小：这些工具换来的主要是速度和稳定性。
#
# ## 10. 处理序列的层：`Conv1D`、`GRU`、`Bidirectional`、`TimeDistributed`
#
# 回到第 03 课的 IMDB 影评。同一条影评经过嵌入层（Embedding）之后，交给两个“读者”来读：
#
# - `Conv1D(32, 5)` 让 32 个卷积核在每 5 个连续的词上滑动，相当于一个短语检测器（例如“not good at all”）；`GlobalMaxPooling1D` 保留每个卷积核在任意位置上的最强匹配；
# - `Bidirectional(GRU(16))` 用一个 `GRU`（更轻量的 LSTM）把影评正着读一遍、倒着读一遍，并把两个方向的最终状态拼接起来：2 × 16 = 32 个数。
#
# **融合**（`Concatenate`）把这两份摘要并排拼接在一起，这需要用到第 04 课的函数式 API（functional API）：`Sequential` 模型只有一条路径。
#
# > **Keras 2 → Keras 3：** 旧的 `Merge` 层（`Merge([a, b], mode='concat')`）已被移除：请改用 `keras.layers.Concatenate()`、`Add()`、`Multiply()`、`Dot(axes=...)` 或 `Average()`，在一个张量列表上调用它们。`from keras.layers.embeddings import Embedding` 会报错（`ModuleNotFoundError`）：现在是 `keras.layers.Embedding`。

# %%
(x_imdb, y_imdb), (x_imdb_test, y_imdb_test) = kteach.load_imdb(num_words=IMDB_WORDS)
x_imdb = keras.utils.pad_sequences(x_imdb, maxlen=MAXLEN)
x_imdb_test = keras.utils.pad_sequences(x_imdb_test, maxlen=MAXLEN)

kteach.seed_everything(SEED)
review = keras.Input(shape=(MAXLEN,), name="review")
embedded = keras.layers.Embedding(IMDB_WORDS, 64)(review)
phrases = keras.layers.GlobalMaxPooling1D()(keras.layers.Conv1D(32, 5, activation="relu")(embedded))
reading = keras.layers.Bidirectional(keras.layers.GRU(16))(embedded)
merged = keras.layers.Concatenate()([phrases, reading])
sentiment = keras.layers.Dense(1, activation="sigmoid")(merged)
imdb_model = keras.Model(review, sentiment, name="conv_and_bigru")
imdb_model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
print("Conv1D summary", phrases.shape, "+ Bidirectional(GRU(16))", reading.shape, "->", merged.shape)

# %%
kteach.show_model(imdb_model)

# %%
imdb_history = imdb_model.fit(x_imdb, y_imdb, epochs=IMDB_EPOCHS, batch_size=64, validation_split=0.2, verbose=0)
imdb_loss, imdb_accuracy = imdb_model.evaluate(x_imdb_test, y_imdb_test, verbose=0)
print(f"{len(imdb_history.epoch)} epochs on {len(x_imdb)} reviews: test accuracy {imdb_accuracy:.4f}")

# %% [markdown]
# 在自带的样本上（快速模式），1,000 条影评太少，学不到多少东西；在全部 25,000 条影评上，同一个模型训练 3 个轮次就能接近第 03 课 LSTM 的水平（测试准确率约 0.85）。
#
# `Add` 是另一种常用的融合方式：它把**形状相同**的张量相加。残差连接把一个模块的输入加到它的输出上，这样这个模块只需要学习一个修正量；非常深的网络（ResNet）就是由这样的模块搭建起来的。`TimeDistributed(layer)` 把同一个层（使用相同的权重）应用到序列的每个时间步上，例如把一个 `Dense` 应用到每个词向量上，或者把一个 `Conv2D` 应用到视频的每一帧上。（对于 3 维输入，普通的 `Dense` 本来就会在每个时间步上作用于最后一个轴；`TimeDistributed` 是为不会这样做的层准备的，比如 `Conv2D`。）

# %%
vectors = keras.ops.convert_to_tensor(np.random.default_rng(SEED).random((2, MAXLEN, 64), dtype="float32"))
residual = keras.layers.Add()([vectors, keras.layers.Dense(64)(vectors)])
per_step = keras.layers.TimeDistributed(keras.layers.Dense(8))(vectors)
frames = keras.ops.zeros((2, 5, 28, 28, 1))  # 2 段视频，每段 5 帧，每帧 28x28 像素
per_frame = keras.layers.TimeDistributed(keras.layers.Conv2D(4, 3))(frames)
print("Add:", tuple(vectors.shape), "+", tuple(vectors.shape), "->", tuple(residual.shape))
print("TimeDistributed(Dense(8)):", tuple(vectors.shape), "->", tuple(per_step.shape))
print("TimeDistributed(Conv2D(4, 3)):", tuple(frames.shape), "->", tuple(per_frame.shape))

# %% [markdown]
# ## 11. 改变形状和做掩码的小型层
#
# 教程列出的核心层中，有五个还没有哪一课用过。它们都没有权重，只是重新安排流经网络的数据：
#
# - `Lambda(function)`：把任意一个张量函数包装成一个层（保存模型时它被存成 Python 代码，所以 `load_model` 会拒绝加载它，除非传入 `safe_mode=False`；写一个小的 `Layer` 子类更安全）；
# - `Reshape(shape)`：同样的数，换一种形状（批次那一维保持不变）；
# - `Permute((2, 1))`：交换两个维度，这里是时间步和特征；
# - `RepeatVector(n)`：把一个向量重复 `n` 次，变成一个序列（例如把编码器的摘要送给解码器的每一步）；
# - `Masking(mask_value=0.0)`：把所有特征都等于 `mask_value` 的时间步标记为填充，它后面的层（例如 LSTM）会跳过这些时间步。

# %%
batch = np.arange(24, dtype="float32").reshape(2, 3, 4)  # 2 个样本，3 个时间步，4 个特征
for name, layer in [
    ("Lambda(lambda t: t * 2)", keras.layers.Lambda(lambda t: t * 2)),
    ("Reshape((4, 3))", keras.layers.Reshape((4, 3))),
    ("Permute((2, 1))", keras.layers.Permute((2, 1))),
    ("RepeatVector(5) on one step", lambda t: keras.layers.RepeatVector(5)(t[:, 0, :])),
]:
    print(f"{name:28} {batch.shape} -> {tuple(layer(batch).shape)}")

short = np.array([[[1.0], [2.0]]], dtype="float32")  # 一个 2 步长的序列
padded = np.array([[[1.0], [2.0], [0.0], [0.0]]], dtype="float32")  # 同一个序列，用 0 填充到 4 步
masking, lstm = keras.layers.Masking(mask_value=0.0), keras.layers.LSTM(3)
print("mask:", keras.ops.convert_to_numpy(masking.compute_mask(padded))[0])
numpy = keras.ops.convert_to_numpy  # 把层的输出变成 NumPy 数组，无论用哪个后端
print("LSTM on the padded sequence, masked, equals the LSTM on the short one:", np.allclose(numpy(lstm(masking(padded))), numpy(lstm(short)), atol=1e-6))
print("... and without the mask it does not:", np.allclose(numpy(lstm(padded)), numpy(lstm(short)), atol=1e-6))

# %% [markdown]
# ## 12. 你自己的数据：用 pandas 读取 CSV 文件
#
# 教程加载的是现成的数组；而你自己的数据更常见的形式是 CSV 文件里的一张表。MNIST 本身就常常以这种形式分发（Kaggle 的 "Digit Recognizer"）：一列 `label`，然后每个像素一列。我们把 1,000 张图像按这种格式写出来，再像读取你自己的文件那样把它读回来：pandas 负责读取，`drop` 把特征和标签分开，`to_numpy` 把它们变成 Keras 要的数组，再用一个随机排列把各行按 80/20 分成训练集（training set）和测试集（test set）。（只有当各行相互独立时才先打乱再划分；时间序列（time series）要按时间顺序划分，见第 06 课。）

# %%
import pandas as pd

csv_path = os.path.join(folder, "digits.csv")
pixels = pd.DataFrame(np.round(X_train[:1000] * 255).astype(int), columns=[f"pixel{i}" for i in range(784)])
pixels.insert(0, "label", y_train[:1000])
pixels.to_csv(csv_path, index=False)

table = pd.read_csv(csv_path)
print(table.shape, "| first columns:", list(table.columns[:3]))
features = table.drop(columns="label").to_numpy(dtype="float32") / 255
labels = table["label"].to_numpy()
order = np.random.default_rng(SEED).permutation(len(table))
cut = int(0.8 * len(table))
x_csv_train, y_csv_train = features[order[:cut]], labels[order[:cut]]
x_csv_test, y_csv_test = features[order[cut:]], labels[order[cut:]]
print("train", x_csv_train.shape, y_csv_train.shape, "| test", x_csv_test.shape, y_csv_test.shape)

# %% [markdown]
# 接下来，这些数组就可以像第 01 课那样交给 `fit`（因为标签是整数，损失函数用 `sparse_categorical_crossentropy`）。
#
# ## 13. Keras 在哪里运行：后端与 GPU
#
# **后端。** 教程提到了 Theano 和 CNTK，它们是 Keras 2 可以使用的计算引擎，如今都已停止开发。Keras 3 可以运行在 **TensorFlow、JAX 或 PyTorch** 上：模型代码完全相同，用哪个引擎由环境变量 `KERAS_BACKEND`（`"tensorflow"`、`"jax"` 或 `"torch"`）在 `import keras` 之前决定，也可以写在 `~/.keras/keras.json` 里。只用 `keras.*` 和 `keras.ops` 的代码（这些课程就是这样）在三个后端上都能运行；`tf.keras` 是随 TensorFlow 一起发布的 Keras，只能在 TensorFlow 上运行。从 TensorFlow 2.16 起，`tf.keras` 也是 Keras 3；旧的 Keras 2 则作为单独的包 `tf_keras` 继续存在。
#
# **GPU。** 使用 GPU 不需要改任何代码：只要后端能看到 GPU（对 TensorFlow 来说，需要支持 CUDA 的安装，例如在 Linux 上 `pip install "tensorflow[and-cuda]"`），每一层都会在 GPU 上运行。在 Colab 上，选择 *代码执行程序 → 更改运行时类型 → GPU*（英文界面为 *Runtime → Change runtime type → GPU*），然后重新运行本课。GPU 对卷积和大批次很划算（第 05 课）；像第 01 课那样的小型 MLP 在 CPU 上跑得差不多一样快。`tf.config.list_physical_devices("GPU")` 会列出 TensorFlow 能看到的 GPU。
#
# **哪个后端更快？** 这取决于要做的工作，所以要实际测一测。下一个单元格在这里安装的每个后端上给第 01 课的网络计时，每个后端各用一个新的 Python 进程，因为一个进程只在 `import keras` 时选择一次后端。在 CPU 上，JAX 导入 Keras 通常只要一半左右的时间，长时间的训练也更快；但它在每个新模型的第一步之前都要先编译，所以由许多短时间训练组成的工作（第 02 课的各次运行、本课的各个实验）收益较小，甚至更慢。这些时间因机器而异（README 给出了我们用 `benchmarks/backends.py` 测得的数字）。要把一课切换到 JAX：先 `pip install "kteach[jax]"`，然后在第一个单元格里（在 `import keras` 之前）写 `os.environ["KERAS_BACKEND"] = "jax"`，再重启内核；`kteach.doctor()` 也会这样告诉你。

# %%
print("this lesson runs on the", keras.backend.backend(), "backend")
timings = kteach.compare_backends(epochs=20)

# %% [markdown]
# ## 与 Keras 2 相比的变化
#
# | 教程（Keras 2） | Keras 3 |
# | --- | --- |
# | `import keras.backend as K`；`K.mean(y_pred)` | `keras.ops.mean(y_pred)` |
# | `ModelCheckpoint('w.h5', save_weights_only=True)`，`period=5` | `'w.weights.h5'`；`save_freq` |
# | `SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)` | `SGD(learning_rate=0.01, momentum=0.9, nesterov=True)`，衰减改用学习率调度实现 |
# | `Merge([a, b], mode='concat')` | `keras.layers.Concatenate()([a, b])`（还有 `Add`、`Multiply`、`Dot`） |
# | `from keras.layers.embeddings import Embedding` | `keras.layers.Embedding` |
# | `from keras.preprocessing.sequence import pad_sequences` | `keras.utils.pad_sequences` |
# | 把 `MaxNorm` 说成是限制梯度 | 它限制的是每个神经元的权重向量；梯度裁剪用 `clipnorm=` |
#
# 本课写出的文件都放在一个临时文件夹里；学完后请把它删掉：

# %%
import shutil

shutil.rmtree(folder)
print("removed the lesson's temporary folder:", not os.path.exists(folder))

# %% [markdown]
# ## 练习
#
# 四道练习，由易到难：修改每个代码单元格并运行，`kteach.check` 会用一句话给出判断。`kteach.hint("07.1")` 给出提示，用完提示后 `kteach.solution("07.1")` 给出参考答案，`kteach.progress()` 列出你已答对的练习。

# %% [markdown]
# ### 07.1 · 简单：每个轮次的更新次数
#
# 有 4,000 个训练样本、`batch_size=128` 时，一个轮次会更新多少次权重？

# %%
updates = ...
kteach.check("07.1", updates)

# %% [markdown]
# ### 07.2 · 简单：Keras 3 中的 mean_pred
#
# 教程的指标是 `def mean_pred(y_true, y_pred): return K.mean(y_pred)`，配合 `import keras.backend as K`。请用 Keras 3 的写法重写它。

# %%
def mean_pred(y_true, y_pred):
    ...  # 预测值的均值


kteach.check("07.2", mean_pred)

# %% [markdown]
# ### 07.3 · 中等：稀有类的权重
#
# 算出 `class_weight` 这个 dict，让 `y_rare` 中的 5 在总量上与其他所有数字分量相同。

# %%
class_weight = ...
kteach.check("07.3", class_weight, y_rare)

# %% [markdown]
# ### 07.4 · 较难：亲手加批归一化
#
# 不调用 `mlp`，像 `mlp(batch_norm=True)` 那样搭出带批归一化的第 01 课网络：每个隐藏的 `Dense(128)` 后面接一个 `BatchNormalization` 层，再接 ReLU，最后是 10 个单元的 softmax 输出层。

# %%
bn_model = ...
kteach.check("07.4", bn_model)
