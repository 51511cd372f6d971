"""Learning-rate schedules (issue 7): values by hand, names, bad values, use in train.

Epochs count from 0; ``schedule(epoch)`` is the learning rate used during that epoch.
"""
import math
import re

import pytest

from network import Network
from network.optimizers import SGD
from network.schedules import (Constant, CosineDecay, ExponentialDecay, InverseTimeDecay,
                               StepDecay, get_schedule)


def values(schedule, epochs):
    result = []
    for epoch in epochs:
        result.append(schedule(epoch))
    return result


# ----- values worked by hand -----------------------------------------------------------

def test_constant():
    assert values(Constant(0.1), [0, 1, 7, 1000]) == [0.1, 0.1, 0.1, 0.1]


def test_step_decay():
    # lr * gamma ** (epoch // step_size): epoch // 2 = 0, 0, 1, 1, 2, 2
    got = values(StepDecay(0.1, 2, 0.5), range(6))
    assert got == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025], rel=1e-15)


def test_step_decay_default_gamma_is_a_half():
    # step_size 3: epoch // 3 = 0, 0, 0, 1, 1, 1, 2 -> 1, 1, 1, 0.5, 0.5, 0.5, 0.25
    got = values(StepDecay(1.0, 3), range(7))
    assert got == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]


def test_exponential_decay():
    # 0.1 * 0.9 ** epoch: 0.1, 0.09, 0.081, 0.0729
    got = values(ExponentialDecay(0.1, 0.9), range(4))
    assert got == pytest.approx([0.1, 0.09, 0.081, 0.0729], rel=1e-14)


def test_inverse_time_decay():
    # 0.1 / (1 + 0.5 * epoch): 0.1 / 1, / 1.5, / 2, / 2.5, / 3
    got = values(InverseTimeDecay(0.1, 0.5), range(5))
    assert got == pytest.approx([0.1, 0.1 / 1.5, 0.05, 0.04, 0.1 / 3], rel=1e-15)


def test_inverse_time_decay_zero_is_constant():
    assert values(InverseTimeDecay(0.1, 0.0), [0, 5, 50]) == [0.1, 0.1, 0.1]


def test_cosine_decay():
    # 0.1 * (1 + cos(pi * epoch / 10)) / 2
    #   epoch 0: (1 + 1) / 2 = 1        -> 0.1
    #   epoch 2: cos(36 deg) = (1 + sqrt 5) / 4 = 0.80901699... -> 0.1 * 1.809017 / 2 = 0.0904508
    #   epoch 5: cos(90 deg) = 0         -> 0.05
    #   epoch 8: cos(144 deg) = -0.80901699...                   -> 0.0095491...
    #   epoch 10: cos(180 deg) = -1      -> 0;  after that: the minimum, 0
    schedule = CosineDecay(0.1, 10)
    cos36 = (1 + math.sqrt(5)) / 4
    assert schedule(0) == pytest.approx(0.1, rel=1e-15)
    assert schedule(2) == pytest.approx(0.1 * (1 + cos36) / 2, rel=1e-14)
    # The same number in closed form: 0.05 * (1 + (1 + sqrt 5) / 4) = (5 + sqrt 5) / 80.
    assert schedule(2) == pytest.approx((5 + math.sqrt(5)) / 80, rel=1e-14)
    assert f"{schedule(2):.7f}" == "0.0904508"      # the digits worked out above
    assert schedule(5) == pytest.approx(0.05, rel=1e-14)
    assert schedule(8) == pytest.approx(0.1 * (1 - cos36) / 2, rel=1e-12)
    assert schedule(10) == pytest.approx(0.0, abs=1e-17)
    assert schedule(11) == 0.0
    assert schedule(100) == 0.0


