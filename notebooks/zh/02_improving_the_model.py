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
# # 第 02 课：改进模型
#
# **简介：** 从第 01 课的网络出发，每次只改动一处——dropout、L2 正则化（regularization）、优化器（optimizer）、隐藏单元数或批大小（batch size）——并记录下每一次运行，以便相互比较。
#
# 教程沿着 8 步流程，一步步改进它的 MNIST 网络：在**建立**模型时加入 dropout 和正则化，在**编译**模型时换用别的优化器，在**训练**模型时增加隐藏单元、改变批大小。我们也这样做，并把每个实验都保存为一次有记录的运行（run），让结论来自数字，而不是来自记忆。
#
# `kteach.Trainer` 根据一组超参数（hyperparameter）构建第 01 课的网络（Dense 128 ReLU ×2 + softmax），用 `validation_split=0.2` 训练它，在测试集（test set）上评估它，并记录这次运行。每次运行之前，它都会重新设置随机种子，所以两次运行之间**只**有我们改动过的设置不同。每次运行都可以打印出能重复它的纯 Keras 代码。
#
# *快速模式*（`KTEACH_QUICK=1`）使用 kteach 自带的 2,000 张图像的 MNIST 样本进行训练，并把 dropout 的长时间训练限制在 100 个轮次（epoch）；不设置时，使用能找到的完整数据，并按教程训练 250 个轮次。数据少时，每个模型都会弱一些，小的差距也落在偶然范围之内；本课最后的结论会说明两种模式在哪里不同。
#
# *新术语在第一次出现时都会解释；[术语表](glossary.md)把它们汇总在一起。*
#
# *English version（英文版）: [../02_improving_the_model.ipynb](../02_improving_the_model.ipynb)*

# %% [markdown]
# *在 Colab 上？* 下一个单元格会在缺少 kteach 时安装它；在其他环境中，它什么也不做。

# %%
# 在 Colab 上：如果缺少 kteach，就安装它。在已经装好 kteach 的环境中（你自己的电脑、Binder），
# 这个单元格什么也不做。（超参数面板会自行开启 Colab 的 widget 支持。）
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)

# %% [markdown]
# ## 准备工作：与第 01 课相同的数据

# %%
import numpy as np
import keras
import kteach

kteach.set_language("zh")  # "zh"：kteach 的提示信息和图表标签使用中文
QUICK = kteach.quick_mode()
N_EPOCH = 20  # 第 01 课的设置
LONG_EPOCHS = 100 if QUICK else 250  # 教程中 dropout 实验所用的轮次数
SEED = 1671

(X_train, y_train), (X_test, y_test) = kteach.load_mnist()
X_train = X_train.reshape(-1, 784).astype("float32") / 255
X_test = X_test.reshape(-1, 784).astype("float32") / 255
Y_train = keras.utils.to_categorical(y_train, 10)
Y_test = keras.utils.to_categorical(y_test, 10)
print(kteach.versions(), "| quick mode:", QUICK, "| train", X_train.shape, "| test", X_test.shape)

# %% [markdown]
# ## 基线：第 01 课的模型
#
# `kteach.Hyperparameters` 保存各项设置；它的默认值就是第 01 课的设置：20 个轮次、批大小 128、128 个隐藏单元、不用 dropout、不用 L2、学习率（learning rate）为 0.01 的 SGD。每次运行打印一行：各项设置、实际训练的轮次数、最佳验证准确率（validation accuracy）和测试准确率。

# %%
trainer = kteach.Trainer(((X_train, Y_train), (X_test, Y_test)), seed=SEED)
print(trainer.params)
baseline = trainer.train(name="baseline")

