// The page: controls, pictures, and messages to the Python in worker.js.
//
// No arithmetic of the network happens here. The worker runs the project's Python
// (app.py calls Network, Fit, trace, neuron_output_grid) and sends plain numbers; this
// file only turns them into pictures and text. Everything it draws comes from the
// last "view" the Python sent.

const $ = (selector) => document.querySelector(selector);
const worker = new Worker("worker.js", {type: "module"});
const pending = new Map();   // message id -> {resolve, reject}
let nextId = 1;

const page = {
  ready: false,
  view: null,          // the last picture the Python sent
  losses: [],          // every epoch's loss so far
  generation: 0,       // the worker's run number of this view
  training: false,
  selected: null,      // the weight whose dL/dw is shown
  edges: [],           // [x1, y1, x2, y2, name] of each drawn edge, for clicks
  digitsReady: false,
  exampleIndex: 0,
  hiddenWeights: [],
};

function call(name, args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, {resolve, reject});
    worker.postMessage({id, call: name, args: args || {}});
  });
}

// Counts the page's own actions still running (a reset, a step, an explanation).
page.busy = 0;
function busy(action) {
  return async (...args) => {
    page.busy += 1;
    try { return await action(...args); } finally { page.busy -= 1; }
  };
}

function status(text, isError) {
  const line = $("#status");
  line.textContent = text;
  line.classList.toggle("error", Boolean(isError));
}

worker.onmessage = (event) => {
  const message = event.data;
  if (message.event) { onEvent(message); }
  if (message.id && pending.has(message.id) && !message.event) {
    const {resolve, reject} = pending.get(message.id);
    pending.delete(message.id);
    if ("error" in message) reject(new Error(message.error)); else resolve(message);
  }
};
worker.onerror = (event) => status(`The Python worker failed: ${event.message}`, true);

function onEvent(message) {
  if (message.event === "status") status(message.text);
  else if (message.event === "failed") status(`Could not start Python: ${message.text}`, true);
  else if (message.event === "ready") onReady(message);
  else if (message.event === "view") {
    if (message.generation === page.generation) show(message.view);
  } else if (message.event === "stopped") {
    if (message.generation === page.generation) stopped();
  } else if (message.event === "digits_progress") digitsProgress(message.progress);
  else if (message.event === "digits_trained") digitsTrained(message);
}

// ----- the 2-D playground -----------------------------------------------------------------

function settings() {
  const form = $("#settings");
  const hidden = form.hidden.value.split(/[\s,]+/).filter((part) => part !== "");
  return {
    dataset: form.dataset.value,
    hidden: hidden.map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
    activation: form.activation.value,
    loss: form.loss.value,
    learning_rate: Number(form.learning_rate.value),
    optimizer: form.optimizer.value,
    schedule: form.schedule.value,
    batch_size: Number(form.batch_size.value),
    l2: Number(form.l2.value),
    dropout: Number(form.dropout.value),
    epochs: Number(form.epochs.value),
    seed: Number(form.seed.value),
    shuffle: form.shuffle.checked,
  };
}

const reset = busy(async () => {
  page.training = false;
  page.stopping = false;
  setTrainButton();
  try {
    const answer = await call("reset", {settings: settings()});
    page.generation = answer.generation;
    page.losses = [];
    page.selected = null;
    $("#chain").replaceChildren();
    $("#trace").textContent = "";
    $("#run-code-result").textContent = "After training to the last epoch: runs this " +
      "code here, uninterrupted, and compares its weights with the page's.";
    $("#run-code-result").dataset.same = "";
    $("#trace-note").textContent = "Press One step: the page trains one batch and shows " +
      "the trace of the project's own trace() for it.";
    show(answer.result);
    status(`Python ${page.python} is ready: a new run from the seed's weights.`);
  } catch (error) {
    status(error.message, true);
  }
});

function setTrainButton() {
  $("#train").textContent = page.training ? "Pause" : "Train";
  $("#step").disabled = page.training || !page.ready;
}

