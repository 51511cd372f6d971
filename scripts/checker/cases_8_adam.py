"""Exercise 8: one Adam update for one parameter, with its bias correction.

Your ``adam_update(w, g, m, v, t, learning_rate, beta1, beta2, epsilon)`` returns the
new (w, m, v). It is plugged into Adam.step: the replacement below is Adam.step's own
loop over every neuron's parameters [w1, ..., wn, b] (network/optimizers.py), with
your update for each. The cases: three steps of one parameter worked by hand (each
step starts from the right state, so one wrong step does not spoil the next), one
step with a large epsilon (to see where it goes), three Adam steps on Alice, and 5
epochs of training with Adam.
"""
from __future__ import annotations

from typing import Callable, Dict, List, Tuple

from checker.cases import Case, Exercise, check_hand_rows, training_case
from checker.comparing import show
from checker.diagnosis import Row
from checker.loading import StudentError
from checker.mistakes import ADAM_UPHILL, Mistake, adam_by_hand, adam_mistakes
from checker.patching import patched
from checker.walkthrough import (ALICE_PARAMETERS, ALICE_X, ALICE_Y, OTHER_X, OTHER_Y,
                                 alice_network, other_network, people_network)
from datasets import people
from network.network import Network
from network.optimizers import Adam
from neuron.neuron import Neuron

REAL_STEP = Adam.step              # the project's own: the reference solution


