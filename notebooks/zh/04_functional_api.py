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
# # 第 04 课：函数式 API（functional API）
#
# **简介：** 用 `keras.Input` 和 `keras.Model` 搭建并非由层简单堆叠而成的模型（自编码器、集成模型、共享层、双输入双输出）。
#
# 一位阅读 Keras 文档的学习者问道：*“什么是函数式模型？怎样搭建更复杂的模型？什么样的模型才算更复杂？”* 本课用例子来回答。`Sequential` 模型是一条链：一个输入，每一层把结果交给下一层，一个输出。教程列出了它表达不了的情况：
#
# 1. 有多个输入或多个输出的模型；
# 2. 有多个输入的层（对张量求平均或拼接）；
# 3. 被使用不止一次的层（**共享**层）；
# 4. 不是一条链的计算图，例如残差网络中的跳跃连接。
#
# **函数式 API** 都能做到：像调用函数一样在张量上调用层，然后告诉 `keras.Model` 哪些张量是输入、哪些是输出，中间的计算图由 Keras 自动推算出来。每种情况我们都用 MNIST 手写数字来演示。
#
# *快速模式*（`KTEACH_QUICK=1`，自动测试运行的就是这种模式）使用 kteach 自带的 2,000 + 1,000 张 MNIST 数字图片，自编码器训练的轮次（epoch）也更少；不设置时，使用能找到的完整数据，自编码器训练 15 个轮次。
#
# *新术语在第一次出现时都会解释；[术语表](glossary.md)把它们汇总在一起。*
#
# *English version（英文版）: [../04_functional_api.ipynb](../04_functional_api.ipynb)*

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
import numpy as np
import keras
import kteach

kteach.set_language("zh")  # "zh"：kteach 的提示信息和图表标签使用中文
SEED = 2024
kteach.seed_everything(SEED)
QUICK = kteach.quick_mode()

N_CLASSES = 10
N_HIDDEN = 128  # 第 01 课的隐藏层
MLP_EPOCHS = 20  # 第 01 课的设置
AUTOENCODER_EPOCHS = 8 if QUICK else 15
AUTOENCODER_BATCH_SIZE = 32  # 批更小：每个轮次更新权重的次数更多
N_MEMBERS = 3  # 集成中的模型个数
BATCH_SIZE = 128

print(kteach.versions(), "| quick mode:", QUICK)

# %%
(x_train, y_train), (x_test, y_test) = kteach.load_mnist()

flat_train = x_train.reshape(-1, 784).astype("float32") / 255  # 供 Dense 层使用
flat_test = x_test.reshape(-1, 784).astype("float32") / 255
img_train = x_train[..., np.newaxis].astype("float32") / 255  # 供 Conv2D 使用的 (N, 28, 28, 1)
img_test = x_test[..., np.newaxis].astype("float32") / 255
Y_train = keras.utils.to_categorical(y_train, N_CLASSES)
Y_test = keras.utils.to_categorical(y_test, N_CLASSES)
print("flat:", flat_train.shape, "| images:", img_train.shape, "| test:", img_test.shape)

# %% [markdown]
# ## 三个步骤：一个输入、像函数一样调用的层、一个模型
#
# `keras.Input` 创建一个符号张量：里面还没有数据，只有形状和类型。形状中的批大小（batch size）不固定，显示为 `None`；类型是 Keras 默认的浮点类型 `float32`，快速模式下则是 `float64`（第 01 课解释了原因）。

# %%
inputs = keras.Input(shape=(784,), name="pixels")
print(inputs.shape, inputs.dtype)

# %% [markdown]
# 在张量上调用一个层，会返回一个新的张量，所以模型写出来就是一串赋值语句。随后 `keras.Model(inputs, outputs)` 会收集两者之间的所有层。下面又是第 01 课的网络，一层不差：

# %%
x = keras.layers.Dense(N_HIDDEN, activation="relu")(inputs)
x = keras.layers.Dense(N_HIDDEN, activation="relu")(x)
outputs = keras.layers.Dense(N_CLASSES, activation="softmax")(x)
functional_mlp = keras.Model(inputs=inputs, outputs=outputs, name="functional_mlp")
functional_mlp.summary()

# %% [markdown]
# 同一个网络也可以像第 01 课那样用 `Sequential` 来写：层相同，参数个数也相同。`Sequential` 模型*就是*一种 `keras.Model`（它的一个特例），因此 `compile`、`fit`、`evaluate` 和 `predict` 在两者上的用法完全一样。（有一篇教程说函数式模型“编译得慢”。在 Keras 3 中并非如此：以 `keras.Input` 开头的 `Sequential` 模型在内部就是作为函数式计算图运行的，所以两种模型做的是同样的工作。）

