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
# # 第 06 课：用 LSTM 预测时间序列（time series）
#
# **简介：** 用 LSTM 根据前 30 年的数据预测下一年的太阳黑子数；按时间顺序划分数据，缩放时不偷看未来，并与“和去年一样”这一朴素预测做诚实的比较。
#
# 第 03 课读入一串单词，给出一个标签。时间序列也是一种序列，LSTM 可以读入最近的 30 个值，输出下一个值：这是一个**回归**（regression）问题，用均方误差来训练。本课沿用教程第 4.2 节的做法：长度为 30 步的窗口，`LSTM(64)` + `Dense(1)`，Adam 优化器（optimizer）。训练时用 `EarlyStopping(patience=5)` 根据验证集（validation set）损失早停（early stopping）。最后计算测试集（test set）损失，并画出预测结果。
#
# 教程从没说明它预测的是哪条序列，而且代码中有几处错误，要么直接运行失败，要么算出的并不是想要的量（列在本课末尾）。我们使用 `statsmodels` 包自带的一条真实序列：1700 年到 2008 年每年的**太阳黑子**平均数，这是预测领域的经典数据，以约 11 年的周期而闻名。
#
# *快速模式*（`KTEACH_QUICK=1`，自动测试运行的就是这种模式）在这里只改变数字类型（64 位浮点数，见第 01 课）：这条序列很小，所以快速模式也最多训练教程的 100 个轮次（epoch），只需几秒钟，两种模式下都由 EarlyStopping 结束训练。
#
# *新术语在第一次出现时都会解释；[术语表](glossary.md)把它们汇总在一起。*
#
# *English version（英文版）: [../06_time_series_lstm.ipynb](../06_time_series_lstm.ipynb)*

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
import matplotlib.pyplot as plt
import numpy as np
import keras
from statsmodels.datasets import sunspots

import kteach
from kteach.series import Standardizer, forecast_errors, last_value_forecast, plot_forecast, time_split, windows

kteach.set_language("zh")  # "zh"：kteach 的提示信息和图表标签使用中文
kteach.seed_everything(42)
QUICK = kteach.quick_mode()

WINDOW = 30  # 模型为预测下一年而读入的年数（即教程中的 window_size）
LSTM_UNITS = 64
BATCH_SIZE = 32  # 每次更新权重所用的窗口数（教程的 batch(1) 每个轮次要更新 187 次）
EPOCHS = 100  # 只是上限：EarlyStopping 通常会更早停止
PATIENCE = 5  # 验证集损失连续多少个轮次没有降低就停止
VALIDATION = 0.15  # 按时间顺序紧接在训练部分之后的那一段占整条序列的比例
TEST = 0.15  # 序列最后一段所占的比例

print(kteach.versions(), "| quick mode:", QUICK)

# %% [markdown]
# ## 加载序列
#
# `statsmodels` 把数据放在包里一起发布，所以无需联网即可加载。每年一个值。

# %%
data = sunspots.load_pandas().data
years = data["YEAR"].to_numpy().astype(int)
spots = data["SUNACTIVITY"].to_numpy()

print(len(spots), "years,", years[0], "to", years[-1])
print("sunspots per year: min", spots.min(), "| mean", round(spots.mean(), 1), "| max", spots.max())

# %% [markdown]
# ## 按时间顺序划分
#
# 预测模型是用来预测未来的，所以也必须用“未来”的数据来测试：**前** 70% 的年份是训练集（training set），用来训练模型；接下来的 15% 用来验证（早停监视的就是它们）；**最后** 15% 用来测试。切勿在划分之前打乱序列：那样测试年份就会夹在训练年份之间，模型只要在已知的相邻年份之间插值，就能“预测”出结果。

# %%
train_end, val_end = time_split(len(spots), validation=VALIDATION, test=TEST)

for name, part in (("train", slice(0, train_end)), ("validation", slice(train_end, val_end)), ("test", slice(val_end, None))):
    print(f"{name:10} {years[part][0]}-{years[part][-1]} ({len(years[part])} years)")

# %%
fig, ax = plt.subplots(figsize=(9, 3))
ax.plot(years, spots, color="black", linewidth=1)
ax.axvspan(years[train_end], years[val_end - 1], color="C1", alpha=0.2, label="验证集")
ax.axvspan(years[val_end], years[-1], color="C2", alpha=0.2, label="测试集")
ax.set_ylabel("太阳黑子数")
legend = ax.legend(loc="upper left")
print(f"yearly mean {spots.mean():.1f}, highest {spots.max():.1f} in {years[spots.argmax()]}")

