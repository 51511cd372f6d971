// The page's Python, in a Web Worker so that the page never freezes while it runs.
//
// 1. Load Pyodide (CPython compiled to WebAssembly) from where config.json says.
// 2. Write the project's own files (neuron/, network/, datasets/: config.json lists
//    them) into Pyodide's file system, unchanged, and app.py beside them.
// 3. Answer the page's messages {id, call, args} by calling app.call(name, json),
//    and train in chunks: a few batches of the fit loop, then a look at the messages
//    (Pause arrives here), then the next chunk.

let app = null;          // the Python module app.py
let running = false;     // training the 2-D playground
let digitsRunning = false;
let generation = 0;      // counts resets: a picture of an older run is not drawn
let loops = 0;           // counts training loops: only the newest one goes on

const HOME = "/home/pyodide/project";
const CHUNK_MS = 40;     // aim for chunks of about this long
const VIEW_MS = 150;     // send a picture at most this often while training

function post(message) { self.postMessage(message); }

function python(name, args) {
  const answer = JSON.parse(app.call(name, JSON.stringify(args || {})));
  if ("error" in answer) throw new Error(answer.error);
  return answer.ok;
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function start() {
  const config = await (await fetch("config.json")).json();
  post({event: "status", text: `Loading Python (Pyodide ${config.pyodide_version})...`});
  const base = new URL(config.pyodide, self.location.href).href;   // "pyodide/" or the CDN
  const { loadPyodide } = await import(base + "pyodide.mjs");
  const pyodide = await loadPyodide({indexURL: base});
  const files = config.files.concat(config.data);
  post({event: "status", text: `Writing the project's ${config.files.length} Python files...`});
  const contents = await Promise.all(files.map((path) => fetchBytes("py/" + path)));
  files.forEach((path, i) => {
    const parts = path.split("/");
    for (let k = 1; k < parts.length; k++) {
      pyodide.FS.mkdirTree(HOME + "/" + parts.slice(0, k).join("/"));
    }
    pyodide.FS.writeFile(HOME + "/" + path, contents[i]);
  });
  pyodide.FS.writeFile(HOME + "/app.py", await fetchBytes("app.py"));
  pyodide.runPython(`import sys; sys.path.insert(0, "${HOME}")`);
  app = pyodide.pyimport("app");
  const version = pyodide.runPython("import sys; sys.version.split()[0]");
  post({event: "ready", python: version, files: config.files});
}

function sleep0() { return new Promise((resolve) => setTimeout(resolve, 0)); }

// Train the 2-D playground until paused, done or diverged.
async function trainLoop(id, since) {
  let batches = 1;
  let lastView = performance.now();
  const mine = ++loops;
  const run = generation;
  while (running && mine === loops && run === generation) {
    const started = performance.now();
    const result = python("train", {max_batches: batches});
    const took = performance.now() - started;
    // the next chunk: about CHUNK_MS long, whatever this machine's speed
    batches = Math.max(1, Math.min(5000, Math.round(batches * CHUNK_MS / Math.max(took, 1))));
    if (result.done || result.error) running = false;
    if (!running || performance.now() - lastView > VIEW_MS) {
      const view = python("view", {since});
      since = view.losses_from + view.losses.length;
      post({event: "view", view, generation});
      lastView = performance.now();
    }
    await sleep0();     // let a Pause in
  }
  if (mine === loops) post({event: "stopped", id, generation: run});
}

async function digitsLoop() {
  let batches = 10;
  while (digitsRunning) {
    const started = performance.now();
    const progress = python("digits_train", {max_batches: batches});
    const took = performance.now() - started;
    batches = Math.max(1, Math.min(2000, Math.round(batches * 100 / Math.max(took, 1))));
    post({event: "digits_progress", progress});
    if (progress.done) {
      digitsRunning = false;
      post({event: "digits_trained", accuracy: python("digits_test_accuracy", {n: 500}),
            weights: python("digits_hidden_weights", {})});
    }
    await sleep0();
  }
}

self.onmessage = async (event) => {
  const {id, call, args} = event.data;
  try {
    if (call === "train") {
      if (!running) { running = true; trainLoop(id, args.since); }
      else post({id, result: null});
      return;
    }
    if (call === "pause") { running = false; post({id, result: null}); return; }
    if (call === "digits_start") {
      const progress = python("digits_start_training", args);
      post({id, result: progress});
      digitsRunning = true;
      digitsLoop();
      return;
    }
    if (call === "digits_stop") { digitsRunning = false; post({id, result: null}); return; }
    if (call === "reset") { running = false; generation += 1; }
    post({id, result: python(call, args), generation});
  } catch (error) {
    post({id, error: String(error.message || error)});
  }
};

start().catch((error) => post({event: "failed", text: String(error.message || error)}));
