"""Lesson 05's exercises: a convolution's output shape and parameters, images for Conv2D, a small CNN.

Each exercise below holds its id, difficulty, hints, reference solution and the mistakes learners
make; its check is the function just above it.
"""

from __future__ import annotations

import numpy as np

from kteach.exercises import answers
from kteach.exercises.exercise import EASY, HARD, MEDIUM, Exercise, Mistake, NotYet
from kteach.i18n import tr

SETUP = """
import numpy as np
import keras
import kteach

(x_train, y_train), (x_test, y_test) = kteach.load_fashion_mnist()
"""

CONV_PARAMETERS = 3 * 3 * 32 * 64 + 64  # 18,496


def check_conv_shape(answer: object) -> str:
    """05.1: the output shape of Conv2D(32, (3, 3)) on a 28x28x1 image, padding "valid"."""
    shape = tuple(int(size) for size in answers.array(answer, tr("a shape such as (height, width, channels)")).ravel())
    if shape == (26, 26, 32):
        return tr("(26, 26, 32): a 3x3 filter fits 26 times across 28 pixels, and each of the 32 filters makes one channel.")
    if shape == (28, 28, 32):
        raise NotYet(tr("(28, 28, 32) is what padding=\"same\" gives; with \"valid\" a 3x3 filter trims one pixel off every border"))
    if len(shape) == 3 and shape[-1] != 32:
        raise NotYet(tr("your shape has {channels} channels; each of the 32 filters makes one channel", channels=shape[-1]))
    raise NotYet(tr("{shape} is not it: give (height, width, channels) after the convolution", shape=shape))


def check_conv_parameters(answer: object) -> str:
    """05.2: the parameters of Conv2D(64, (3, 3)) on 32 input channels."""
    value = answers.number(answer)
    if value == CONV_PARAMETERS:
        return tr("{count:,}: 64 filters of 3 x 3 x 32 weights, plus 64 biases.", count=CONV_PARAMETERS)
    if value == CONV_PARAMETERS - 64:
        raise NotYet(tr("{value:,.0f} counts the weights but not the biases: every filter adds one bias", value=value))
    if value == 3 * 3 * 64 + 64:
        raise NotYet(tr("{value:,.0f} forgets the input channels: each filter spans all 32 channels, so it has 3 x 3 x 32 weights", value=value))
    raise NotYet(tr("{value:,.0f} is not it: filters x (3 x 3 x input channels) + filters", value=value))


def check_conv_images(answer: object, raw: object) -> str:
    """05.3: the raw test images shaped (count, 28, 28, 1) and scaled to [0, 1] for Conv2D."""
    images = answers.array(answer, tr("an image array"))
    originals = answers.array(raw, tr("x_test"))
    wanted = (len(originals), 28, 28, 1)
    if images.shape != wanted:
        raise NotYet(tr("your array is shaped {shape}; Conv2D needs (count, height, width, channels): {wanted}", shape=images.shape, wanted=wanted))
    if images.max() > 1:
        raise NotYet(tr("your pixels go up to {top:g}: divide by 255 so they lie in [0, 1]", top=float(images.max())))
    if not np.allclose(images, originals[..., np.newaxis] / 255, atol=1e-6):
        raise NotYet(tr("the shape and scale are right but the pixels differ from x_test / 255: start from x_test itself"))
    return tr("{shape}, pixels in [0, 1]: ready for Conv2D.", shape=images.shape)


