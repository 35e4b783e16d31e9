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
# # 第 03 课：用 LSTM 做 IMDB 影评情感分类
#
# **简介：** 把电影评论当作词序列读入，用嵌入层（Embedding）和 LSTM 判断评论是正面还是负面。训练时用早停（early stopping）：验证集（validation set）上的准确率（accuracy）不再提升时，就提前结束训练。
#
# 第 01 课和第 02 课分类的是图像，每个输入的大小都相同。文本则不同：一条评论是任意长度的词序列，而且词序很重要（“not good” 并不是 “good”）。本课沿用教程第 4.1 节的做法：IMDB 影评、`num_words=5000`、`maxlen=200`、Embedding + LSTM(100) + 一个 sigmoid 输出、Adam 优化器（optimizer），以及 `EarlyStopping`。
#
# *快速模式*（`KTEACH_QUICK=1`，自动测试运行的就是这种模式）用 kteach 自带的 1,000 + 1,000 条真实影评训练 3 个轮次（epoch）：足以看到每一步都能跑通，但不足以让模型学会英语。完整模式（不设置该变量）下，本课用全部 25,000 条评论训练，在测试集（test set）上的准确率约为 0.86；确切数字记录在 README 中。
#
# *新术语在第一次出现时都会解释；[术语表](glossary.md)把它们汇总在一起。*
#
# *English version（英文版）: [../03_imdb_lstm.ipynb](../03_imdb_lstm.ipynb)*

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
kteach.seed_everything(42)
QUICK = kteach.quick_mode()

MAX_FEATURES = 5000  # 只保留最常见的 5,000 个词
MAXLEN = 200  # 把每条评论截断或填充到 200 个词
EMBEDDING_DIM = 128  # 每个词向量的长度
LSTM_UNITS = 100
BATCH_SIZE = 64
EPOCHS = 3 if QUICK else 10  # 只是上限：EarlyStopping 通常会更早停止
PATIENCE = 3  # 连续多少个轮次没有提升就停止

print(kteach.versions(), "| quick mode:", QUICK)

# %% [markdown]
# ## 加载影评
#
# 每条评论都是一个由词的**索引**组成的列表：每个词都被替换成它的词频排名（最常见的词 “the” 排第 1），再整体加 3，因为索引 0-2 是保留的：0 用于填充，1 标记评论的开头，2 代表词表之外的任何词。`num_words=5000` 只保留最常见的那些词，把更少见的词都变成 2。标签为 1 表示正面评论，为 0 表示负面评论。

# %%
(x_train, y_train), (x_test, y_test) = kteach.load_imdb(num_words=MAX_FEATURES)

print(len(x_train), "train reviews,", len(x_test), "test reviews")
print("positive share: train", round(y_train.mean(), 3), "| test", round(y_test.mean(), 3))
lengths = [len(review) for review in x_train]
print("words per review: median", int(np.median(lengths)), "| longest", max(lengths))

# %% [markdown]
# 模型眼中的一条评论，以及把它解码回词语后的样子（`[START]` 和 `[OOV]` 就是保留的索引 1 和 2）：

# %%
print(x_train[0][:20])
print(kteach.decode_review(x_train[0])[:400], "...")
print("label:", y_train[0])

# %% [markdown]
# ## 填充和截断到统一长度
#
# 一个批次必须是一个矩形（每行一样长），所以每条评论都要变成恰好 200 个索引。`pad_sequences` 在较短评论的**前面**补零，较长的评论也**从前面**截断（默认 `padding="pre"`、`truncating="pre"`），因此模型总能看到评论的结尾，而评论者常常在结尾做总结。
#
# > **Keras 2 → Keras 3：** 教程中的 `from keras.preprocessing import sequence` 和 `sequence.pad_sequences(...)` 在 Keras 3 中仍然可用，但这个函数在文档中的位置现在是 `keras.utils.pad_sequences`，我们用的就是它。

# %%
short = [[11, 12, 13], list(range(1, 9))]
print(keras.utils.pad_sequences(short, maxlen=5))

x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_test = keras.utils.pad_sequences(x_test, maxlen=MAXLEN)
print("x_train:", x_train.shape, "| x_test:", x_test.shape)