# %% [markdown]
# ## 只用训练年份来缩放
#
# 神经网络最擅长从分布在 0 附近、离散程度约为 1 的数值中学习，所以我们做标准化：减去一个均值，再除以一个标准差。这两个量都**只从训练年份**计算。如果在整条序列上拟合它们，就等于把未来的水平和波动幅度透露给了模型，这种信息泄漏会让测试误差看起来比实际使用时更好。验证年份和测试年份一律用训练年份的统计量来缩放，不管这些统计量是多少。
#
# 用纯 NumPy 写只要两行：算出训练年份的统计量，再用到每一年上。

# %%
train_mean, train_std = spots[:train_end].mean(), spots[:train_end].std()
scaled_by_hand = (spots - train_mean) / train_std

# %% [markdown]
# `kteach.series.Standardizer` 做的是同样的事，并且保存这两个数，以便之后撤销缩放（`inverse`）：要把预测值重新换算成太阳黑子数，就需要这一步。

# %%
scaler = Standardizer.fit(spots[:train_end])
scaled = scaler.transform(spots)

print(f"training mean {scaler.mean:.2f}, standard deviation {scaler.std:.2f}")
print(f"test years once scaled: mean {scaled[val_end:].mean():.2f}, std {scaled[val_end:].std():.2f} (not 0 and 1: the future differs)")
print("the same as the NumPy lines:", np.allclose(scaled, scaled_by_hand))

# %% [markdown]
# ## 把序列切成窗口
#
# 每个样本是一个**窗口**：连续 30 年作为输入，紧随其后的那一年作为目标。一个窗口属于哪一部分，由它的**目标**决定：验证窗口预测的是验证年份，它们的输入可以往回延伸到训练年份里，这是合理的，因为预测 1963 年时，你已经知道 1933-1962 年的数据。因此，没有哪个目标会先在训练中见过、再被拿来测试。
#
# LSTM 要求输入的形状为 `(windows, time steps, features)`：这里是 `(count, 30, 1)`，每个时间步一个特征。
#
# 用纯 NumPy 写，训练窗口就是对每个目标年份 `t` 取一个切片：输入是 `scaled[t - 30 : t]`，目标是 `scaled[t]`。`kteach.series.windows` 对任意一段目标年份做的正是这件事，并且会检查它的参数。

# %%
targets = range(WINDOW, train_end)  # 训练目标所在的位置
x_by_hand = np.stack([scaled[t - WINDOW : t] for t in targets])[..., np.newaxis]
y_by_hand = scaled[WINDOW:train_end]
print("inputs", x_by_hand.shape, "| targets", y_by_hand.shape)

# %%
x_train, y_train = windows(scaled, WINDOW, start=WINDOW, stop=train_end)
x_val, y_val = windows(scaled, WINDOW, start=train_end, stop=val_end)
x_test, y_test = windows(scaled, WINDOW, start=val_end, stop=len(scaled))

for name, x, y in (("train", x_train, y_train), ("validation", x_val, y_val), ("test", x_test, y_test)):
    print(f"{name:10} inputs {x.shape}, targets {y.shape}")
print("training windows as in NumPy:", np.allclose(x_train, x_by_hand), np.allclose(y_train, y_by_hand))

# %% [markdown]
# 第一个测试窗口，换算回太阳黑子数：30 年的输入，然后是要预测的那一年。

# %%
first = scaler.inverse(x_test[0, :, 0])
print("inputs", years[val_end - WINDOW], "-", years[val_end - 1], ":", np.round(first).astype(int))
print("target", years[val_end], ":", round(float(scaler.inverse(y_test[0])), 1))

# %% [markdown]
# Keras 也内置了这一功能：`keras.utils.timeseries_dataset_from_array` 会切出同样的窗口，放进一个 `tf.data.Dataset`（当序列大到内存放不下时很有用）。因为它返回的是 `tf.data` 数据集，所以无论当前使用哪个 Keras 后端，这一个单元格都需要安装 TensorFlow（第 07 课介绍后端）。两者的窗口是一致的：

# %%
dataset = keras.utils.timeseries_dataset_from_array(
    scaled[:-1], targets=scaled[WINDOW:], sequence_length=WINDOW, batch_size=len(scaled)
)
all_inputs, all_targets = next(iter(dataset))
print("same training windows:", np.allclose(all_inputs[: len(x_train)], x_train[..., 0]), "| same targets:", np.allclose(all_targets[: len(y_train)], y_train))