# %%
sequential_mlp = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(N_HIDDEN, activation="relu"),
        keras.layers.Dense(N_HIDDEN, activation="relu"),
        keras.layers.Dense(N_CLASSES, activation="softmax"),
    ],
    name="sequential_mlp",
)
print("Sequential parameters:", f"{sequential_mlp.count_params():,}")
print("functional parameters:", f"{functional_mlp.count_params():,}")
print("a Sequential model is a keras.Model:", isinstance(sequential_mlp, keras.Model))

# %% [markdown]
# > **Keras 2 → Keras 3：** 旧代码写 `from keras.models import Model` 和 `from keras.layers import Input`；两者仍然可用，但 `keras.Model` 和 `keras.Input` 是更简短的写法。Keras 1 写作 `Model(input=a, output=b)`：现在这会引发 `ValueError`（"Unrecognized keyword arguments"）；参数名是 `inputs=` 和 `outputs=`（也可以按位置传入）。
#
# ## 1. 自编码器：两个模型组成第三个模型
#
# **自编码器**（autoencoder）把每张图片压缩成一个很窄的中间表示（这里只有 16 个数），并学习从这些数重建出原图。它的训练目标就是它自己的输入：不需要标签。教程用两个模型来搭建它，与下面的做法完全相同：
#
# - **编码器**（encoder）把一张 28×28 的图片变成 16 个数：先经过若干卷积（convolution），再取 16 个特征图（feature map）各自的最大值；
# - **解码器**（decoder）把 16 个数变回一张 28×28 的图片：转置卷积把图片一步步放大回去；
# - **自编码器**先调用编码器，再调用解码器：模型可以像层一样被调用。
#
# 这些处理图像的层出现在第 05 课正式讲解它们之前；这里先各用一句话说明：
#
# - `Conv2D(16, 3)`：**卷积**（convolution）：16 个 3×3 的小权重滤波器在图像上滑动，每个滤波器在每个位置计算一个加权和，得到 16 张**特征图**（feature map），每边小 2 个像素；
# - `MaxPooling2D(3)`：**池化**（pooling）保留每个 3×3 小块中的最大值，把每张图缩小为原来的三分之一；`GlobalMaxPooling2D` 只保留每张完整特征图中的最大值；
# - `Reshape((4, 4, 1))`：把同样的 16 个数排成一张 4×4、单通道的图；
# - `Conv2DTranspose(16, 3)`：**转置卷积**（transposed convolution），即反向运行的卷积：每个输入像素通过一个 3×3 滤波器向四周扩散，所以特征图每边变大 2 个像素；`UpSampling2D(3)` 把每个像素重复成 3×3 个。

# %%
encoder_input = keras.Input(shape=(28, 28, 1), name="original_img")
x = keras.layers.Conv2D(16, 3, activation="relu")(encoder_input)
x = keras.layers.Conv2D(32, 3, activation="relu")(x)
x = keras.layers.MaxPooling2D(3)(x)
x = keras.layers.Conv2D(32, 3, activation="relu")(x)
x = keras.layers.Conv2D(16, 3, activation="relu")(x)
encoder_output = keras.layers.GlobalMaxPooling2D()(x)
encoder = keras.Model(encoder_input, encoder_output, name="encoder")

decoder_input = keras.Input(shape=(16,), name="encoded_img")
x = keras.layers.Reshape((4, 4, 1))(decoder_input)
x = keras.layers.Conv2DTranspose(16, 3, activation="relu")(x)
x = keras.layers.Conv2DTranspose(32, 3, activation="relu")(x)
x = keras.layers.UpSampling2D(3)(x)
x = keras.layers.Conv2DTranspose(16, 3, activation="relu")(x)
decoder_output = keras.layers.Conv2DTranspose(1, 3, activation="relu")(x)
decoder = keras.Model(decoder_input, decoder_output, name="decoder")

autoencoder_input = keras.Input(shape=(28, 28, 1), name="img")
encoded_img = encoder(autoencoder_input)
decoded_img = decoder(encoded_img)
autoencoder = keras.Model(autoencoder_input, decoded_img, name="autoencoder")
autoencoder.summary()