# %% [markdown]
# ## 1. Dropout
#
# **Dropout** 在每个训练步随机关闭一层输出中的一部分（这里是 30%），这样任何神经元都不能依赖少数几个其他神经元：网络必须把学到的东西分散开来，这往往能让它泛化得更好。它是一种**正则化**方法：用来对抗过拟合（overfitting）。
#
# > **教程中的一个错误。** 其中一篇教程（seed 001）说 dropout 能“达到模拟退火的效果”。并非如此：模拟退火（simulated annealing）是一种搜索方法，它有时会接受更差的解，并且随着“温度”下降，接受的次数越来越少。Dropout 则是在训练中加入随机噪声，比例始终不变，作为一种正则化手段。
#
# *测试时会怎样？* 什么都不丢弃：`evaluate` 和 `predict` 会用到每一个神经元。Keras 在训练时会把保留下来的输出放大（乘以 1 / 0.7），使它们的总和在训练和测试时大小相同。
#
# 教程发现，加入 dropout 后，训练 20 个轮次是不够的：准确率并没有提高，所以它训练了 250 个轮次。Dropout 让每一步的噪声都更大，因此学得更慢。
#
# > **Keras 2 → Keras 3：** `from keras.layers.core import Dropout` 会报错（`ModuleNotFoundError`）；应写作 `keras.layers.Dropout`。

# %%
trainer.set(dropout=0.3)
dropout_20 = trainer.train(name="dropout 0.3")

# %% [markdown]
# 接下来是教程中的长时间训练。但训练得更久同时混入了两个因素：dropout 本身的作用，以及单纯多训练带来的效果。所以我们把**不加** dropout 的模型也训练同样多的轮次：两次长时间训练之间的差距，才是 dropout 本身带来的。最后，给加了 dropout 的长时间训练加上**早停（early stopping）**，也就是 Keras 的 EarlyStopping 回调（callback）：它监视验证准确率，一旦连续 10 个轮次没有提升就停止训练，并恢复它最好的那个轮次的权重。
#
# 差距要多大才有意义？测试集测出的准确率 `p` 本身带有偶然性：取决于碰巧有哪些图像在测试集里。对 `n` 张测试图像，一个标准误差是 `sqrt(p (1 - p) / n)`：`p = 0.88` 时，快速模式的 1,000 张图像约为 1 个百分点，10,000 张时约为 0.3 个百分点。作为粗略的规则，下面的 `gain` 把小于两个标准误差的差距称为“within chance”（在偶然范围内）：换一个测试集，它可能就反过来了。

# %%
trainer.set(epochs=LONG_EPOCHS, dropout=0.0)
plain_long = trainer.train(name=f"no dropout, {LONG_EPOCHS} epochs")
trainer.set(dropout=0.3)
dropout_long = trainer.train(name=f"dropout 0.3, {LONG_EPOCHS} epochs")

early_stop = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=10, restore_best_weights=True)
dropout_early = trainer.train(name="dropout 0.3, early stop", callbacks=[early_stop])

# %%
def gain(run, reference):
    """Test accuracy of ``run`` minus that of ``reference`` in points, and whether it is beyond chance."""
    points = 100 * (run.test_accuracy - reference.test_accuracy)
    p = reference.test_accuracy
    noise = 2 * 100 * np.sqrt(p * (1 - p) / len(X_test))  # 两个标准误差，以百分点计
    return f"{points:+.1f} points ({'beyond' if abs(points) > noise else 'within'} chance, ±{noise:.1f})"


for run in (baseline, dropout_20, plain_long, dropout_long, dropout_early):
    print(f"{run.name:28} epochs {run.epochs_done:3}  test accuracy {run.test_accuracy:.4f}")
print(f"what {LONG_EPOCHS} epochs add without dropout:", gain(plain_long, baseline))
print(f"what dropout adds at {LONG_EPOCHS} epochs:      ", gain(dropout_long, plain_long))
best_epoch = int(np.argmax(dropout_early.history["val_accuracy"])) + 1
stopped = "stopped" if dropout_early.epochs_done < LONG_EPOCHS else "never stopped, still improving"
print(f"early stopping: {stopped} after {dropout_early.epochs_done} epochs, best epoch {best_epoch};",
      "test accuracy vs the full run:", gain(dropout_early, dropout_long))