def test_cosine_decay_with_a_minimum():
    # 0.01 + (0.1 - 0.01) * (1 + cos(pi * epoch / 10)) / 2
    #   epoch 0: 0.1;  epoch 5: 0.01 + 0.09 / 2 = 0.055;  epoch 10 and after: 0.01
    schedule = CosineDecay(0.1, 10, min_learning_rate=0.01)
    assert schedule(0) == pytest.approx(0.1, rel=1e-15)
    assert schedule(5) == pytest.approx(0.055, rel=1e-14)
    assert schedule(10) == pytest.approx(0.01, rel=1e-14)
    assert schedule(20) == 0.01


def test_cosine_decay_is_monotone_down_to_the_minimum():
    got = values(CosineDecay(0.3, 25, min_learning_rate=0.05), range(30))
    for earlier, later in zip(got, got[1:]):
        assert later <= earlier
    assert got[0] == pytest.approx(0.3) and got[-1] == pytest.approx(0.05)


def test_repr_shows_the_numbers():
    assert "0.25" in repr(Constant(0.25))
    text = repr(StepDecay(0.25, 3, 0.75))
    assert "0.25" in text and "3" in text and "0.75" in text
    assert "0.875" in repr(ExponentialDecay(0.25, 0.875))
    assert "0.375" in repr(InverseTimeDecay(0.25, 0.375))
    text = repr(CosineDecay(0.25, 40, min_learning_rate=0.125))
    assert "0.25" in text and "40" in text and "0.125" in text


# ----- get_schedule ------------------------------------------------------------------

def test_get_schedule_by_name():
    assert isinstance(get_schedule("constant", 0.1, epochs=10), Constant)
    step = get_schedule("step", 0.1, epochs=10, step_size=2, gamma=0.5)
    assert isinstance(step, StepDecay)
    assert values(step, range(6)) == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
    exponential = get_schedule("exponential", 0.1, epochs=10, gamma=0.9)
    assert isinstance(exponential, ExponentialDecay)
    assert exponential(2) == pytest.approx(0.081, rel=1e-14)
    inverse = get_schedule("inverse_time", 0.1, epochs=10, decay=0.5)
    assert isinstance(inverse, InverseTimeDecay)
    assert inverse(2) == pytest.approx(0.05, rel=1e-15)
    cosine = get_schedule("cosine", 0.1, epochs=10)
    assert isinstance(cosine, CosineDecay)
    # the cosine's horizon is the epochs given: 0.05 half-way, 0 at the end
    assert cosine(5) == pytest.approx(0.05, rel=1e-14)
    assert cosine(10) == pytest.approx(0.0, abs=1e-17)


def test_get_schedule_unknown_name():
    with pytest.raises(ValueError) as info:
        get_schedule("warmup", 0.1, epochs=10)
    assert "warmup" in str(info.value)


# ----- bad values --------------------------------------------------------------------

BAD = [
    (lambda: StepDecay(0.1, 2, 0.0), "gamma"),
    (lambda: StepDecay(0.1, 2, -0.5), "gamma"),
    (lambda: StepDecay(0.1, 2, 1.5), "gamma"),
    (lambda: StepDecay(0.1, 0, 0.5), "step_size"),
    (lambda: StepDecay(0.1, -1, 0.5), "step_size"),
    (lambda: ExponentialDecay(0.1, 0.0), "gamma"),
    (lambda: ExponentialDecay(0.1, 1.1), "gamma"),
    (lambda: ExponentialDecay(0.1, float("nan")), "gamma"),
    (lambda: InverseTimeDecay(0.1, -0.1), "decay"),
    (lambda: CosineDecay(0.1, 0), "epochs"),
    (lambda: CosineDecay(0.1, -5), "epochs"),
    (lambda: CosineDecay(0.1, 10, min_learning_rate=-0.01), "min_learning_rate"),
    (lambda: CosineDecay(0.1, 10, min_learning_rate=0.2), "min_learning_rate"),
    (lambda: Constant(-0.1), "learning_rate"),
    (lambda: Constant(0.0), "learning_rate"),
    (lambda: StepDecay(-0.1, 2, 0.5), "learning_rate"),
    (lambda: ExponentialDecay(float("nan"), 0.9), "learning_rate"),
]