# %% [markdown]
# 模型摘要把 `encoder` 和 `decoder` 各列为单独一层。`expand_nested=True` 会把它们内部的结构也画出来（这就是教程中 `plot_model` 的那个选项，教程里误写成了 `expand_dim`）：

# %%
kteach.show_model(autoencoder, expand_nested=True)

# %% [markdown]
# 教程只搭建到这一步；我们还要训练它。损失函数（loss function）是每个像素与其重建值之差的平方的平均值，`fit` 拿到的图片既是输入也是目标。作为对照，我们计算一个什么也不懂的模型的损失：无论给它看什么图片，它都输出训练图片的平均图像。

# %%
autoencoder.compile(optimizer="adam", loss="mse")
history = autoencoder.fit(
    img_train,
    img_train,
    epochs=AUTOENCODER_EPOCHS,
    batch_size=AUTOENCODER_BATCH_SIZE,
    validation_split=0.2,
    verbose=0,
)
test_mse = autoencoder.evaluate(img_test, img_test, verbose=0)
mean_image_mse = float(np.mean((img_test - img_train.mean(axis=0)) ** 2))
print(f"reconstruction error (test mse): {test_mse:.4f}")
print(f"always drawing the mean image:  {mean_image_mse:.4f}")
print("the autoencoder beats the mean image:", test_mse < mean_image_mse)

# %% [markdown]
# 上排是原图，下排是重建结果。每个数字用 16 个数就足以保留其大致形状；细小的笔画丢失了，而且由于训练时间短，图片会显得模糊。

# %%
reconstructions = autoencoder.predict(img_test[:10], verbose=0)
fig = kteach.show_image_rows({"原图": img_test, "重建": reconstructions}, n=10)

# %% [markdown]
# 编码器本身也是一个模型，与自编码器共享它的那些（现已训练好的）层：它能把任意一个数字变成由 16 个数组成的编码。

# %%
codes = encoder.predict(img_test[:3], verbose=0)
print("codes:", codes.shape)
print(np.round(codes[0], 2))

# %% [markdown]
# ## 2. 集成：对多个模型的预测求平均
#
# 从不同的随机初始值开始训练的模型，犯的错误不完全相同。**集成**（ensemble）对它们预测的概率求平均，这样一个模型犯的错可能被其他模型“投票”压过。教程的做法是：写一个搭建单个模型的函数，调用它若干次，再搭建一个以它们输出的 `Average` 为输出的模型。我们的成员模型都是第 01 课的网络，各自用自己的随机种子训练。

# %%
def get_model(name):
    """Lesson 01's MLP, functional, compiled with lesson 01's SGD."""
    member_inputs = keras.Input(shape=(784,))
    x = keras.layers.Dense(N_HIDDEN, activation="relu")(member_inputs)
    x = keras.layers.Dense(N_HIDDEN, activation="relu")(x)
    member_outputs = keras.layers.Dense(N_CLASSES, activation="softmax")(x)
    model = keras.Model(member_inputs, member_outputs, name=name)
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])
    return model


members = []
for index in range(N_MEMBERS):
    kteach.seed_everything(SEED + index)
    member = get_model(f"member_{index + 1}")
    member.fit(flat_train, Y_train, epochs=MLP_EPOCHS, batch_size=BATCH_SIZE, verbose=0)
    members.append(member)

# %% [markdown]
# 集成模型本身没有属于自己的权重：`Average` 只是把各成员的输出相加，再除以成员个数。所以它不需要训练，只需要 `compile` 一下，告诉 `evaluate` 要报告哪个评估指标。

# %%
ensemble_input = keras.Input(shape=(784,), name="pixels")
averaged = keras.layers.Average()([member(ensemble_input) for member in members])
ensemble = keras.Model(ensemble_input, averaged, name="ensemble")
ensemble.compile(loss="categorical_crossentropy", metrics=["accuracy"])
print("ensemble parameters:", f"{ensemble.count_params():,}", "=", N_MEMBERS, "x", f"{members[0].count_params():,}")

kteach.show_model(ensemble, expand_nested=True)

# %%
member_losses, member_accuracies = zip(*(member.evaluate(flat_test, Y_test, verbose=0) for member in members))
ensemble_loss, ensemble_accuracy = ensemble.evaluate(flat_test, Y_test, verbose=0)
for member, loss, accuracy in zip(members, member_losses, member_accuracies):
    print(f"{member.name:10} test loss {loss:.4f} | test accuracy {accuracy:.4f}")