# %% [markdown]
# ## 2. L2 权重正则化
#
# L2 正则化把 `factor × (sum of the squared weights)`（即系数 × 权重的平方和）加到损失函数（loss function）上，于是优化器还会把每个权重推向零；大的权重能让网络记住个别训练图像，现在它们的代价变高了。教程中的 `l2(0.01)` 对这种规模的网络来说是很强的惩罚；我们把它与小 10 倍的惩罚作比较。
#
# > **Keras 2 → Keras 3：** `from keras import regularizers` 和 `Dense(64, kernel_regularizer=regularizers.l2(0.01))` 仍然可用；`W_regularizer=`（Keras 1 的写法）则会引发 `ValueError`（"Unrecognized keyword arguments"）。教程中的 `input_dim=64` 放在第一层上仍然可用，但会发出警告：请改为先写 `keras.Input(shape=(64,))`。

# %%
trainer.set(epochs=N_EPOCH, dropout=0.0, l2=0.01)
l2_strong = trainer.train(name="L2 0.01")
trainer.set(l2=0.001)
l2_mild = trainer.train(name="L2 0.001")

# %% [markdown]
# 训练器只是省去一些代码，里面并没有隐藏什么。下面用纯 Keras 写出它在 dropout 0.3、L2 0.001 时搭建的模型：每个隐藏层（hidden layer）后面一个 `Dropout` 层，每个隐藏的 `Dense` 层上加 `kernel_regularizer`。Keras 把 L2 惩罚项收集在 `model.losses` 中，并在每一步把它们加到损失上。

# %%
l2 = keras.regularizers.L2(0.001)
by_hand = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(128, activation="relu", kernel_regularizer=l2),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(128, activation="relu", kernel_regularizer=l2),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax"),
    ],
    name="dropout_and_l2_by_hand",
)
by_hand.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01), metrics=["accuracy"])
by_hand.summary()
print("L2 penalties added to the loss:", len(by_hand.losses))

# %% [markdown]
# ## 3. 优化器
#
# SGD 沿负梯度方向迈出固定大小的步子（步长就是学习率）。**RMSprop** 和 **Adam** 会根据最近的梯度，为每个权重分别调整步长，所以在相同的轮次数下，它们通常学得快得多。它们常用的学习率是 0.001。
#
# 其中一篇教程（seed 001）把 Adam 的其他参数都写了出来：`Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)`，也就是默认值。Adam 为每个权重维护两个滑动平均：梯度的平均（`beta_1` 表示每一步保留多少旧的平均值，相当于动量），以及梯度平方的平均（`beta_2`，同样的含义，衡量梯度通常有多大）。每一步沿着前者的方向移动，再除以后者的平方根，所以梯度大的权重步子反而小。`epsilon` 是加到这个除数上的一个很小的数，保证它永远不为 0；`amsgrad=True` 则改为除以迄今为止最大的那个平均值，这样步长就不会再变大。
#
# > **Keras 2 → Keras 3：** `Adam(lr=0.001)` 会报错（`ValueError`）：应写作 `Adam(learning_rate=0.001)`。教程中的 `epsilon=None`（Keras 2 把它当作 1e-7）会被接受，但第一步训练就会失败（`ValueError`："None values not supported"）：不写 `epsilon` 即可。它的 `decay=0.` 只会发出警告，说 `decay` 会被忽略。
#
# > **教程中的一个错误。** 其中一篇教程（seed 001）说 Adam “同时也会对模型的权重进行裁剪”。并非如此：Adam 只改变每一步的大小，依据是梯度及其平方的滑动平均。除非你明确要求（例如用 `MaxNorm` 这样的约束，见第 07 课），或者裁剪梯度（`clipnorm=`），否则没有什么会限制权重的大小。

# %%
trainer.set(l2=0.0, optimizer="rmsprop", learning_rate=0.001)
rmsprop = trainer.train(name="RMSprop")
trainer.set(optimizer="adam")
adam = trainer.train(name="Adam")