# %% [markdown]
# > **教程的数据管道（已修正）：** 它的 `create_dataset` 有四个问题：
# >
# > - `series = scaled_series[:training_split]` 只保留了训练年份，随后 `series[training_split:]` 取的是*这条截短后的序列*中 `training_split` 之后的年份，结果是空的：验证集里一个窗口都没有。我们按目标所在的位置，从完整的缩放后序列中切出每一部分。
# > - `scaled_series` 和 `scaler` 从未定义；而在整条序列上拟合的缩放器会泄漏未来的信息。我们的缩放器只在训练年份上拟合。
# > - `ds.shuffle(1000)` 在 `create_dataset` 内部执行，所以连验证窗口也被打乱了（无害，但毫无意义）。我们只打乱训练窗口，而且只在划分之后才打乱：`fit` 在每个轮次都会这样做（`shuffle=True` 是它的默认值）；验证窗口和测试窗口保持原有顺序。
# > - `batch(1)` 每处理一个窗口就更新一次权重：又慢又充满噪声。我们把批大小（batch size）设为 32。

# %% [markdown]
# ## 建立模型
#
# `LSTM(64)` 逐个读入这 30 个值，读完最后一个后输出它由 64 个数组成的记忆；`Dense(1)` 不带激活函数（activation function），把这份记忆变成一个数，也就是预测值（回归可以输出任意值，所以不用 sigmoid 或 softmax）。损失函数（loss function）是**均方误差**（`mse`）。
#
# > **Keras 2 → Keras 3：** `LSTM(64, input_shape=[None, 1])` 仍能运行，但会发出警告：请改为在该层之前放一个 `keras.Input(shape=(None, 1))`。时间步数为 `None`，表示模型接受任意长度的窗口。

# %%
model = keras.Sequential(
    [keras.Input(shape=(None, 1)), keras.layers.LSTM(units=LSTM_UNITS), keras.layers.Dense(units=1)],
    name="sunspot_lstm",
)
model.compile(loss="mse", optimizer="adam")
model.summary()

# %% [markdown]
# ## 训练与早停
#
# `EarlyStopping` 监视验证集损失，连续 5 个轮次没有改进就停止训练；`restore_best_weights=True` 会恢复最佳轮次的权重（教程保留的是最后一个轮次的权重，比最佳轮次晚了 5 个轮次）。

# %%
early_stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=PATIENCE, restore_best_weights=True)

history = model.fit(
    x_train,
    y_train,
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    validation_data=(x_val, y_val),
    callbacks=[early_stop, kteach.LiveHistory()],
    verbose=0,
)
best_epoch = int(np.argmin(history.history["val_loss"])) + 1
print("trained", len(history.epoch), "epochs; best val_loss", round(min(history.history["val_loss"]), 4), "at epoch", best_epoch)

# %% [markdown]
# ## 测试集损失
#
# > **Keras 2 → Keras 3（以及教程中的一处错误）：** `model.evaluate(ds_val)[0]` 假定返回值是一个列表（损失、各项评估指标……）。编译时只指定了损失函数、没有指定评估指标的模型返回的是单个数，所以 `[0]` 会出错（`TypeError`："'float' object is not subscriptable"）。直接使用这个数即可。教程还在验证集上做评估，而早停已经用验证集挑选过轮次了：应该报告**测试集**损失。

# %%
test_loss = model.evaluate(x_test, y_test, verbose=0)
print(f"test loss (mse, scaled units): {test_loss:.4f}")

# %% [markdown]
# ## 预测，并与朴素基线比较
#
# 一次 `predict` 调用就能预测所有测试窗口（教程对每一年都调用一次 `predict`，而且窗口的形状用错了，是 `(1, 30)` 而不是 `(1, 30, 1)`）。
#
# 这个模型到底好不好？只看损失值无法判断。把它与最简单的预测方法比一比：**明年 = 今年**（`last_value_forecast`）。这种方法毫无成本，而在变化缓慢的序列上很难被超越。两种误差都以太阳黑子数为单位，在相同的测试年份上计算：MAE 是平均绝对误差，RMSE 是均方根误差（它对大的偏差惩罚更重）。

# %%
lstm_forecast = scaler.inverse(model.predict(x_test, verbose=0).ravel())
naive_forecast = scaler.inverse(last_value_forecast(x_test))
truth = scaler.inverse(y_test)

errors = forecast_errors(truth, {"LSTM": lstm_forecast, "last value": naive_forecast})
for name, error in errors.items():
    print(f"{name:10} MAE {error['mae']:6.2f} | RMSE {error['rmse']:6.2f} sunspots")
gain = 1 - errors["LSTM"]["mae"] / errors["last value"]["mae"]
print(f"LSTM beats the baseline: {gain > 0} (its MAE is {abs(gain):.0%} {'lower' if gain > 0 else 'higher'})")

# %%
fig, ax = plot_forecast(
    years[val_end:], truth, {"LSTM": lstm_forecast, "最后值": naive_forecast},
    title="测试年份上提前一年的预测", ylabel="太阳黑子数",
)