print(f"{'ensemble':10} test loss {ensemble_loss:.4f} | test accuracy {ensemble_accuracy:.4f}")
print(f"ensemble minus the members' mean: loss {ensemble_loss - np.mean(member_losses):+.4f} | accuracy {ensemble_accuracy - np.mean(member_accuracies):+.4f}")
print(f"ensemble minus the best member:   accuracy {ensemble_accuracy - max(member_accuracies):+.4f}")

# %% [markdown]
# 求平均能带来什么，不能带来什么。集成模型的**损失**永远不会高于各成员损失的平均值：对每一张图像，概率平均值的交叉熵都不超过各交叉熵的平均值（因为这个损失是凸函数），所以上面那行损失之差永远不会是正数。它的**准确率**（accuracy）却没有这样的保证：准确率只看哪个数字的概率最高，求平均既可能把某个成员答对的变成答错，也可能反过来。当各成员犯的错误不同时，求平均通常有帮助；上面几行给出了本次运行的结果，分别与成员的平均水平和最好的成员相比。代价是计算量：有几个成员，计算量就是单个模型的几倍。
#
# > **Keras 2 → Keras 3：** 教程的写法 `keras.layers.average([y1, y2, y3])` 仍然可用；`keras.layers.Average()([y1, y2, y3])` 是同一个层写成类的形式。Keras 1 的 `merge([y1, y2, y3], mode="ave")` 已被移除（`from keras.layers import merge` 会引发 `ImportError`）。
#
# ## 3. 共享层：一个层，两个输入
#
# 调用两次的层仍然是**同一个**层：两个输入由同一组权重处理，用其中任一输入训练都会更新这组权重。教程的文字描述的是两段文本共享的一个嵌入层（Embedding），但它的代码却只是照搬了集成那个例子；这里给出一个真正的共享层。
#
# 任务是：给定两张数字图片，它们是不是**同一个数字**？两张图片都经过同一个 `Dense` 层，因此两张图片得到的是同一套特征描述，而要比较两者，需要的正是这一点。一半的图片对显示的是同一个数字，所以瞎猜的准确率（accuracy）是 0.5。

# %%
def make_pairs(labels, seed):
    """Index pairs (i, j) into ``labels``, half showing the same digit, and 1 where they do."""
    rng = np.random.default_rng(seed)
    first = rng.permutation(len(labels))
    by_digit = [np.flatnonzero(labels == digit) for digit in range(N_CLASSES)]
    same = np.array([rng.choice(by_digit[labels[i]]) for i in first[::2]])
    other = np.array([rng.choice(np.flatnonzero(labels != labels[i])) for i in first[1::2]])
    second = np.empty_like(first)
    second[::2], second[1::2] = same, other
    return first, second, (labels[first] == labels[second]).astype("float32")


train_a, train_b, train_same = make_pairs(y_train, seed=1)
test_a, test_b, test_same = make_pairs(y_test, seed=2)
print("train pairs:", len(train_same), "| share of same-digit pairs:", train_same.mean())

# %%
kteach.seed_everything(SEED)
left = keras.Input(shape=(784,), name="left")
right = keras.Input(shape=(784,), name="right")
shared = keras.layers.Dense(64, activation="relu", name="shared_dense")
joined = keras.layers.Concatenate()([shared(left), shared(right)])
x = keras.layers.Dense(32, activation="relu", name="compare")(joined)
same_digit = keras.layers.Dense(1, activation="sigmoid", name="same_digit")(x)
pair_model = keras.Model([left, right], same_digit, name="pair_model")

parts = {layer.name: layer.count_params() for layer in pair_model.layers if layer.count_params()}
print(parts)
print("total", f"{pair_model.count_params():,}", "= the sum above: the shared layer's weights are counted once")

# %%
kteach.show_model(pair_model)

# %%
pair_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
pair_model.fit(
    [flat_train[train_a], flat_train[train_b]], train_same, epochs=MLP_EPOCHS, batch_size=BATCH_SIZE, verbose=0
)
pair_accuracy = pair_model.evaluate([flat_test[test_a], flat_test[test_b]], test_same, verbose=0)[1]
print(f"same digit? test accuracy {pair_accuracy:.4f} (guessing: 0.5)")

# %% [markdown]
# ## 4. 双输入、双输出
#
# 现在来看一个有两个输入、两个输出的模型。除了图片，它还会得到一个 0 到 9 之间的数 `k`，并且要回答两个问题：这是**哪个数字**（一个类别，softmax），以及**这个数字加上 k 等于多少**（一个数值，回归）。图片先经过专属于它的几层；为了求和，再把图片的特征与 `k` 拼接起来（`Concatenate`）。
#
# 给输入和输出命名后，`fit` 就可以接收字典，这样就不必依赖输入和输出的顺序。