# %% [markdown]
# ## 4. 更多隐藏单元
#
# 更宽的层能学到更多模式，但参数也更多：每一步的计算量更大，也更容易过拟合。我们继续使用 Adam，把 128 个单元换成 512 个试试。

# %%
trainer.set(hidden_units=512)
wide = trainer.train(name="Adam, 512 units")

for run in (adam, wide):
    print(f"{run.name:16} parameters {run.model.count_params():,}  training time {run.seconds:.1f}s")

# %% [markdown]
# ## 5. 批大小
#
# 批大小是模型每次更新权重之前看到的图像数量。小批量在每个轮次中带来许多次幅度小、噪声大的更新（每个轮次更慢，但最终结果往往更好）；大批量带来少数几次平稳的更新（每个轮次很快，但可供学习的步数更少）。

# %%
trainer.set(hidden_units=128, batch_size=32)
batch_32 = trainer.train(name="Adam, batch 32")
trainer.set(batch_size=512)
batch_512 = trainer.train(name="Adam, batch 512")

# %% [markdown]
# ## 比较所有运行
#
# 十二次运行的曲线画在一张图上实在太多了。先把所有运行列在一张表里，测试准确率最高的排在最前面（`kteach.run_table`；“用时”一列会因机器而异）。

# %%
ranked = sorted(trainer.runs, key=lambda run: run.test_accuracy, reverse=True)
kteach.run_table(ranked)

# %% [markdown]
# 然后只画那些各自回答一个问题的运行：`kteach.compare_runs` 把它们的训练准确率（实线）和验证准确率（虚线）叠画在一起。哪个优化器学得最快？

# %%
optimizers = kteach.compare_runs([baseline, rmsprop, adam], metrics=["accuracy"])

# %% [markdown]
# 训练很多轮次、dropout 和早停各起什么作用？

# %%
long_runs = kteach.compare_runs([baseline, plain_long, dropout_long, dropout_early], metrics=["accuracy"])

# %%
best = max(trainer.runs, key=lambda run: run.test_accuracy)
print("best run:", best.name, round(best.test_accuracy, 4))
print("Adam instead of SGD:            ", gain(adam, baseline))
print("dropout, 20 epochs:             ", gain(dropout_20, baseline))
print(f"dropout, {LONG_EPOCHS} epochs vs none:   ", gain(dropout_long, plain_long))
print("L2 0.01 / L2 0.001:             ", gain(l2_strong, baseline), "/", gain(l2_mild, baseline))
print("512 hidden units:               ", gain(wide, adam))
print("batch 32 / batch 512:           ", gain(batch_32, adam), "/", gain(batch_512, adam))

# %% [markdown]
# 从这些数字中能读出什么（它们都是由上面的运行计算得出的；快速模式的数据少，每个模型都会弱一些，所以请比较差值，而不是准确率的绝对值）：
#
# - **优化器的影响最大。** Adam 和 RMSprop 在 20 个轮次内就达到了学习率为 0.01 的 SGD 达不到的水平，与教程的发现一致。Adam 并不需要更多的轮次，只是每一步迈得更好。
# - **在 20 个轮次时，dropout 没有帮助**：它让每一步更加嘈杂，所以学得更慢（在 README 记录的完整模式运行中，它降低约 2 个百分点；在快速模式的小样本上，差距没有超出偶然范围）。它需要多训练很多轮次，这正是教程训练 250 个轮次的原因。不过，比较一下两次长时间训练就会发现：大部分提升仅靠更多的轮次就能解释。dropout 在此之上带来的提升，在完整模式下约为一个百分点（在 10,000 张测试图像上超出了偶然范围），在快速模式的小样本上则落在偶然范围之内。只有当模型本来会过拟合时，dropout 才会见效。
# - **EarlyStopping 省下的是轮次，而不是准确率。** 验证准确率连续 10 个轮次没有提升，它就放弃；而一次嘈杂的训练（dropout 会让训练变得嘈杂）可能停滞这么久之后又继续提升。上面它那一行说明了它是否停止，以及与继续训练下去的那次相比付出了多少代价：在完整模式下，它在 250 个轮次中的第 107 个左右停止，比继续训练的那次少约 2 个百分点；在快速模式的小样本上，它一直没有停止。更大的 `patience` 是用时间换取稳妥。
# - **L2 对 20 个轮次的训练几乎没有影响。** 只有训练持续得足够久、足以过拟合时，这个惩罚项才有意义；在短时间的训练中，权重始终不会大到让它发挥作用。
# - **宽度和批大小**在这里对结果的影响大约是一个百分点。更宽的网络的参数量是原来的 5.7 倍，每个轮次的耗时也更长（见上表的“用时”一列）。
#
# 每次运行都可以写出能重复它的纯 Keras 代码，供你复制到自己的笔记本中：