def check_small_cnn(answer: object) -> str:
    """05.4: a small CNN: Conv2D, MaxPooling2D, Flatten and a softmax over 10 classes."""
    import keras

    model = answers.model(answer)
    shape = answers.input_shape(model)
    if shape != (None, 28, 28, 1):
        raise NotYet(tr("the model takes inputs shaped {shape}; the images are (None, 28, 28, 1): keras.Input(shape=(28, 28, 1))", shape=answers.shape_text(shape)))
    if not answers.layers_of(model, keras.layers.Conv2D):
        raise NotYet(tr("the model has no Conv2D layer"))
    if not answers.layers_of(model, keras.layers.MaxPooling2D):
        raise NotYet(tr("the model has no MaxPooling2D layer to halve the feature maps"))
    output = answers.output_shape(model)
    if len(output) != 2:
        raise NotYet(tr("the output shape is {shape}: the Dense layer worked on every pixel; put Flatten() before it", shape=answers.shape_text(output)))
    if output != (None, 10) or answers.dense_plan(model)[-1][1] != "softmax":
        raise NotYet(tr("the output is {shape}; the exercise asks for 10 class probabilities: Dense(10, activation=\"softmax\")", shape=answers.shape_text(output)))
    return tr("a CNN from 28x28x1 images to 10 probabilities: {count:,} parameters.", count=model.count_params())


def exercises() -> list[Exercise]:
    """Lesson 05's exercises, easy to hard."""
    cnn = 'small_cnn = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(16, (3, 3), activation="relu"), {layers}keras.layers.Dense(10, activation="softmax")])\nkteach.check("05.4", small_cnn)'
    return [
        Exercise(
            id="05.1",
            difficulty=EASY,
            check=check_conv_shape,
            hints=(
                tr("With padding=\"valid\" a 3x3 filter fits only where it lies entirely on the image."),
                tr("28 - 3 + 1 positions per side; one channel per filter."),
            ),
            solution='shape = (26, 26, 32)\nkteach.check("05.1", shape)',
            mistakes=(
                Mistake('kteach.check("05.1", (28, 28, 32))', "padding=\"same\""),
                Mistake('kteach.check("05.1", (26, 26, 1))', "each of the 32 filters makes one channel"),
            ),
        ),
        Exercise(
            id="05.2",
            difficulty=EASY,
            check=check_conv_parameters,
            hints=(
                tr("A filter covers 3 x 3 pixels of every input channel."),
                tr("64 filters x (3 x 3 x 32) weights, plus one bias per filter."),
            ),
            solution='parameters = 64 * (3 * 3 * 32) + 64\nkteach.check("05.2", parameters)',
            mistakes=(
                Mistake('kteach.check("05.2", 64 * 3 * 3 * 32)', "not the biases"),
                Mistake('kteach.check("05.2", 3 * 3 * 64 + 64)', "forgets the input channels"),
            ),
        ),
        Exercise(
            id="05.3",
            difficulty=MEDIUM,
            check=check_conv_images,
            context=("x_test",),
            hints=(
                tr("Conv2D wants (count, height, width, channels); greyscale images have one channel."),
                tr("x_test[..., np.newaxis] adds the channel axis; .astype(\"float32\") / 255 scales."),
            ),
            solution='images = x_test[..., np.newaxis].astype("float32") / 255\nkteach.check("05.3", images, x_test)',
            mistakes=(
                Mistake('kteach.check("05.3", x_test.reshape(len(x_test), -1) / 255, x_test)', "Conv2D needs (count, height, width, channels)"),
                Mistake('kteach.check("05.3", x_test[..., np.newaxis], x_test)', "divide by 255"),
            ),
        ),
        Exercise(
            id="05.4",
            difficulty=HARD,
            check=check_small_cnn,
            hints=(
                tr("keras.Input(shape=(28, 28, 1)), then Conv2D and MaxPooling2D, then the classifier."),
                tr("Dense layers work on the last axis only: Flatten() turns the feature maps into one vector first."),
                tr("Input, Conv2D(16, (3, 3), relu), MaxPooling2D((2, 2)), Flatten(), Dense(10, softmax)"),
            ),
            solution=cnn.format(layers="keras.layers.MaxPooling2D((2, 2)), keras.layers.Flatten(), "),
            mistakes=(
                Mistake(cnn.format(layers="keras.layers.MaxPooling2D((2, 2)), "), "put Flatten() before it"),
                Mistake(cnn.format(layers="keras.layers.Flatten(), "), "no MaxPooling2D layer"),
            ),
        ),
    ]