# %%
k_train = np.random.default_rng(3).integers(0, 10, size=(len(y_train), 1)).astype("float32")
k_test = np.random.default_rng(4).integers(0, 10, size=(len(y_test), 1)).astype("float32")

kteach.seed_everything(SEED)
image = keras.Input(shape=(784,), name="image")
k = keras.Input(shape=(1,), name="k")
features = keras.layers.Dense(N_HIDDEN, activation="relu")(image)
features = keras.layers.Dense(N_HIDDEN, activation="relu")(features)
digit = keras.layers.Dense(N_CLASSES, activation="softmax", name="digit")(features)
x = keras.layers.Concatenate()([features, k])
x = keras.layers.Dense(32, activation="relu")(x)
total = keras.layers.Dense(1, name="total")(x)
two_heads = keras.Model(inputs=[image, k], outputs=[digit, total], name="two_heads")

kteach.show_model(two_heads)

# %% [markdown]
# 每个输出都有自己的损失函数和评估指标，以字典的形式给出，键是输出的名字。模型要最小化的是一个数：各项损失的**加权和**。求和那个输出的平方误差一开始接近 100（各个和的平均值是 9，而最初的预测接近 0），而交叉熵一开始只有 2.3 左右，所以用 `loss_weights` 把平方误差按比例缩小，免得它淹没数字分类的损失。
#
# 数字输出的损失是 `sparse_categorical_crossentropy`，而不是第 01 课的 `categorical_crossentropy`：同样是交叉熵，只是标签保持为整数（`y_train`，数字 3 就是 `3`），而不是独热编码的行（`Y_train`，第 3 个位置为 1）。标签是哪种形式，就用哪种损失：整数标签省去了 `to_categorical` 这一步，类别很多时还能节省内存。
#
# > **Keras 2 → Keras 3：** 对于有多个输出的模型，Keras 2 接受 `metrics=["accuracy"]`，并把它用于每一个输出。Keras 3 会在训练开始时拒绝这种写法（`ValueError`："`metrics` should ... be a dict or a list matching the output names"）：应给出一个字典，例如 `{"digit": ["accuracy"], "total": ["mae"]}`。

# %%
LOSS_WEIGHTS = {"digit": 1.0, "total": 0.1}
two_heads.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.003),
    loss={"digit": "sparse_categorical_crossentropy", "total": "mse"},
    loss_weights=LOSS_WEIGHTS,
    metrics={"digit": ["accuracy"], "total": ["mae"]},
)
history = two_heads.fit(
    {"image": flat_train, "k": k_train},
    {"digit": y_train, "total": y_train + k_train[:, 0]},
    epochs=MLP_EPOCHS,
    batch_size=BATCH_SIZE,
    validation_split=0.2,
    verbose=0,
)

# %% [markdown]
# 训练历史中，每个输出的损失和评估指标都命名为 `<output>_<name>`；`loss` 是加权后的总损失，`val_` 开头的键则是在验证集（validation set）上算出的同样这些量：

# %%
print(sorted(history.history))

# %%
fig, axes = kteach.plot_history(history, metrics=["loss", "digit_accuracy", "total_mae"])

# %% [markdown]
# `evaluate` 加上 `return_dict=True` 后，也用同样的方式给各项数值命名。测试集（test set）作为一整个批次输入，这样总损失和每个输出的损失都是在完全相同的样本上求平均的，加权和就可以核对到最后一位：

# %%
results = two_heads.evaluate(
    {"image": flat_test, "k": k_test},
    {"digit": y_test, "total": y_test + k_test[:, 0]},
    batch_size=len(y_test),
    verbose=0,
    return_dict=True,
)
print({name: round(value, 4) for name, value in sorted(results.items())})
weighted = LOSS_WEIGHTS["digit"] * results["digit_loss"] + LOSS_WEIGHTS["total"] * results["total_loss"]
print(f"1.0 x digit_loss + 0.1 x total_loss = {weighted:.4f} | loss = {results['loss']:.4f}")

# %% [markdown]
# `predict` 为每个输出返回一个数组，顺序与 `outputs=` 中的一致：