async function train() {
  if (page.training) {            // Pause: the worker stops after its current chunk
    page.training = false;
    page.stopping = true;         // until its "stopped" message and last picture
    setTrainButton();
    await call("pause");
    return;
  }
  if (page.view && page.view.done) { status("This run has ended: press Reset to train again."); return; }
  page.training = true;
  page.stopping = false;
  setTrainButton();
  if ($("#trace").textContent) {
    $("#trace-note").textContent = "The trace below is of an earlier step; press One " +
      "step (after Pause) for the trace of the step the page takes next.";
  }
  worker.postMessage({id: nextId++, call: "train", args: {since: page.losses.length}});
}

const stopped = busy(async () => {
  page.training = false;
  setTrainButton();
  const answer = await call("view", {since: page.losses.length});
  show(answer.result);
  page.stopping = false;
});

const oneStep = busy(async () => {
  try {
    const answer = await call("step");
    const result = answer.result;
    $("#trace-note").textContent = result.note;
    $("#trace").textContent = result.trace || "";
    const view = await call("view", {since: page.losses.length});
    show(view.result);
    if (page.selected) explain(page.selected);
  } catch (error) {
    status(error.message, true);
  }
});

function show(view) {
  if (view.losses_from === 0) page.losses = [];
  page.losses = page.losses.slice(0, view.losses_from).concat(view.losses);
  page.view = view;
  drawNetwork();
  drawOutput();
  drawLoss();
  showWeights();
  $("#code").textContent = view.code;
  const accuracy = view.accuracy === null ? "-" : `${(100 * view.accuracy).toFixed(1)}%`;
  const loss = view.loss === null ? "-" : view.loss_repr;
  $("#numbers").textContent =
    `epoch ${view.epoch} of ${view.epochs}${view.done ? " (done)" : ""}, ` +
    `${view.batches} batches\nloss ${loss}\naccuracy ${accuracy}\n` +
    `learning rate ${view.learning_rate}`;
  $("#numbers").dataset.loss = loss;
  $("#numbers").dataset.epoch = view.epoch;
  $("#numbers").dataset.done = view.done;
  if (view.error) status(view.error, true);
  if (view.done && page.training) { page.training = false; setTrainButton(); }
}