# %%
print(adam.code())

# %% [markdown]
# ## 自己动手：超参数面板
#
# 面板把同一个训练器放在一组滑块后面。选好取值，按下 **训练**（Train）按钮，观察实时曲线；**停止**（Stop）按钮会提前结束一次运行，并保留它。每次运行都会加入表格和对比图，代码框会显示如何重复它。（下面的面板是用代码驱动的，这些笔记就是这样生成的：`panel.set(...)`、`panel.train()`。）

# %%
panel = kteach.HyperparameterPanel(trainer)
panel

# %%
panel.set(optimizer="adam", learning_rate=0.001, dropout=0.2, hidden_units=256, batch_size=64, epochs=N_EPOCH)
run = panel.train()

# %% [markdown]
# **下一课：** 第 03 课从图像转向文本：用 LSTM 读电影评论。

# %% [markdown]
# ## 练习
#
# 四道练习，由易到难：修改每个代码单元格并运行，`kteach.check` 会用一句话给出判断。`kteach.hint("02.1")` 给出提示，用完提示后 `kteach.solution("02.1")` 给出参考答案，`kteach.progress()` 列出你已答对的练习。

# %% [markdown]
# ### 02.1 · 简单：测试时的 dropout
#
# 某一层后面接着 `Dropout(0.3)`。在 `evaluate` 或 `predict` 运行时，dropout 会关掉这一层多大比例的输出？给出一个 0 到 1 之间的数。

# %%
share_dropped_at_test = ...
kteach.check("02.1", share_dropped_at_test)

# %% [markdown]
# ### 02.2 · 简单：L2 惩罚
#
# 创建一个 64 个单元的 `Dense` 层，它的权重带有 0.001 的 L2 惩罚。

# %%
layer = ...
kteach.check("02.2", layer)

# %% [markdown]
# ### 02.3 · 中等：网络中的 dropout
#
# 搭建第 01 课的网络（两个各有 128 个 ReLU 单元的隐藏层（hidden layer），一个 10 个单元的 softmax 输出层），并在每个隐藏层之后加一个 `Dropout(0.3)` 层。

# %%
dropout_model = ...
kteach.check("02.3", dropout_model)

# %% [markdown]
# ### 02.4 · 中等：从训练历史中看出过拟合
#
# 下面是一次 10 个轮次的训练的历史。模型从哪里开始过拟合？`EarlyStopping(monitor="val_loss", restore_best_weights=True)` 会保留哪一轮的权重？从 `history` 算出这一轮（轮次从 1 开始数）。

# %%
history = {
    "loss": [0.92, 0.51, 0.38, 0.31, 0.26, 0.22, 0.19, 0.16, 0.14, 0.12],
    "val_loss": [0.61, 0.45, 0.39, 0.36, 0.37, 0.39, 0.42, 0.46, 0.49, 0.53],
}
best_epoch = ...  # 你会保留其权重的那一轮
kteach.check("02.4", best_epoch, history)