# %% [markdown]
# ## 建立模型
#
# - **Embedding**：一张查找表，把每个词索引变成一个由 128 个数组成的向量。这些向量一开始是随机的，在训练中学习得到，因此用法相似的词（“great”、“excellent”）最终会有相似的向量。可以把它看作独热编码的一种稠密的、通过学习得到的版本。
# - **LSTM(100)**：按顺序读入这 200 个向量，同时维护一份由 100 个数组成的记忆，每读一个词就更新一次，读完最后一个词后输出这份记忆：它就是整条评论的摘要。
# - **Dense(1, sigmoid)**：把这份摘要变成一个概率，即这条评论是正面评论的概率。
#
# > **Keras 2 → Keras 3（以及教程中的两处错误）：** `Embedding(..., input_length=maxlen)` 仍能运行，但会警告 `input_length` 已被弃用：改用 `keras.Input(shape=(MAXLEN,))` 给出长度。教程从未定义 `embedding_dim`；我们取 128。教程还把标签独热编码成 2 列，而模型只有一个 sigmoid 输出，这样会出错（`ValueError`：目标和输出 "must have the same shape"）：使用 `Dense(1, activation="sigmoid")` 和 `binary_crossentropy` 时，标签应保持为 0 和 1。

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(MAXLEN,)),
        keras.layers.Embedding(input_dim=MAX_FEATURES, output_dim=EMBEDDING_DIM),
        keras.layers.LSTM(units=LSTM_UNITS),
        keras.layers.Dense(units=1, activation="sigmoid"),
    ],
    name="imdb_lstm",
)
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.summary()

# %%
kteach.show_model(model)

# %% [markdown]
# ## 训练与早停
#
# `EarlyStopping` 在每个轮次结束后检查验证集准确率，如果连续 `PATIENCE` 个轮次都没有提升（提升幅度至少要达到 `min_delta`）就停止训练；随后 `restore_best_weights=True` 会恢复最好的那个轮次的权重，而不是最后一个轮次的。在全部 25,000 条评论上（完整模式），验证集上的损失在第一两个轮次之后就降到最低，随后开始上升，而训练集（training set）上的损失一直在下降：模型开始死记硬背它的训练评论，也就是过拟合（overfitting）。它对这些评论越来越有把握，而在没见过的评论上则越来越自信地判错。这就是为什么最好的轮次来得很早，也是为什么及时停止如此重要。快速模式在 800 条评论上只训练 3 个轮次，还走不到这一步：图下面 `kteach.diagnose_fit` 打印的那一行说明了这次运行的情况。
#
# > **Keras 2 → Keras 3：** 教程监控的是 `'val_acc'`。Keras 3 把它命名为 `val_accuracy`，而 `EarlyStopping(monitor='val_acc')` 现在会在第一个轮次结束时报错，也就是白白训练了一整个轮次之后（`ValueError`：它 “isn't able to automatically determine whether that metric should be maximized”）；加上 `mode='max'` 则只会在每个轮次结束时发出警告，并且永远不会停止。教程还用到了一个从未构建过的 `X_val`：这里改用 `validation_split=0.2`，把训练评论的最后 20% 留出来用于验证。

# %%
early_stop = keras.callbacks.EarlyStopping(
    monitor="val_accuracy", min_delta=0.0001, patience=PATIENCE, restore_best_weights=True
)

history = model.fit(
    x_train,
    y_train,
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    validation_split=0.2,
    callbacks=[early_stop, kteach.LiveHistory()],
    verbose=0,
)
best_epoch = int(np.argmax(history.history["val_accuracy"])) + 1
print("trained", len(history.epoch), "epochs; best val_accuracy", round(max(history.history["val_accuracy"]), 4), "at epoch", best_epoch)
print(kteach.diagnose_fit(history))

# %% [markdown]
# ## 评估

# %%
score, acc = model.evaluate(x_test, y_test, verbose=0)
print(f"Test score (loss): {score:.4f}")
print(f"Test accuracy:     {acc:.4f}")

# %% [markdown]
# 训练历史：训练集和验证集上的准确率与损失（也就是教程中的两张图，这里合并成一张；`kteach.plot_history` 也接受 Keras 2 的名称 `acc` 和 `val_acc`）：

# %%
fig, axes = kteach.plot_history(history)

# %% [markdown]
# ## 预测
#
# `predict` 为每条评论返回一个概率；大于 0.5 表示正面。（教程中的 `model.predict(X_test) > 0.5` 是对的；`predict_classes` 已经不存在了。）

# %%
probabilities = model.predict(x_test, verbose=0).ravel()
predicted = (probabilities > 0.5).astype(int)
print("test accuracy from predict:", round(float((predicted == y_test).mean()), 4))

# %% [markdown]
# ### 你自己写的评论
#
# 要让模型读懂你写的文本，必须按照与数据集完全相同的方式对它编码：相同的词、相同的索引、相同的 `num_words`。`kteach.encode_review` 做的就是这件事；`kteach.review_words` 显示每个词的去向：要么得到一个索引；要么因为对 `num_words` 来说太罕见而变成 `[OOV]`；要么因为没有任何一条训练评论用过它而被丢弃（模型没有它的向量）。

# %%
for word, fate in kteach.review_words("A zorblaxian masterpiece: unforgettable, moving acting!", num_words=MAX_FEATURES):
    print(f"{word:15} {fate}")