function showWeights() {
  const box = $("#weights");
  box.replaceChildren();
  for (const parameter of page.view.parameters) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${parameter.name} = ${shortNumber(parameter.value)}`;
    button.dataset.name = parameter.name;
    button.dataset.repr = parameter.repr;
    button.title = parameter.repr;
    if (parameter.name === page.selected) button.classList.add("selected");
    button.addEventListener("click", () => explain(parameter.name));
    box.append(button);
  }
}

const explain = busy(async (name) => {
  if (page.training) return;
  page.selected = name;
  try {
    const answer = await call("explain", {name});
    const result = answer.result;
    const box = $("#chain");
    const lines = [document.createElement("p")];
    lines[0].textContent = `${name} = ${result.value}; its dL/d${name} ${result.when}:`;
    lines[0].className = "hint";
    for (const row of result.chain) {
      const line = document.createElement("p");
      line.textContent = row.text;
      line.title = `${row.name} = ${row.value}`;
      lines.push(line);
    }
    box.replaceChildren(...lines);
    for (const button of document.querySelectorAll("#weights button")) {
      button.classList.toggle("selected", button.dataset.name === name);
    }
  } catch (error) {
    status(error.message, true);
  }
});

function shortNumber(value) {
  if (value === 0) return "0";
  const text = Number(value).toPrecision(4);
  return String(Number(text));
}

const runCode = busy(async () => {
  const box = $("#run-code-result");
  box.textContent = "running the code in one go...";
  try {
    const answer = await call("run_code");
    const result = answer.result;
    box.textContent = `One uninterrupted fit.run(): final loss ${result.loss_repr}; ` +
      (result.same ? "every weight and bias is the page's, bit for bit."
                   : "the weights DIFFER from the page's run.");
    box.dataset.same = String(result.same);
  } catch (error) {
    box.textContent = error.message.replace(/^ValueError: /, "");
    box.dataset.same = "";
  }
});

// ----- drawing ------------------------------------------------------------------------------

function scale() { return document.body.classList.contains("projector") ? 1.6 : 1; }

// A canvas whose drawing buffer matches its size on the screen; returns its context
// in CSS pixels.
function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, canvas.clientWidth, canvas.clientHeight);
  return context;
}

// The project's colours: class 0 blue, class 1 red (network/plots/_common.py), and a
// neuron's output from blue (low) through white to red (high), as its plots draw it.
function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function colourOf(value, low, high) {
  const [blue, red] = page.view.class_colors.map(hexToRgb);
  let t = high > low ? (value - low) / (high - low) : 0.5;
  t = Math.min(1, Math.max(0, t));
  const end = t < 0.5 ? blue : red;
  const amount = t < 0.5 ? (0.5 - t) * 2 : (t - 0.5) * 2;   // 0 at the middle: white
  return end.map((c) => Math.round(255 + (c - 255) * amount));
}

// A neuron's grid (row 0 at the bottom) as a small image, to scale into a circle.
function gridImage(values, size, low, high) {
  const image = document.createElement("canvas");
  image.width = size;
  image.height = size;
  const context = image.getContext("2d");
  const pixels = context.createImageData(size, size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const [r, g, b] = colourOf(values[row * size + col], low, high);
      const at = ((size - 1 - row) * size + col) * 4;    // row 0 is the bottom
      pixels.data[at] = r; pixels.data[at + 1] = g; pixels.data[at + 2] = b; pixels.data[at + 3] = 255;
    }
  }
  context.putImageData(pixels, 0, 0);
  return image;
}

// The input x1 (or x2) over the plane: the same picture for an input "neuron".
function inputGrid(which) {
  const view = page.view;
  const size = view.grid_size;
  const [x1min, x1max, x2min, x2max] = view.bounds;
  const values = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      values.push(which === 0 ? x1min + (col + 0.5) * (x1max - x1min) / size
                              : x2min + (row + 0.5) * (x2max - x2min) / size);
    }
  }
  return gridImage(values, size, which === 0 ? x1min : x2min, which === 0 ? x1max : x2max);
}

function drawNetwork() {
  const view = page.view;
  const canvas = $("#network");
  const context = prepare(canvas);
  const width = canvas.clientWidth, height = canvas.clientHeight;
  const k = scale();
  const layers = [[{name: "x1", input: 0}, {name: "x2", input: 1}]];
  for (let layer = 1; layer < view.sizes.length; layer++) {
    layers.push(view.neurons.filter((neuron) => neuron.layer === layer));
  }
  const tallest = Math.max(...layers.map((layer) => layer.length));
  const radius = Math.max(6, Math.min(height / (tallest * 2.6), width / (layers.length * 3.2), 48 * k));
  const positions = {};
  layers.forEach((layer, column) => {
    const x = width * (column + 0.5) / layers.length;
    layer.forEach((node, j) => {
      const y = height * (j + 0.5) / layer.length;
      positions[node.name] = [x, y];
    });
  });
  // edges first, under the circles: colour by sign, width by |w|
  const values = {};
  for (const parameter of view.parameters) values[parameter.name] = parameter.value;
  let largest = 0;
  for (const neuron of view.neurons) {
    for (const name of neuron.weights) largest = Math.max(largest, Math.abs(values[name]));
  }
  const [negative, positive] = view.weight_colors;
  const labelled = view.parameters.length <= 13;
  page.edges = [];
  for (const neuron of view.neurons) {
    const sources = layers[neuron.layer - 1];
    neuron.weights.forEach((name, i) => {
      const [xa, ya] = positions[sources[i].name];
      const [xb, yb] = positions[neuron.name];
      const w = values[name];
      context.strokeStyle = w >= 0 ? positive : negative;
      context.lineWidth = k * (0.5 + 6 * Math.abs(w) / (largest || 1));
      if (name === page.selected) context.lineWidth += 3;
      context.beginPath();
      context.moveTo(xa, ya);
      context.lineTo(xb, yb);
      context.stroke();
      page.edges.push([xa, ya, xb, yb, name]);
      if (labelled) {
        const t = 0.3 + 0.4 * (i / Math.max(1, neuron.weights.length - 1));
        context.font = `${Math.round(11 * k)}px system-ui, sans-serif`;
        context.fillStyle = "#333";
        context.textAlign = "center";
        context.fillText(name, xa + (xb - xa) * (1 - t), ya + (yb - ya) * (1 - t) - 3);
      }
    });
  }
  // circles with each neuron's own output over the plane inside
  layers.forEach((layer) => {
    for (const node of layer) {
      const [x, y] = positions[node.name];
      const image = "input" in node ? inputGrid(node.input)
        : gridImage(node.grid, view.grid_size, node.range[0], node.range[1]);
      context.save();
      context.beginPath();
      context.arc(x, y, radius, 0, 2 * Math.PI);
      context.clip();
      context.imageSmoothingEnabled = true;
      context.drawImage(image, x - radius, y - radius, 2 * radius, 2 * radius);
      context.restore();
      context.beginPath();
      context.arc(x, y, radius, 0, 2 * Math.PI);
      context.lineWidth = 1.5 * k;
      context.strokeStyle = "#333";
      context.stroke();
      context.font = `bold ${Math.round(12 * k)}px system-ui, sans-serif`;
      context.fillStyle = "#111";
      context.textAlign = "center";
      const label = "input" in node ? node.name : `${node.name} (${node.bias})`;
      context.fillText(label, x, y + radius + 13 * k);
    }
  });
  const key = $("#network-key");
  key.innerHTML = "";
  key.append(
    swatch(positive), ` positive weight, `, swatch(negative), ` negative; thickness grows ` +
    `with |w| (largest |w| = ${shortNumber(largest)}). Inside each circle: that neuron's ` +
    `output at every point of the plane, blue low, white middle, red high ` +
    `(sigmoid 0 to 1, tanh -1 to 1).`);
}

