"""The eight exercises, by number, in the order to do them.

  1  cases_1_feedforward.py      Neuron.feedforward: z = w1*x1 + ... + wn*xn + b, output = g(z)
  2  cases_2_derivatives.py      the slopes g'(z) of sigmoid, tanh and ReLU
  3  cases_3_mse.py              dL/dy_pred of the mean squared error
  4  cases_4_backprop.py         Neuron.backprop: d_output_d_z, d_loss_d_z, dL/dwi, dL/db
  5  cases_5_input_gradients.py  Layer.input_gradients: dL/dx_i = sum_j dL/dz_j * w_ji
  6  cases_6_softmax.py          softmax, and dL/dz_k = p_k - y_k for cross entropy
  7  cases_7_sgd.py              SGD.step: w <- w - learning_rate * (summed dL/dw) / batch_size
  8  cases_8_adam.py             one Adam update, with its bias correction
"""
from __future__ import annotations

from typing import Dict

from checker import (cases_1_feedforward, cases_2_derivatives, cases_3_mse, cases_4_backprop,
                     cases_5_input_gradients, cases_6_softmax, cases_7_sgd, cases_8_adam)
from checker.cases import Exercise

EXERCISES: Dict[int, Exercise] = {}
for _module in (cases_1_feedforward, cases_2_derivatives, cases_3_mse, cases_4_backprop,
                cases_5_input_gradients, cases_6_softmax, cases_7_sgd, cases_8_adam):
    EXERCISES[_module.EXERCISE.number] = _module.EXERCISE