def solution(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    """The project's Adam.step on a neuron with one weight w whose gradient is g."""
    neuron = Neuron([w], 0.0, "identity", "p")
    neuron.weight_grads = [g]
    adam = Adam(learning_rate, beta1, beta2, epsilon)
    adam.load_state_dict({"name": "adam", "t": t - 1, "hyperparameters": {},
                          "slots": {"p": {"names": ["w1", "b"], "m": [m, 0.0],
                                          "v": [v, 0.0]}}})
    REAL_STEP(adam, [neuron], 1)
    state = adam.state["w1"]
    return neuron.weights[0], state["m"], state["v"]


def adam_result(result, function: str) -> Tuple[float, float, float]:
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise StudentError(function, f"{function} returned {show(result)}; it must return "
                                     f"the three numbers (w, m, v)")
    return result[0], result[1], result[2]


def plug(students):
    """Inside it, Adam.step calls your adam_update for every parameter."""
    adam_update = students["adam_update"]

    def step(self, neurons, batch_size=1):
        # Adam.step's loop (network/optimizers.py), with your update for each parameter.
        self.check_neurons(neurons)
        self.t += 1
        for neuron in neurons:
            slots = self._slots(neuron)
            m, v = slots["m"], slots["v"]
            values = neuron.weights + [neuron.bias]
            grads = neuron.weight_grads + [neuron.bias_grad]
            self.decay(values)
            for i in range(len(values)):
                g = grads[i] / batch_size
                values[i], m[i], v[i] = adam_result(
                    adam_update(values[i], g, m[i], v[i], self.t, self.learning_rate,
                                self.beta1, self.beta2, self.epsilon), adam_update.name)
            neuron.weights[:] = values[:-1]
            neuron.bias = values[-1]

    return lambda: patched(Adam, "step", step)


def steps_case(students, w: float, gradients: List[float], learning_rate: float,
               epsilon: float, by_hand: bool = True) -> List[Row]:
    """Steps t = 1, 2, ... on one parameter; each step starts from the right state, so
    that one wrong step does not spoil the next."""
    student = students["adam_update"]
    beta1, beta2 = 0.9, 0.999
    m = v = 0.0
    rows = []
    for t, g in enumerate(gradients, start=1):
        arguments = (w, g, m, v, t, learning_rate, beta1, beta2, epsilon)
        expected = solution(*arguments)
        hand = adam_by_hand(*arguments) if by_hand else (None, None, None)
        try:
            got = adam_result(student(*arguments), student.name)
        except StudentError as error:    # keep the rows of the steps before
            rows.append(Row.from_error(error))
            break
        wrong = adam_mistakes(*arguments)
        for k, what in enumerate(("m", "v")):
            mistakes = [Mistake(values[k + 1], explanation) for explanation, values in wrong]
            rows.append(Row(f"{what} after step {t}", got[k + 1], expected[k + 1],
                            mistakes=mistakes, hand=hand[k + 1]))
        mistakes = [Mistake(values[0], explanation) for explanation, values in wrong]
        mistakes.append(Mistake(w + (w - expected[0]), ADAM_UPHILL))
        rows.append(Row(f"w after step {t}", got[0], expected[0],
                        factors=[f"m after step {t}", f"v after step {t}"],
                        mistakes=mistakes, baseline=w, hand=hand[0]))
        w, m, v = expected
    check_hand_rows(rows, "Adam")
    return rows


def network_case(students, make: Callable[[], Network], x, y) -> List[Row]:
    """Three Adam steps (learning rate 0.1) on one sample: the nine parameters after."""
    def run() -> Dict[str, float]:
        net = make()
        net.train([list(x)], [y], epochs=3, optimizer=Adam(0.1))
        return {name: net.get_parameter(name) for name in ALICE_PARAMETERS}

    expected = run()
    with plug(students)():
        got = run()
    before = {name: make().get_parameter(name) for name in ALICE_PARAMETERS}
    rows = []
    for name in ALICE_PARAMETERS:
        rows.append(Row(f"{name} after 3 steps", got[name], expected[name],
                        baseline=before[name]))
    return rows


def cases(students) -> List[Case]:
    adam = plug(students)
    return [
        # Step 1, g = 0.5: m = 0.1 * 0.5 = 0.05; v = 0.001 * 0.25 = 0.00025;
        #   m_hat = 0.05 / (1 - 0.9) = 0.5; v_hat = 0.00025 / (1 - 0.999) = 0.25;
        #   w = 1 - 0.1 * 0.5 / (sqrt(0.25) + 1e-8) = 1 - 0.1 * 0.99999998 = 0.900000002.
        # Step 2, g = -0.25: m = 0.045 - 0.025 = 0.02; v = 0.00024975 + 0.0000625 = 0.00031225;
        #   m_hat = 0.02 / 0.19 = 0.105263; v_hat = 0.00031225 / 0.001999 = 0.156203;
        #   w = 0.9 - 0.1 * 0.105263 / 0.395225 = 0.9 - 0.026634 = 0.873366.
        # Step 3, g = 1: m = 0.018 + 0.1 = 0.118; v = 0.000311938 + 0.001 = 0.001311938;
        #   m_hat = 0.118 / 0.271 = 0.435424; v_hat = 0.001311938 / 0.002997001 = 0.437750;
        #   w = 0.873366 - 0.1 * 0.435424 / 0.661627 = 0.873366 - 0.065811 = 0.807555.
        Case("One parameter by hand: w = 1, gradients 0.5, -0.25, 1 at t = 1, 2, 3; "
             "learning rate 0.1, beta1 0.9, beta2 0.999, epsilon 1e-8",
             lambda: steps_case(students, 1.0, [0.5, -0.25, 1.0], 0.1, 1e-8),
             lambda: steps_case(students, -0.5, [0.2, -0.7, 0.1], 0.05, 1e-8, by_hand=False)),
        # epsilon 0.01 is large enough to see where it goes: w = 1 - 0.1 * 0.5 / (0.5 + 0.01)
        # = 1 - 0.098039 = 0.901961 (inside the root it would be 1 - 0.1 * 0.5 / 0.509902).
        Case("One step with a large epsilon = 0.01: w = 1, g = 0.5",
             lambda: steps_case(students, 1.0, [0.5], 0.1, 0.01),
             lambda: steps_case(students, 2.0, [0.3], 0.1, 0.02, by_hand=False)),
        Case("Alice in the 2-2-1 network, 3 Adam steps at learning rate 0.1",
             lambda: network_case(students, alice_network, ALICE_X, ALICE_Y),
             lambda: network_case(students, other_network, OTHER_X, OTHER_Y)),
        Case("Training on the four people with Adam (learning rate 0.05), 5 epochs, "
             "2 samples per batch",
             # By name, so that each run builds its own Adam (with its own m, v and t).
             lambda: training_case(people_network(0), *people(), adam, epochs=5,
                                   batch_size=2, optimizer="adam", learning_rate=0.05),
             lambda: training_case(people_network(1), *people(), adam, epochs=5,
                                   batch_size=2, optimizer="adam", learning_rate=0.05)),
    ]


EXERCISE = Exercise(
    8, "ex8_adam_step.py", "one Adam update, with its bias correction",
    ["adam_update"], {"adam_update": solution}, cases,
    hints={"ZeroDivisionError": "1 - beta1^t is 0 only at t = 0: t counts the steps from 1, "
                                "and is given to you",
           "ValueError:sqrt": "v is a running mean of g * g, which is never negative; "
                              "epsilon goes outside the root: sqrt(v_hat) + epsilon"})