# %%
my_reviews = [
    "This movie was wonderful. The acting was brilliant and the story moved me.",
    "A boring, stupid film. The worst two hours I have ever wasted.",
    "Not bad at all, though the ending was a bit slow.",
]
encoded = [kteach.encode_review(text, num_words=MAX_FEATURES) for text in my_reviews]
mine = model.predict(keras.utils.pad_sequences(encoded, maxlen=MAXLEN), verbose=0).ravel()
for text, probability in zip(my_reviews, mine):
    print(f"{probability:.2f} {'positive' if probability > 0.5 else 'negative'}: {text}")

# %% [markdown]
# 要看概率，而不只是结论：0.5 就等于抛硬币。在 800 条评论上只训练 3 个轮次的模型（快速模式，测试准确率约 0.63）给这三条评论的概率都接近 0.5，所以它在这里说的 "positive"（正面）和 "negative"（负面）意义不大；它才刚刚开始学着分辨赞扬和抱怨。用完整模式（25,000 条评论）运行本课，同样这三条会得到很有把握的结论，前两条是对的。第三条把 "not bad" 和 "a bit slow" 混在一起，完整模式的模型判它为负面："not bad" 这样的否定说法，对一个已经学会把 "bad" 当作差评信号的模型来说很难。
#
# ### 最有把握的正确答案和错误答案
#
# 把测试评论按模型的把握程度排序，就能看出它学到了什么，以及它在哪些地方会上当：反讽、正面评论里的负面词（“not bad at all”），或者结论出现在最后 200 个词之前的评论。

# %%
confidence = np.where(predicted == 1, probabilities, 1 - probabilities)
most_sure_first = np.argsort(-confidence, kind="stable")
right = [i for i in most_sure_first if predicted[i] == y_test[i]][:2]
wrong = [i for i in most_sure_first if predicted[i] != y_test[i]][:2]

for title, picks in (("right", right), ("wrong", wrong)):
    for i in picks:
        words = kteach.decode_review(x_test[i]).replace("[PAD] ", "")
        print(f"{title}: true {y_test[i]}, predicted {probabilities[i]:.2f} | ...{words[-300:]}\n")

# %% [markdown]
# ## 与 Keras 2 相比的变化
#
# | 教程（Keras 2） | Keras 3 |
# | --- | --- |
# | `from keras.preprocessing import sequence`；`sequence.pad_sequences(...)` | `keras.utils.pad_sequences(...)` |
# | `Embedding(input_dim, output_dim, input_length=maxlen)` | `keras.Input(shape=(maxlen,))`，然后 `Embedding(input_dim, output_dim)` |
# | `EarlyStopping(monitor='val_acc')` | `EarlyStopping(monitor='val_accuracy')`（现在 `'val_acc'` 会在第一个轮次之后报错） |
# | `history.history['acc']` | `history.history['accuracy']` |
# | `to_categorical(y, 2)` 配一个 sigmoid 输出 | 标签 0/1 配 `Dense(1, activation="sigmoid")` |
#
# **下一课：** 第 04 课用函数式 API（functional API）搭建不是单一层堆叠的模型。

# %% [markdown]
# ## 练习
#
# 四道练习，由易到难：修改每个代码单元格并运行，`kteach.check` 会用一句话给出判断。`kteach.hint("03.1")` 给出提示，用完提示后 `kteach.solution("03.1")` 给出参考答案，`kteach.progress()` 列出你已答对的练习。

# %% [markdown]
# ### 03.1 · 简单：预测填充结果
#
# 不运行代码：`keras.utils.pad_sequences([[5, 6, 7]], maxlen=5)` 返回什么？把这五个数写成一个列表。

# %%
padded = ...  # 五个数
kteach.check("03.1", padded)

# %% [markdown]
# ### 03.2 · 简单：把教程的 EarlyStopping 改成 Keras 3
#
# 教程写的是 `EarlyStopping(monitor='val_acc', patience=3)`。请用 Keras 3 的写法重写它，并让它恢复最好一轮的权重。

# %%
stop = ...
kteach.check("03.2", stop)

# %% [markdown]
# ### 03.3 · 中等：你这次训练的最好一轮
#
# `history` 记录了上面的训练。`EarlyStopping` 恢复的是哪一轮的权重？从 `history` 算出来（轮次从 1 开始数）。

# %%
best_epoch = ...
kteach.check("03.3", best_epoch, history)

# %% [markdown]
# ### 03.4 · 较难：一个更小的情感分类模型
#
# 为填充后的评论搭建并编译一个模型：一个把 5,000 个词变成 32 维向量的 `Embedding`，一个 32 个单元的 `LSTM`，以及标签 0 和 1 所需的输出层和损失函数（loss function），并使用 Adam 和准确率指标。

# %%
sentiment = ...
kteach.check("03.4", sentiment)