function swatch(colour) {
  const box = document.createElement("span");
  box.className = "swatch";
  box.style.background = colour;
  return box;
}

function drawOutput() {
  const view = page.view;
  const canvas = $("#output");
  const context = prepare(canvas);
  const size = canvas.clientWidth;
  const output = view.neurons[view.neurons.length - 1];
  context.imageSmoothingEnabled = true;
  context.drawImage(gridImage(output.grid, view.grid_size, 0, 1), 0, 0, size, size);
  const [x1min, x1max, x2min, x2max] = view.bounds;
  const k = scale();
  view.X.forEach((x, i) => {
    const px = (x[0] - x1min) / (x1max - x1min) * size;
    const py = size - (x[1] - x2min) / (x2max - x2min) * size;
    const label = view.Y[i] >= 0.5 ? 1 : 0;
    const r = (view.X.length > 20 ? 4 : 8) * k;
    context.beginPath();
    if (view.class_markers[label] === "^") {          // class 1: a triangle
      context.moveTo(px, py - 1.2 * r);
      context.lineTo(px + 1.1 * r, py + 0.8 * r);
      context.lineTo(px - 1.1 * r, py + 0.8 * r);
      context.closePath();
    } else {
      context.arc(px, py, r, 0, 2 * Math.PI);
    }
    context.fillStyle = view.class_colors[label];
    context.fill();
    context.lineWidth = 1.5 * k;
    context.strokeStyle = "#111";
    context.stroke();
  });
  context.fillStyle = "#111";
  context.font = `${Math.round(11 * k)}px system-ui, sans-serif`;
  context.textAlign = "left";
  context.fillText(`x1 from ${shortNumber(x1min)} to ${shortNumber(x1max)}`, 4, size - 4);
  context.save();
  context.translate(12 * k, size - 4);
  context.rotate(-Math.PI / 2);
  context.fillText(`x2 from ${shortNumber(x2min)} to ${shortNumber(x2max)}`, 18 * k, 0);
  context.restore();
}