# %%
digit_probabilities, predicted_totals = two_heads.predict({"image": flat_test[:5], "k": k_test[:5]}, verbose=0)
for i in range(5):
    print(
        f"digit {y_test[i]} (predicted {digit_probabilities[i].argmax()}), k {int(k_test[i, 0])}:"
        f" sum {y_test[i] + int(k_test[i, 0]):2} predicted {predicted_totals[i, 0]:5.2f}"
    )

# %% [markdown]
# 数字大多判断正确（`digit_accuracy`）；求出的和只是大致正确（上面的 `total_mae` 给出了平均差多少）。要做加法，模型必须仅凭样本学会每个数字代表的*数值*，这比区分类别需要更多的数据和轮次。
#
# ## 5. 跳跃连接
#
# 列表中的最后一项：不是一条链的计算图。在**残差**（residual）块中，输入跳过一层，与这一层的输出相加（`Add`），于是这一层只需要学习一个修正量。深层的图像网络（ResNet）把许多这样的块堆叠起来。搭建一个残差块只需多写两行：

# %%
block_input = keras.Input(shape=(784,), name="pixels")
x = keras.layers.Dense(N_HIDDEN, activation="relu")(block_input)
correction = keras.layers.Dense(N_HIDDEN, activation="relu")(x)
x = keras.layers.Add()([x, correction])  # 跳跃连接
residual_output = keras.layers.Dense(N_CLASSES, activation="softmax")(x)
residual_mlp = keras.Model(block_input, residual_output, name="residual_mlp")

kteach.show_model(residual_mlp)

# %% [markdown]
# ## 与 Keras 2 相比的变化
#
# | 教程（Keras 2 或更早） | Keras 3 |
# | --- | --- |
# | `from keras.models import Model`；`from keras.layers import Input` | `keras.Model`、`keras.Input` |
# | `Model(input=a, output=b)`（Keras 1） | `keras.Model(inputs=a, outputs=b)` |
# | `merge([y1, y2], mode="ave")`（Keras 1） | `keras.layers.Average()([y1, y2])` 或 `keras.layers.average([y1, y2])` |
# | `plot_model(model, expand_dim=True)`（教程中的笔误） | `keras.utils.plot_model(model, expand_nested=True)`，或 `kteach.show_model(model, expand_nested=True)` |
# | 有多个输出时用 `metrics=["accuracy"]` | `metrics={"digit": ["accuracy"], "total": ["mae"]}` |
#
# **下一课：** 第 05 课将把自编码器中用过的卷积用于 Fashion-MNIST 服装图片的分类。

# %% [markdown]
# ## 练习
#
# 四道练习，由易到难：修改每个代码单元格并运行，`kteach.check` 会用一句话给出判断。`kteach.hint("04.1")` 给出提示，用完提示后 `kteach.solution("04.1")` 给出参考答案，`kteach.progress()` 列出你已答对的练习。

# %% [markdown]
# ### 04.1 · 简单：共享层的参数
#
# 图像对模型中的 `shared_dense` 是一个 `Dense(64)`，作用在两张 784 像素的图像上。它有多少个参数？

# %%
shared_parameters = ...
kteach.check("04.1", shared_parameters)

# %% [markdown]
# ### 04.2 · 中等：用函数式 API 写第 01 课的网络
#
# 用函数式 API 写出第 01 课的网络（784 个输入，两个各有 128 个 ReLU 单元的隐藏层（hidden layer），一个 10 个单元的 softmax 输出层）：`keras.Input`、在张量上调用各层、`keras.Model`。

# %%
mlp = ...
kteach.check("04.2", mlp)

# %% [markdown]
# ### 04.3 · 中等：跳跃连接
#
# 搭一个像第 5 节那样的残差网络：784 个输入；一个 `Dense(128)` ReLU 层 `x`；第二个 `Dense(128)` ReLU 层由 `x` 算出 `correction`；两者相加；最后是 10 个单元的 softmax 输出层。

# %%
residual = ...
kteach.check("04.3", residual)

# %% [markdown]
# ### 04.4 · 较难：用 Keras 3 的方式编译两个输出
#
# `two_heads_again` 拥有 `two_heads` 的各层，但还没有编译。用 Adam 编译它：每个输出用合适的损失函数（`digit`：标签 0-9；`total`：一个数），`digit` 的指标是 accuracy，`total` 的指标是 mae，写成 Keras 3 对两个输出所接受的形式。

# %%
two_heads_again = keras.Model(two_heads.inputs, two_heads.outputs)  # 同样的层，尚未编译
...  # 在这里编译 two_heads_again
kteach.check("04.4", two_heads_again)