# %% [markdown]
# “最后值”预测就是把真实值向右平移一年：它总是慢一拍，在周期转折或陡峭上升的地方误差最大。训练年份 1700-1916 年大约包含 20 个 11 年的周期，每个 30 年的窗口能看到其中两三个：过了峰值之后 LSTM 会更早地转而向下，因为它已经学到峰值不会持续。所以它的 MAE 低于基线（上面几行打印出了低多少）。它并非未卜先知：训练窗口不到 200 个，它学不到太多东西；在陡峭上升段它仍然滞后，它估不准峰值会有多高，而且只能预测未来一年。若要预测未来好几年，就得把预测值当作输入再喂回去，误差会在每一步不断累积。
#
# 假如基线赢了，那也是一个应当如实报告、而不是藏起来的结果：它说明模型除了“停在最后一个值附近”之外什么也没学到。在每周 CO₂ 浓度（`statsmodels.datasets.co2`）这样的序列上，相邻两周之间几乎没有变化，“最后值”预测非常难以超越：不妨试一试。
#
# 训练曲线，以及验证损失最低的那个轮次：训练结束时，`restore_best_weights=True` 恢复的就是它的权重，无论 EarlyStopping 是否提前停止了训练。

# %%
fig, axes = kteach.plot_history(history)
best = int(np.argmin(history.history["val_loss"]))
print(f"{len(history.history['loss'])} epochs; lowest val_loss {history.history['val_loss'][best]:.4f} in epoch {best + 1}")

# %% [markdown]
# ## 与教程相比的改动
#
# | 教程（Keras 2） | 本课（Keras 3） |
# | --- | --- |
# | `scaled_series`、`scaler` 未定义（在整条序列上拟合的缩放器会泄漏未来的信息） | `Standardizer.fit(spots[:train_end])`：只用训练年份 |
# | 验证窗口取自截短后的训练序列的 `series[training_split:]`：是空的 | 每一部分的窗口都按目标所在的位置从完整序列中切出 |
# | 每一部分都做 `ds.shuffle(1000)`，`batch(1)` | `fit` 只打乱训练窗口；批大小为 32 |
# | `LSTM(64, input_shape=[None, 1])` | `keras.Input(shape=(None, 1))`，然后是 `LSTM(64)` |
# | `EarlyStopping(patience=5, monitor='val_loss')` | 相同，另加 `restore_best_weights=True` |
# | 对只有一个损失的模型用 `model.evaluate(ds_val)[0]` | `model.evaluate(x_test, y_test)` 返回的就是损失本身；报告测试集上的结果 |
# | 每年调用一次 `model.predict(window.reshape(1, 30))` | 对所有窗口只调用一次 `model.predict(x_test)`，输入形状为 `(count, 30, 1)` |
# | 单独画出预测结果，且与真实值没有对齐 | 在相同的年份上画出预测值、真实值和朴素基线，并给出它们的误差 |
#
# **下一课：** 第 07 课带你浏览 Keras 工具箱中的其余内容：回调（callback）、自定义评估指标、类别权重、初始化器、约束、更多的层，以及优化器的动量。

# %% [markdown]
# ## 练习
#
# 四道练习，由易到难：修改每个代码单元格并运行，`kteach.check` 会用一句话给出判断。`kteach.hint("06.1")` 给出提示，用完提示后 `kteach.solution("06.1")` 给出参考答案，`kteach.progress()` 列出你已答对的练习。

# %% [markdown]
# ### 06.1 · 简单：数一数窗口
#
# 一个序列有 100 个值。它能切出多少个“30 个输入加其后一个目标”的窗口？

# %%
count = ...
kteach.check("06.1", count)

# %% [markdown]
# ### 06.2 · 中等：不偷看地缩放
#
# 为太阳黑子数据做一个 `Standardizer`，它不能向模型透露任何关于未来的信息。

# %%
train_scaler = ...
kteach.check("06.2", train_scaler, spots, train_end)

# %% [markdown]
# ### 06.3 · 中等：手算朴素预测
#
# 只用 NumPy，从 `x_test` 算出每个测试窗口的“明年 = 今年”预测（与 `x_test` 一样用缩放后的单位）。

# %%
naive = ...
kteach.check("06.3", naive, x_test)

# %% [markdown]
# ### 06.4 · 较难：你自己的预测模型
#
# 搭建并编译一个预测模型：输入是任意长度、每步一个值的窗口，一个 32 个单元的 `LSTM`，以及预测一个数所需的输出层和损失函数（用 Adam）。

# %%
lstm_forecaster = ...
kteach.check("06.4", lstm_forecaster)