function drawLoss() {
  const canvas = $("#loss");
  const context = prepare(canvas);
  const width = canvas.clientWidth, height = canvas.clientHeight;
  const k = scale();
  const losses = page.losses.filter((value) => value > 0);
  const left = 44 * k, bottom = height - 22 * k, top = 8, right = width - 8;
  context.strokeStyle = "#999";
  context.lineWidth = 1;
  context.strokeRect(left, top, right - left, bottom - top);
  context.font = `${Math.round(11 * k)}px system-ui, sans-serif`;
  context.fillStyle = "#333";
  if (losses.length === 0) {
    context.textAlign = "center";
    context.fillText("no epoch yet", (left + right) / 2, (top + bottom) / 2);
    return;
  }
  let low = Math.floor(Math.log10(Math.min(...losses)));
  let high = Math.ceil(Math.log10(Math.max(...losses)));
  if (high === low) high = low + 1;
  const y = (value) => bottom - (Math.log10(value) - low) / (high - low) * (bottom - top);
  const n = page.losses.length;
  const x = (epoch) => left + (n > 1 ? epoch / (n - 1) : 0.5) * (right - left);
  context.textAlign = "right";
  const every = Math.max(1, Math.ceil((high - low) / 6));
  for (let power = low; power <= high; power += every) {
    context.strokeStyle = "#e4e4e4";
    context.beginPath();
    context.moveTo(left, y(10 ** power));
    context.lineTo(right, y(10 ** power));
    context.stroke();
    context.fillText(`1e${power}`, left - 3, y(10 ** power) + 4);
  }
  context.textAlign = "center";
  context.fillText(`epoch 0 .. ${n - 1}`, (left + right) / 2, height - 4);
  context.strokeStyle = page.view.class_colors[0];
  context.lineWidth = 2 * k;
  context.beginPath();
  const stride = Math.max(1, Math.floor(n / 1000));
  let started = false;
  for (let epoch = 0; epoch < n; epoch += stride) {
    const value = page.losses[epoch];
    if (!(value > 0)) continue;
    if (started) context.lineTo(x(epoch), y(value)); else context.moveTo(x(epoch), y(value));
    started = true;
  }
  context.lineTo(x(n - 1), y(Math.max(page.losses[n - 1], 10 ** low)));
  context.stroke();
}

// A click on an edge of the network picture explains that weight.
$("#network").addEventListener("click", (event) => {
  const rect = event.currentTarget.getBoundingClientRect();
  const px = event.clientX - rect.left, py = event.clientY - rect.top;
  let best = null, bestDistance = 8;
  for (const [xa, ya, xb, yb, name] of page.edges) {
    const dx = xb - xa, dy = yb - ya;
    const t = Math.max(0, Math.min(1, ((px - xa) * dx + (py - ya) * dy) / (dx * dx + dy * dy)));
    const distance = Math.hypot(px - (xa + t * dx), py - (ya + t * dy));
    if (distance < bestDistance) { best = name; bestDistance = distance; }
  }
  if (best) explain(best);
});

// ----- digits ------------------------------------------------------------------------------

const pad = $("#pad");
// The pad is read back after every stroke: a context made for frequent reading.
const padContext = pad.getContext("2d", {willReadFrequently: true});
const ink = new Uint8ClampedArray(784);     // 0 = no ink .. 255 = full ink, as MNIST
const BRUSH = 1.4;                          // the pen's radius, in pixels of the 28 x 28 grid

// What you see is the input: each of the 28 x 28 pixels, ink drawn dark on white.
function paintPad() {
  const image = padContext.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const shade = 255 - ink[i];
    image.data[4 * i] = shade; image.data[4 * i + 1] = shade; image.data[4 * i + 2] = shade;
    image.data[4 * i + 3] = 255;
  }
  padContext.putImageData(image, 0, 0);
}

// The network reads the pad itself: its pixels, ink = 255 - shade.
function readPad() {
  const data = padContext.getImageData(0, 0, 28, 28).data;
  const pixels = [];
  for (let i = 0; i < 784; i++) pixels.push(255 - data[4 * i]);
  return pixels;
}

function inkAt(x, y) {
  for (let row = Math.floor(y - BRUSH - 1); row <= Math.ceil(y + BRUSH + 1); row++) {
    for (let col = Math.floor(x - BRUSH - 1); col <= Math.ceil(x + BRUSH + 1); col++) {
      if (row < 0 || row > 27 || col < 0 || col > 27) continue;
      const distance = Math.hypot(col + 0.5 - x, row + 0.5 - y);
      const amount = Math.max(0, 1 - distance / (BRUSH + 0.6));
      ink[row * 28 + col] = Math.max(ink[row * 28 + col], Math.round(255 * Math.min(1, amount * 1.6)));
    }
  }
}