@pytest.mark.parametrize("make, parameter", BAD, ids=[f"{i}-{b[1]}" for i, b in enumerate(BAD)])
def test_bad_values_name_the_parameter(make, parameter):
    with pytest.raises(ValueError) as info:
        make()
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", str(info.value))
    assert parameter in words, str(info.value)


def test_edge_values_are_accepted():
    StepDecay(0.1, 1, 1.0)                       # gamma = 1 and step_size = 1 are allowed
    ExponentialDecay(0.1, 1.0)
    InverseTimeDecay(0.1, 0.0)
    CosineDecay(0.1, 1)
    CosineDecay(0.1, 10, min_learning_rate=0.1)  # min == lr is allowed


# ----- schedules inside Network.train ------------------------------------------------

X = [[1.0, 2.0], [-1.0, 0.5]]
Y = [1.0, 0.0]


def one_neuron():
    return Network([2, 1], activation="identity", loss="mse",
                   weights=[[[0.5, -0.3]]], biases=[[0.1]])


class RecordingSGD(SGD):
    """SGD that writes down the learning rate it is asked to use at every step."""

    def __init__(self, learning_rate):
        super().__init__(learning_rate)
        self.seen = []

    def step(self, neurons, batch_size=1):
        self.seen.append(self.learning_rate)
        super().step(neurons, batch_size)


def sgd_by_hand(learning_rates_per_epoch):
    """Plain SGD on the one-neuron problem, one sample per step, A then B each epoch."""
    w1, w2, b1 = 0.5, -0.3, 0.1
    for lr in learning_rates_per_epoch:
        for x, y in zip(X, Y):
            y_pred = w1 * x[0] + w2 * x[1] + b1
            d = -2.0 * (y - y_pred)           # dL/dy_pred for L = (y - y_pred)^2
            w1, w2, b1 = w1 - lr * d * x[0], w2 - lr * d * x[1], b1 - lr * d
    return w1, w2, b1


def test_train_with_a_schedule_object():
    expected_rates = [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    opt = RecordingSGD(0.1)
    net = one_neuron()
    history = net.train(X, Y, epochs=6, learning_rate=0.1, batch_size=1, optimizer=opt,
                        schedule=StepDecay(0.1, 2, 0.5))
    assert history.learning_rate == pytest.approx(expected_rates, rel=1e-15)
    # two steps per epoch, each at that epoch's rate
    per_step = []
    for lr in expected_rates:
        per_step.extend([lr, lr])
    assert opt.seen == pytest.approx(per_step, rel=1e-15)
    o1 = net.neurons[0]
    w1, w2, b1 = sgd_by_hand(expected_rates)
    assert o1.weights[0] == pytest.approx(w1, rel=1e-12)
    assert o1.weights[1] == pytest.approx(w2, rel=1e-12)
    assert o1.bias == pytest.approx(b1, rel=1e-12)


def test_train_with_a_schedule_by_name():
    # "cosine" over the training's 10 epochs, starting at train's learning_rate
    net = one_neuron()
    opt = RecordingSGD(0.1)
    history = net.train(X, Y, epochs=10, learning_rate=0.1, batch_size=2, optimizer=opt,
                        schedule="cosine")
    expected = []
    for epoch in range(10):
        expected.append(0.1 * (1 + math.cos(math.pi * epoch / 10)) / 2)
    assert history.learning_rate == pytest.approx(expected, rel=1e-12)
    assert opt.seen == pytest.approx(expected, rel=1e-12)   # one batch of 2 per epoch


def test_train_without_a_schedule_keeps_the_rate():
    net = one_neuron()
    history = net.train(X, Y, epochs=3, learning_rate=0.05, batch_size=1)
    assert history.learning_rate == [0.05, 0.05, 0.05]
    o1 = net.neurons[0]
    w1, w2, b1 = sgd_by_hand([0.05, 0.05, 0.05])
    assert o1.weights[0] == pytest.approx(w1, rel=1e-12)
    assert o1.bias == pytest.approx(b1, rel=1e-12)
