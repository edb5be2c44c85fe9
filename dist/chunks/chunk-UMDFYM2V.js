import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

// src/cluster/timeouts.ts
var REQUEST_TIMEOUT = "30s";
var READ_TIMEOUT_MS = 12e4;
function durationText(ms) {
  return ms % 6e4 === 0 ? `${ms / 6e4}m` : ms % 1e3 === 0 ? `${ms / 1e3}s` : `${ms}ms`;
}
function stoppedText(what, ms) {
  return `${what} did not finish within ${durationText(ms)} and was stopped`;
}
function timedOutText(res) {
  return /Client\.Timeout exceeded|context deadline exceeded|timeout awaiting response headers/i.test(`${res.stderr}
${res.stdout}`) ? ` (the API server did not answer within --request-timeout ${REQUEST_TIMEOUT})` : "";
}
function stopAtLimit(subprocess, ms) {
  let reached = false;
  const timer = setTimeout(() => {
    reached = true;
    subprocess.kill();
    subprocess.stdout?.destroy();
    subprocess.stderr?.destroy();
  }, ms);
  const clear = () => clearTimeout(timer);
  subprocess.then(clear, clear);
  return { reached: () => reached };
}

export {
  REQUEST_TIMEOUT,
  READ_TIMEOUT_MS,
  stoppedText,
  timedOutText,
  stopAtLimit
};