let lastPoint = null;
let classifyTimer = null;
function padPoint(event) {
  const rect = pad.getBoundingClientRect();
  return [(event.clientX - rect.left) / rect.width * 28, (event.clientY - rect.top) / rect.height * 28];
}
pad.addEventListener("pointerdown", (event) => {
  pad.setPointerCapture(event.pointerId);
  lastPoint = padPoint(event);
  inkAt(...lastPoint);
  paintPad();
});
pad.addEventListener("pointermove", (event) => {
  if (lastPoint === null) return;
  const point = padPoint(event);
  const steps = Math.max(1, Math.ceil(Math.hypot(point[0] - lastPoint[0], point[1] - lastPoint[1]) * 4));
  for (let s = 1; s <= steps; s++) {
    inkAt(lastPoint[0] + (point[0] - lastPoint[0]) * s / steps, lastPoint[1] + (point[1] - lastPoint[1]) * s / steps);
  }
  lastPoint = point;
  paintPad();
  if (classifyTimer === null) classifyTimer = setTimeout(() => { classifyTimer = null; classify(); }, 120);
});
const penUp = () => { if (lastPoint !== null) { lastPoint = null; classify(); } };
pad.addEventListener("pointerup", penUp);
pad.addEventListener("pointercancel", penUp);

$("#clear").addEventListener("click", () => { ink.fill(0); paintPad(); classify(); });

async function showExample() {
  try {
    const answer = await call("digits_example", {i: page.exampleIndex});
    const example = answer.result;
    page.exampleIndex += 1;
    drawPixels(example.pixels);
    $("#example-label").textContent =
      `Held-out bundled digit ${example.index} (labelled ${example.label}), drawn onto the pad.`;
  } catch (error) {
    status(error.message, true);
  }
}

// Put 784 pixels (0..255 ink) onto the pad, as if drawn, and classify what the pad shows.
function drawPixels(pixels) {
  for (let i = 0; i < 784; i++) ink[i] = pixels[i];
  paintPad();
  return classify();
}

const classify = busy(async () => {
  if (!page.hasDigitModel) return null;
  try {
    const answer = await call("digits_classify", {pixels: readPad()});
    showProbabilities(answer.result);
    return answer.result;
  } catch (error) {
    status(error.message, true);
    return null;
  }
});

function showProbabilities(result) {
  const box = $("#probabilities");
  box.replaceChildren();
  result.probabilities.forEach((p, digit) => {
    const label = document.createElement("span");
    label.textContent = digit;
    const bar = document.createElement("span");
    bar.className = "bar";
    const fill = document.createElement("span");
    fill.style.width = `${(100 * p).toFixed(1)}%`;
    bar.append(fill);
    const value = document.createElement("span");
    value.textContent = `${(100 * p).toFixed(1)}%`;
    value.dataset.repr = result.probabilities_repr[digit];
    if (digit === result.digit) { label.className = "best"; value.className = "best"; }
    box.append(label, bar, value);
  });
  box.dataset.digit = result.digit;
  // the hidden neurons, most active first
  const order = result.hidden.map((neuron, i) => [neuron.output, i]).sort((a, b) => b[0] - a[0]);
  const largest = Math.max(1e-9, ...result.hidden.map((neuron) => neuron.output));
  const hiddenBox = $("#hidden");
  hiddenBox.replaceChildren();
  let fired = 0;
  for (const [output, i] of order) {
    if (output > 0) fired += 1;
    const figure = document.createElement("figure");
    const picture = page.hiddenWeights[i];
    const canvas = document.createElement("canvas");
    canvas.width = 28; canvas.height = 28;
    if (picture) canvas.getContext("2d").putImageData(picture, 0, 0);
    const strength = Math.max(0, output) / largest;
    canvas.style.borderColor = `rgba(255, 160, 0, ${strength.toFixed(3)})`;
    canvas.style.opacity = String(0.25 + 0.75 * strength);
    const caption = document.createElement("figcaption");
    caption.textContent = `${result.hidden[i].name} ${shortNumber(output)}`;
    figure.append(canvas, caption);
    hiddenBox.append(figure);
  }
  hiddenBox.dataset.fired = fired;
}

function digitsProgress(progress) {
  $("#d-progress").value = progress.digits_done / progress.digits_total;
  $("#d-status").textContent = `trained on ${progress.digits_done} of ` +
    `${progress.digits_total} digits (epoch ${progress.epoch})`;
}

function digitsTrained(message) {
  $("#d-train").disabled = false;
  $("#d-stop").disabled = true;
  $("#d-progress").value = 1;
  setHiddenWeights(message.weights.neurons, message.weights.weight_colors);
  page.hasDigitModel = true;
  $("#d-status").textContent += `\ndone: ${(100 * message.accuracy.accuracy).toFixed(1)}% ` +
    `right on ${message.accuracy.n} held-out digits`;
  $("#d-status").dataset.done = "true";
  classify();
}

function setHiddenWeights(neurons, colours) {
  const [negative, positive] = colours.map(hexToRgb);
  page.hiddenWeights = neurons.map((neuron) => {
    let largest = 1e-9;
    for (const w of neuron.weights) largest = Math.max(largest, Math.abs(w));
    const image = new ImageData(28, 28);
    neuron.weights.forEach((w, i) => {
      const t = 0.5 + 0.5 * w / largest;     // the project's weight colours, white at 0
      const [r, g, b] = t < 0.5 ? mix(negative, (0.5 - t) * 2) : mix(positive, (t - 0.5) * 2);
      image.data.set([r, g, b, 255], 4 * i);
    });
    return image;
  });
}

function mix(colour, amount) { return colour.map((c) => Math.round(255 + (c - 255) * amount)); }

$("#d-train").addEventListener("click", async () => {
  $("#d-train").disabled = true;
  $("#d-stop").disabled = false;
  $("#d-status").dataset.done = "false";
  try {
    const answer = await call("digits_start", {
      hidden: Number($("#d-hidden").value), n_train: Number($("#d-count").value),
      epochs: Number($("#d-epochs").value), learning_rate: Number($("#d-rate").value)});
    $("#d-status").textContent = answer.result.source;
  } catch (error) {
    status(error.message, true);
    $("#d-train").disabled = false;
  }
});
$("#d-stop").addEventListener("click", async () => {
  await call("digits_stop");
  $("#d-train").disabled = false;
  $("#d-stop").disabled = true;
  $("#d-status").textContent += "\nstopped";
});
$("#d-model").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    const answer = await call("digits_load_model", {text: await file.text(), name: file.name});
    const weights = await call("digits_hidden_weights");
    setHiddenWeights(weights.result.neurons, weights.result.weight_colors);
    page.hasDigitModel = true;
    $("#d-status").textContent = `loaded ${answer.result.source}`;
    $("#d-status").dataset.done = "true";
    classify();
  } catch (error) {
    status(error.message, true);
  }
});
$("#example").addEventListener("click", showExample);

// ----- the page around them -------------------------------------------------------------------

function onReady(message) {
  page.ready = true;
  page.python = message.python;
  $("#python-version").textContent = `run by Python ${message.python} (Pyodide) from ` +
    `${message.files.length} of the project's files.`;
  for (const id of ["#train", "#step", "#reset", "#run-code", "#example", "#d-train", "#d-model"]) {
    $(id).disabled = false;
  }
  paintPad();
  reset();
}

for (const element of $("#settings").elements) {
  if (element.name) element.addEventListener("change", reset);
}
$("#train").addEventListener("click", train);
$("#step").addEventListener("click", oneStep);
$("#reset").addEventListener("click", reset);
$("#run-code").addEventListener("click", runCode);

for (const tab of document.querySelectorAll(".tab")) {
  tab.addEventListener("click", () => {
    for (const other of document.querySelectorAll(".tab")) {
      other.setAttribute("aria-selected", String(other === tab));
      $("#" + other.dataset.tab).hidden = other !== tab;
    }
    redraw();
  });
}

function setProjector(on) {
  document.body.classList.toggle("projector", on);
  $("#projector").setAttribute("aria-pressed", String(on));
  redraw();
}
$("#projector").addEventListener("click", () => setProjector(!document.body.classList.contains("projector")));
if (new URLSearchParams(location.search).has("projector")) setProjector(true);

function redraw() {
  if (!page.view) return;
  drawNetwork();
  drawOutput();
  drawLoss();
}
new ResizeObserver(redraw).observe($("#network"));

// For the browser tests and the curious: the page's state, read-only.
window.playground = {
  page,
  drawPixels,
  readPad,
  ready: () => page.ready && page.view !== null,
  idle: () => page.ready && page.view !== null && page.busy === 0 && !page.training &&
    !page.stopping,
};
